using System.CommandLine;
using MasteryPath.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Cli;

/// <summary>The database options every command on the configured database takes: the same as <c>migrate</c>'s, with the same environment variables.</summary>
internal sealed class DatabaseOptions
{
    public Option<string> Provider { get; } = new("--provider")
    {
        Description = "'postgres' or 'sqlite'. Default: $MASTERYPATH_DB_PROVIDER, else postgres.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MASTERYPATH_DB_PROVIDER") ?? "postgres",
    };

    public Option<string?> Connection { get; } = new("--connection") { Description = "The connection string. Default: $ConnectionStrings__MasteryPath." };

    public DatabaseOptions() => Provider.AcceptOnlyFromAmong("postgres", "postgresql", "sqlite");

    public void AddTo(Command command)
    {
        command.Options.Add(Provider);
        command.Options.Add(Connection);
    }

    /// <summary>Opens the database named by the options, or says (on stderr) why not and returns null.</summary>
    public MasteryPathDb? Open(ParseResult parse)
    {
        var connection = parse.GetValue(Connection) ?? Environment.GetEnvironmentVariable("ConnectionStrings__MasteryPath");
        if (string.IsNullOrWhiteSpace(connection))
        {
            Console.Error.WriteLine("error: no connection string: pass --connection or set ConnectionStrings__MasteryPath");
            return null;
        }

        return DatabaseSetup.Create(DatabaseSetup.ParseProvider(parse.GetValue(Provider)), connection);
    }

    /// <summary>Opens the database and checks it has no pending migration, or says (on stderr) why not and returns null.</summary>
    public async Task<MasteryPathDb?> OpenMigratedAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var db = Open(parse);
        if (db is null)
        {
            return null;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            Console.Error.WriteLine($"error: the database needs {pending.Count} migration(s): run `masterypath migrate` first");
            await db.DisposeAsync();
            return null;
        }

        return db;
    }
}
