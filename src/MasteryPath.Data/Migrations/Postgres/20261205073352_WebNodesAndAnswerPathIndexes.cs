using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MasteryPath.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WebNodesAndAnswerPathIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_UserId_CourseId_SkillId_CreatedAt",
                table: "Attempts",
                columns: new[] { "UserId", "CourseId", "SkillId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnswerEvents_UserId_CourseId_Sequence",
                table: "AnswerEvents",
                columns: new[] { "UserId", "CourseId", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropIndex(
                name: "IX_Attempts_UserId_CourseId_SkillId_CreatedAt",
                table: "Attempts");

            migrationBuilder.DropIndex(
                name: "IX_AnswerEvents_UserId_CourseId_Sequence",
                table: "AnswerEvents");
        }
    }
}
