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
        var database = new DatabaseOptions();
        var list = new Option<bool>("--list") { Description = "Only list applied and pending migrations." };
        var migrate = new Command("migrate", "Apply the database migrations (PostgreSQL in production, or a SQLite file).");
        database.AddTo(migrate);
        migrate.Options.Add(list);
        migrate.SetAction((parse, cancellationToken) => MigrateAsync(database, parse, parse.GetValue(list), cancellationToken));
        return migrate;
    }

    private static async Task<int> MigrateAsync(DatabaseOptions database, ParseResult parse, bool listOnly, CancellationToken cancellationToken)
    {
        await using var db = database.Open(parse);
        if (db is null)
        {
            return 2;
        }

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
