using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MasteryPath.Data.Migrations.Postgres
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
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StuckAfterWrongInARow",
                table: "Classes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DontKnow",
                table: "Attempts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Misconception",
                table: "Attempts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PresentationSeed",
                table: "Attempts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RetriedAt",
                table: "Attempts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Retries",
                table: "Attempts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "RetryFeedback",
                table: "Attempts",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetryOutcome",
                table: "Attempts",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetryResponse",
                table: "Attempts",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BackgroundJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CourseId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Progress = table.Column<double>(type: "double precision", nullable: false),
                    Stage = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HeartbeatAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackgroundJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LearnerModelVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CourseId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Learners = table.Column<int>(type: "integer", nullable: false),
                    Answers = table.Column<int>(type: "integer", nullable: false),
                    HeldOutLearners = table.Column<int>(type: "integer", nullable: false),
                    FittedScoreJson = table.Column<string>(type: "text", nullable: false),
                    ColdStartScoreJson = table.Column<string>(type: "text", nullable: false),
                    ParametersJson = table.Column<string>(type: "text", nullable: false),
                    RetentionFitJson = table.Column<string>(type: "text", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    ActivatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ActivatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
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
            migrationBuilder.Sql("""UPDATE "Attempts" SET "PresentationSeed" = (random() * 9.0e18)::bigint WHERE "AnsweredAt" IS NULL;""");

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
