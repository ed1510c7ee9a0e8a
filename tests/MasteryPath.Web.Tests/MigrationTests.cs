using System.Diagnostics;
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
            var (exit, output) = await RunCliAsync("migrate", "--provider", provider, "--connection", connectionString);
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

    private static async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        // The test binaries live in tests/X/bin/<Configuration>/net10.0/; the CLI was built beside them.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var cli = Path.Combine(RepositoryPaths.Root, "src", "MasteryPath.Cli", "bin", configuration, "net10.0", "masterypath.dll");
        Assert.True(File.Exists(cli), $"CLI not built at {cli}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

public sealed class SqliteMigrationTests() : MigrationTests(TestDatabase.Sqlite);

public sealed class PostgresMigrationTests() : MigrationTests(TestDatabase.Postgres);
