using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MasteryPath.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneRosterLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OneRosterSourcedId",
                table: "Classes",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OneRosterLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClassId = table.Column<long>(type: "bigint", nullable: false),
                    SourcedId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    LearnerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OneRosterLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OneRosterLinks_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OneRosterLinks_Classes_ClassId",
                        column: x => x.ClassId,
                        principalTable: "Classes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OneRosterLinks_ClassId_SourcedId",
                table: "OneRosterLinks",
                columns: new[] { "ClassId", "SourcedId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OneRosterLinks_LearnerId",
                table: "OneRosterLinks",
                column: "LearnerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OneRosterLinks");

            migrationBuilder.DropColumn(
                name: "OneRosterSourcedId",
                table: "Classes");
        }
    }
}
