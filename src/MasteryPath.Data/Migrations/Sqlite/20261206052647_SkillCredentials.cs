using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SkillCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SkillCredentials",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    CourseId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SkillId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ShownName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MasteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewEventId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Jwt = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RevocationReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkillCredentials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SkillCredentials_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SkillCredentials_RevokedAt",
                table: "SkillCredentials",
                column: "RevokedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SkillCredentials_UserId_CourseId_SkillId",
                table: "SkillCredentials",
                columns: new[] { "UserId", "CourseId", "SkillId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SkillCredentials");
        }
    }
}
