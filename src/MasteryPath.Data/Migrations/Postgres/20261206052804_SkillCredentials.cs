using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Postgres
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
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    CourseId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SkillId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ShownName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    MasteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewEventId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Jwt = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    RevocationReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
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
