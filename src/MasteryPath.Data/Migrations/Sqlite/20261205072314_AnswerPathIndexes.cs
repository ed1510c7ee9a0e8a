using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnswerPathIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
            migrationBuilder.DropIndex(
                name: "IX_Attempts_UserId_CourseId_SkillId_CreatedAt",
                table: "Attempts");

            migrationBuilder.DropIndex(
                name: "IX_AnswerEvents_UserId_CourseId_Sequence",
                table: "AnswerEvents");
        }
    }
}
