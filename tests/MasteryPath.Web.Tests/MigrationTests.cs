using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The schema: applied at start when asked, or by the real `masterypath migrate` command beforehand.</summary>
public abstract class MigrationTests(TestDatabase database)
{
    [SkippableFact]
    public async Task After_start_the_configured_database_has_every_migration_applied()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);

        var (type, applied, pending) = await app.QueryAsync(async db =>
            (db.GetType(), (await db.Database.GetAppliedMigrationsAsync()).ToList(), (await db.Database.GetPendingMigrationsAsync()).ToList()));

        Assert.Equal(database == TestDatabase.Postgres ? typeof(PostgresMasteryPathDb) : typeof(SqliteMasteryPathDb), type);
        Assert.NotEmpty(applied);
        Assert.Empty(pending);
        Assert.Equal(DemoData.Accounts.Count, await app.QueryAsync(db => db.Users.CountAsync()));
        Assert.Equal(1, await app.QueryAsync(db => db.FamilyLinks.CountAsync()));
    }

    [SkippableFact]
    public async Task The_cli_migrates_a_fresh_database_on_which_the_app_then_starts_without_migrating()
    {
        var connectionString = await MasteryPathAppFactory.CreateDatabaseAsync(database);
        try
        {
            var refused = await Record.ExceptionAsync(() => MasteryPathAppFactory.StartAsync(database, migrateOnStart: false, connectionString));
            Assert.NotNull(refused);
            Assert.Contains("masterypath migrate", Messages(refused), StringComparison.Ordinal);

            var provider = database == TestDatabase.Postgres ? "postgres" : "sqlite";
            var (exit, stdout, stderr) = await CliProcess.RunAsync(null, "migrate", "--provider", provider, "--connection", connectionString);
            var output = stdout + stderr;
            Assert.True(exit == 0, output);
            Assert.Contains("up to date", output, StringComparison.Ordinal);

            await using var app = await MasteryPathAppFactory.StartAsync(database, migrateOnStart: false, connectionString);
            Assert.Empty(await app.QueryAsync(async db => (await db.Database.GetPendingMigrationsAsync()).ToList()));
            using var ada = await app.SignInAsync("ada@example.com");
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
            Assert.True((await ada.AnswerCorrectlyAsync(attempt.AttemptId)).Attempt.Verdict!.Correct);
        }
        finally
        {
            await MasteryPathAppFactory.DropDatabaseAsync(database, connectionString);
        }
    }

    [SkippableFact]
    public async Task Assignments_made_before_class_wide_assignments_are_kept_for_their_learner()
    {
        var connectionString = await MasteryPathAppFactory.CreateDatabaseAsync(database);
        var assignedAt = new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);
        try
        {
            var provider = database == TestDatabase.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
            await using (var db = DatabaseSetup.Create(provider, connectionString))
            {
                var migrations = db.Database.GetMigrations().ToList();
                var split = migrations.FindIndex(m => m.EndsWith("_ClassAssignmentsAndAnnouncements", StringComparison.Ordinal));
                Assert.True(split > 0);
                await db.GetService<IMigrator>().MigrateAsync(migrations[split - 1]);

                // The old shape: one row per learner and skill, written as the app wrote it before.
                object At(DateTimeOffset at) => provider == DatabaseProvider.Postgres ? at : new DateTimeOffsetToBinaryConverter().ConvertToProvider(at)!;
                await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO "AspNetUsers" ("Id", "UserName", "DisplayName", "AccessFailedCount", "CreatedAt", "EmailConfirmed", "LockoutEnabled", "MustChangePassword", "PhoneNumberConfirmed", "TwoFactorEnabled")
                    VALUES ('teacher-1', 'teacher', 'Ms T', 0, {0}, TRUE, FALSE, FALSE, FALSE, FALSE), ('learner-1', 'ada', 'Ada', 0, {0}, TRUE, FALSE, FALSE, FALSE, FALSE);
                    INSERT INTO "Classes" ("Id", "Name", "TeacherId", "JoinCode", "BandsJson", "CreatedAt") VALUES (7, 'Period 1', 'teacher-1', 'ABCD1234', '[]', {0});
                    INSERT INTO "Assignments" ("Id", "ClassId", "LearnerId", "CourseId", "SkillId", "AssignedById", "AssignedAt", "Note")
                    VALUES (3, 7, 'learner-1', 'algebra-1', 'one-step-add', 'teacher-1', {0}, 'Warm-up');
                    """,
                    At(assignedAt));
            }

            await using (var db = DatabaseSetup.Create(provider, connectionString))
            {
                await db.Database.MigrateAsync();
                var kept = await db.ClassAssignments.AsNoTracking().Include(a => a.Skills).Include(a => a.Learners).SingleAsync();
                Assert.Equal((7L, "algebra-1", "Warm-up", false, assignedAt, (DateOnly?)null), (kept.ClassId, kept.CourseId, kept.Note, kept.ForWholeClass, kept.AssignedAt, kept.DueOn));
                Assert.Equal(["one-step-add"], kept.Skills.Select(s => s.SkillId));
                Assert.Equal(["learner-1"], kept.Learners.Select(l => l.LearnerId));

                // New assignments get fresh ids after the copied ones (PostgreSQL's identity sequence was moved on).
                db.ClassAssignments.Add(new ClassAssignment { ClassId = 7, CourseId = "algebra-1", Title = "Next", AssignedById = "teacher-1", AssignedAt = assignedAt, ForWholeClass = true });
                await db.SaveChangesAsync();
                Assert.Equal(2, await db.ClassAssignments.CountAsync());
            }
        }
        finally
        {
            await MasteryPathAppFactory.DropDatabaseAsync(database, connectionString);
        }
    }

    private static string Messages(Exception? exception)
    {
        var messages = new List<string>();
        for (; exception is not null; exception = exception.InnerException)
        {
            messages.Add(exception.Message);
        }

        return string.Join(" | ", messages);
    }
}

public sealed class SqliteMigrationTests() : MigrationTests(TestDatabase.Sqlite);

public sealed class PostgresMigrationTests() : MigrationTests(TestDatabase.Postgres);
