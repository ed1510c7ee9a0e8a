using MasteryPath.Data;
using MasteryPath.Data.LearnerModels;
using MasteryPath.Domain.Courses;
using MasteryPath.Web;
using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MasteryPath.Benchmarks;

/// <summary>
/// The database a dashboard benchmark runs on: a SQLite file in a new temporary folder by default, or, when
/// <see cref="PostgresVariable"/> holds a connection string to a PostgreSQL server, a new database on it (created in
/// setup, dropped in cleanup).
/// </summary>
public sealed class BenchDatabase : IDisposable
{
    public const string PostgresVariable = "MASTERYPATH_BENCH_POSTGRES";

    private readonly string? _folder;
    private readonly string? _postgresAdmin;

    private BenchDatabase(DatabaseProvider provider, string connectionString, string? folder, string? postgresAdmin)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _postgresAdmin = postgresAdmin;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static BenchDatabase Create()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            var folder = Directory.CreateTempSubdirectory("mp-bench-").FullName;
            return new BenchDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "bench.db")}", folder, null);
        }

        var name = $"mp_bench_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        return new BenchDatabase(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, null, admin);
    }

    /// <summary>The services a dashboard needs, over this database, migrated.</summary>
    public ServiceProvider Services(Course course)
    {
        var services = new ServiceCollection();
        services.AddMasteryPathDatabase(Provider, ConnectionString);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new CourseCatalog([course]));
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        // Dashboards only read: no writer is started, so writes (there are none) would go straight to the database.
        services.AddOptions<MasteryPathOptions>().Configure(o => o.GroupCommit = false);
        services.AddSingleton<LearnerWriteQueue>();
        services.AddScoped<LearnerWriterScope>();
        services.AddLearnerModelStore();
        services.AddSingleton<LearnerModelRegistry>();
        services.AddSingleton<ClassActivity>();
        services.AddScoped<LearningService>();
        services.AddScoped<TeachingService>();
        services.AddScoped<SchoolOverviewService>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<MasteryPathDb>()).GetAwaiter().GetResult();
        return provider;
    }

    public void Dispose()
    {
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
            return;
        }

        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_postgresAdmin);
        connection.Open();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}
