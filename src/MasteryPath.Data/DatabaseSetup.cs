using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MasteryPath.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Registers the <see cref="MasteryPathDb"/> for a provider and connection string.</summary>
public static class DatabaseSetup
{
    public static DatabaseProvider ParseProvider(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new ArgumentException($"Unknown database provider '{name}': use 'sqlite' or 'postgres'.", nameof(name)),
    };

    public static IServiceCollection AddMasteryPathDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // The options are built once: per scope (EF's default) every request ran the configuration again, parsed the
        // connection string and had EF compare the new options with its cached ones before creating a context.
        return provider switch
        {
            DatabaseProvider.Sqlite => services.AddDbContext<MasteryPathDb, SqliteMasteryPathDb>(o => ConfigureSqlite(o, connectionString), optionsLifetime: ServiceLifetime.Singleton),
            _ => services.AddDbContext<MasteryPathDb, PostgresMasteryPathDb>(o => ConfigurePostgres(o, connectionString), optionsLifetime: ServiceLifetime.Singleton),
        };
    }

    public static MasteryPathDb Create(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteMasteryPathDb(ConfigureSqlite(new DbContextOptionsBuilder<SqliteMasteryPathDb>(), connectionString).Options),
        _ => new PostgresMasteryPathDb(ConfigurePostgres(new DbContextOptionsBuilder<PostgresMasteryPathDb>(), connectionString).Options),
    };

    private static T ConfigureSqlite<T>(T options, string connectionString)
        where T : DbContextOptionsBuilder
    {
        options.UseSqlite(connectionString).AddInterceptors(SqliteStatementCache.Interceptor);
        return options;
    }

    private static T ConfigurePostgres<T>(T options, string connectionString)
        where T : DbContextOptionsBuilder
    {
        options.UseNpgsql(WithPostgresDefaults(connectionString));
        return options;
    }

    /// <summary>
    /// The connection string with the pool settings the answer path needs, where the operator has not chosen them:
    /// statements prepared once per connection instead of parsed and planned on every call, and no reset of the
    /// session each time a connection goes back to the pool (the app keeps no session state on pooled connections).
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers for every keyword it knows, set or not: ask a plain builder.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("maxautoprepare"))
        {
            builder.MaxAutoPrepare = 64;
            if (!given.Contains("autoprepareminusages"))
            {
                builder.AutoPrepareMinUsages = 2;
            }
        }

        if (!given.Contains("noresetonclose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Applies pending migrations; on SQLite also switches the file to write-ahead logging so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(MasteryPathDb db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMasteryPathDb>
{
    public SqliteMasteryPathDb CreateDbContext(string[] args) => (SqliteMasteryPathDb)DatabaseSetup.Create(DatabaseProvider.Sqlite, "Data Source=design.db");
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMasteryPathDb>
{
    public PostgresMasteryPathDb CreateDbContext(string[] args) => (PostgresMasteryPathDb)DatabaseSetup.Create(DatabaseProvider.Postgres, "Host=127.0.0.1;Database=design");
}
