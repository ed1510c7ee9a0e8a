using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IntegrityAlarmsAndLearnerModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReteachMinLearners",
                table: "Classes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StuckAfterWrongInARow",
                table: "Classes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DontKnow",
                table: "Attempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Misconception",
                table: "Attempts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

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

            migrationBuilder.CreateTable(
                name: "BackgroundJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CourseId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Progress = table.Column<double>(type: "REAL", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HeartbeatAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackgroundJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LearnerModelVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CourseId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Learners = table.Column<int>(type: "INTEGER", nullable: false),
                    Answers = table.Column<int>(type: "INTEGER", nullable: false),
                    HeldOutLearners = table.Column<int>(type: "INTEGER", nullable: false),
                    FittedScoreJson = table.Column<string>(type: "TEXT", nullable: false),
                    ColdStartScoreJson = table.Column<string>(type: "TEXT", nullable: false),
                    ParametersJson = table.Column<string>(type: "TEXT", nullable: false),
                    RetentionFitJson = table.Column<string>(type: "TEXT", nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    ActivatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ActivatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearnerModelVersions", x => x.Id);
                });

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

            migrationBuilder.CreateIndex(
                name: "IX_BackgroundJobs_CourseId_Id",
                table: "BackgroundJobs",
                columns: new[] { "CourseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BackgroundJobs_Status_Id",
                table: "BackgroundJobs",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LearnerModelVersions_ActivePerCourse",
                table: "LearnerModelVersions",
                column: "CourseId",
                unique: true,
                filter: "\"IsActive\"");

            migrationBuilder.CreateIndex(
                name: "IX_LearnerModelVersions_CourseId_Version",
                table: "LearnerModelVersions",
                columns: new[] { "CourseId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BackgroundJobs");

            migrationBuilder.DropTable(
                name: "LearnerModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_Attempts_OneOpenPerGroup",
                table: "Attempts");

            migrationBuilder.DropIndex(
                name: "IX_Attempts_OneOpenPerSkillAndMode",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "ReteachMinLearners",
                table: "Classes");

            migrationBuilder.DropColumn(
                name: "StuckAfterWrongInARow",
                table: "Classes");

            migrationBuilder.DropColumn(
                name: "DontKnow",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "Misconception",
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
