using MasteryPath.Data;
using Microsoft.EntityFrameworkCore;
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
        Assert.Equal(6, await app.QueryAsync(db => db.Users.CountAsync()));
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
