using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttemptIntegrityAndRetries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "DontKnow",
                table: "Attempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "PresentationSeed",
                table: "Attempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RetriedAt",
                table: "Attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Retries",
                table: "Attempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "RetryFeedback",
                table: "Attempts",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetryOutcome",
                table: "Attempts",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetryResponse",
                table: "Attempts",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            // Questions opened twice by racing requests before this index existed: keep the newest open one of each.
            migrationBuilder.Sql("""
                DELETE FROM "Attempts" WHERE "Id" IN (
                    SELECT "Id" FROM (
                        SELECT "Id", ROW_NUMBER() OVER (PARTITION BY "UserId", "CourseId", "SkillId", "Mode" ORDER BY "CreatedAt" DESC, "Id" DESC) AS "Rank"
                        FROM "Attempts"
                        WHERE "AnsweredAt" IS NULL AND "Mode" IN ('Practice', 'MasteryCheck', 'Review', 'Enrichment')) AS "Ranked"
                    WHERE "Rank" > 1);
                DELETE FROM "Attempts" WHERE "Id" IN (
                    SELECT "Id" FROM (
                        SELECT "Id", ROW_NUMBER() OVER (PARTITION BY "UserId", "GroupId" ORDER BY "CreatedAt" DESC, "Id" DESC) AS "Rank"
                        FROM "Attempts"
                        WHERE "AnsweredAt" IS NULL AND "Mode" IN ('Placement', 'DailyQuiz')) AS "Ranked"
                    WHERE "Rank" > 1);
                """);

            // Open questions get their own random presentation; answered ones keep seed 0 (their stored answers use authored keys).
            migrationBuilder.Sql("""UPDATE "Attempts" SET "PresentationSeed" = random() WHERE "AnsweredAt" IS NULL;""");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_OneOpenPerGroup",
                table: "Attempts",
                columns: new[] { "UserId", "GroupId" },
                unique: true,
                filter: "\"AnsweredAt\" IS NULL AND \"Mode\" IN ('Placement', 'DailyQuiz')");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_OneOpenPerSkillAndMode",
                table: "Attempts",
                columns: new[] { "UserId", "CourseId", "SkillId", "Mode" },
                unique: true,
                filter: "\"AnsweredAt\" IS NULL AND \"Mode\" IN ('Practice', 'MasteryCheck', 'Review', 'Enrichment')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Attempts_OneOpenPerGroup",
                table: "Attempts");

            migrationBuilder.DropIndex(
                name: "IX_Attempts_OneOpenPerSkillAndMode",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "DontKnow",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "PresentationSeed",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "RetriedAt",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "Retries",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "RetryFeedback",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "RetryOutcome",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "RetryResponse",
                table: "Attempts");
        }
    }
}
