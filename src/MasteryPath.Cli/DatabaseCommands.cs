using System.CommandLine;
using MasteryPath.Data;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`migrate`: brings a production database up to the app's schema (the embedded SQLite default migrates itself).</summary>
internal static class DatabaseCommands
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "'postgres' or 'sqlite'. Default: $MASTERYPATH_DB_PROVIDER, else postgres.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MASTERYPATH_DB_PROVIDER") ?? "postgres" };
        provider.AcceptOnlyFromAmong("postgres", "postgresql", "sqlite");
        var connection = new Option<string?>("--connection") { Description = "The connection string. Default: $ConnectionStrings__MasteryPath." };
        var list = new Option<bool>("--list") { Description = "Only list applied and pending migrations." };
        var migrate = new Command("migrate", "Apply the database migrations (PostgreSQL in production, or a SQLite file).");
        migrate.Options.Add(provider);
        migrate.Options.Add(connection);
        migrate.Options.Add(list);
        migrate.SetAction((parse, cancellationToken) => MigrateAsync(parse.GetValue(provider)!, parse.GetValue(connection), parse.GetValue(list), cancellationToken));
        return migrate;
    }

    private static async Task<int> MigrateAsync(string providerName, string? connection, bool listOnly, CancellationToken cancellationToken)
    {
        connection ??= Environment.GetEnvironmentVariable("ConnectionStrings__MasteryPath");
        if (string.IsNullOrWhiteSpace(connection))
        {
            Console.Error.WriteLine("error: no connection string: pass --connection or set ConnectionStrings__MasteryPath");
            return 2;
        }

        var provider = DatabaseSetup.ParseProvider(providerName);
        await using var db = DatabaseSetup.Create(provider, connection);
        try
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            var table = new Table().AddColumn("Migration").AddColumn("State");
            applied.ForEach(m => table.AddRow(m, "applied"));
            pending.ForEach(m => table.AddRow(m, listOnly ? "pending" : "applying"));
            AnsiConsole.Write(table);
            if (!listOnly && pending.Count > 0)
            {
                await DatabaseSetup.MigrateAsync(db, cancellationToken);
            }

            AnsiConsole.MarkupLine(listOnly ? $"{pending.Count} pending migration(s)." : $"Database is up to date ({applied.Count + pending.Count} migrations).");
            return 0;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
