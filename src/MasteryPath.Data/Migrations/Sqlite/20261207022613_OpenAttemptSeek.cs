using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OpenAttemptSeek : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Attempts_UserId_CourseId_SkillId_Mode",
                table: "Attempts");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_UserId_CourseId_SkillId_Mode_AnsweredAt",
                table: "Attempts",
                columns: new[] { "UserId", "CourseId", "SkillId", "Mode", "AnsweredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Attempts_UserId_CourseId_SkillId_Mode_AnsweredAt",
                table: "Attempts");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_UserId_CourseId_SkillId_Mode",
                table: "Attempts",
                columns: new[] { "UserId", "CourseId", "SkillId", "Mode" });
        }
    }
}
