using MasteryPath.Data;
using MasteryPath.Domain.Items;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace MasteryPath.Web.Tests;

public enum TestDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real web app over a real database: a SQLite file in a temporary folder or a fresh PostgreSQL database,
/// with a fake clock the tests move forward. The database is removed when the factory is disposed.
/// </summary>
public sealed class MasteryPathAppFactory : WebApplicationFactory<Program>
{
    // Loading and checking the course folders takes seconds; every app in the test run serves the same courses.
    private static readonly Lazy<CourseCatalog> Catalog = new(() => CourseCatalog.Load(RepositoryPaths.Courses));

    private readonly bool _migrateOnStart;
    private readonly bool _ownsDatabase;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private MasteryPathAppFactory(TestDatabase database, string connectionString, bool migrateOnStart, bool ownsDatabase, IReadOnlyDictionary<string, string>? settings)
    {
        Database = database;
        ConnectionString = connectionString;
        _migrateOnStart = migrateOnStart;
        _ownsDatabase = ownsDatabase;
        _settings = settings ?? new Dictionary<string, string>();
    }

    /// <summary>The setting that names the environment in <see cref="StartAsync"/>'s settings (Development unless given).</summary>
    public const string EnvironmentSetting = "environment";

    /// <summary>The setting that names a courses folder for the catalog in <see cref="StartAsync"/>'s settings (the repository's sample courses unless given).</summary>
    public const string CatalogSetting = "catalog-folder";

    public TestDatabase Database { get; }

    public string ConnectionString { get; }

    /// <summary>The app's data directory (uploads): a new temporary folder, removed with the factory.</summary>
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("masterypath-data.").FullName;

    /// <summary>The app's clock: starts at the real time (so cookies are not stale for the client) and moves only when told.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>
    /// Starts the app on a new empty database (or on <paramref name="connectionString"/>, which the caller then owns);
    /// <paramref name="settings"/> override configuration keys (rate limits are off unless a test sets them).
    /// </summary>
    public static async Task<MasteryPathAppFactory> StartAsync(TestDatabase database, bool migrateOnStart = true, string? connectionString = null, IReadOnlyDictionary<string, string>? settings = null, bool kestrel = false)
    {
        var app = new MasteryPathAppFactory(database, connectionString ?? await CreateDatabaseAsync(database), migrateOnStart, ownsDatabase: connectionString is null, settings);
        try
        {
            if (kestrel)
            {
                // A real listener at 127.0.0.1, for protocol peers that call the app back over the network (LTI platforms).
                app.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
                app.StartServer();
                var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>();
                app.BaseUrl = addresses.Addresses.Single().TrimEnd('/');
            }
            else
            {
                _ = app.Server;
            }

            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>An empty database: a file path in a new temporary folder, or a new PostgreSQL database (skips when there is none).</summary>
    public static async Task<string> CreateDatabaseAsync(TestDatabase database)
    {
        if (database == TestDatabase.Postgres)
        {
            return await TestPostgres.CreateDatabaseAsync("web");
        }

        var folder = Directory.CreateTempSubdirectory("masterypath-web.");
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder.FullName, "app.db") }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(TestDatabase database, string connectionString)
    {
        if (database == TestDatabase.Postgres)
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
            return;
        }

        SqliteConnection.ClearAllPools();
        var folder = Path.GetDirectoryName(new SqliteConnectionStringBuilder(connectionString).DataSource);
        if (folder is not null && Path.GetFileName(folder).StartsWith("masterypath-web.", StringComparison.Ordinal) && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The Kestrel address when started with kestrel: true (e.g. http://127.0.0.1:41234), else null.</summary>
    public string? BaseUrl { get; private set; }

    /// <summary>A browser-like client: over the network when the app runs on Kestrel, else in memory.</summary>
    public LearnerClient Anonymous() => BaseUrl is { } address
        ? new(this, new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(address) })
        : new(this, CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<LearnerClient> SignInAsync(string email)
    {
        var client = Anonymous();
        await client.SignInAsync(email);
        return client;
    }

    public async Task<T> QueryAsync<T>(Func<MasteryPathDb, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MasteryPathDb>());
    }

    public Task<string> UserIdAsync(string email) =>
        QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    public Task<Enrollment> EnrollmentAsync(string email, string courseId) =>
        QueryAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return await db.Enrollments.AsNoTracking().SingleAsync(e => e.UserId == userId && e.CourseId == courseId);
        });

    public Task<List<AnswerEventRecord>> EventsAsync(string email, string courseId) =>
        QueryAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return await db.AnswerEvents.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId).OrderBy(e => e.Sequence).ToListAsync();
        });

    /// <summary>
    /// The item behind an attempt as its learner sees it (choices under the keys that attempt shows), rebuilt on the
    /// server side: the oracle for right and wrong answers.
    /// </summary>
    public async Task<Item> ItemAsync(string attemptId) => (await AttemptItemAsync(attemptId)).Item;

    public async Task<AttemptItem> AttemptItemAsync(string attemptId)
    {
        var attempt = await QueryAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attemptId));
        var catalog = Services.GetRequiredService<CourseCatalog>();
        return AttemptItem.For(catalog.Get(attempt.CourseId), attempt);
    }

    public async Task<string> CorrectResponseAsync(string attemptId)
    {
        var key = (await ItemAsync(attemptId)).Key;
        Assert.True(key.Check(key.CanonicalResponse).IsCorrect, $"the canonical response of {attemptId} is not accepted");
        return key.CanonicalResponse;
    }

    public async Task<string> WrongResponseAsync(string attemptId)
    {
        var key = (await ItemAsync(attemptId)).Key;
        IEnumerable<string> candidates = key is ChoiceAnswerKey choices
            ? choices.Choices.Where(c => !c.IsCorrect).Select(c => c.Key)
            : ["987654", "123457", "no such answer"];
        return candidates.First(r => key.Check(r).Outcome == AnswerOutcome.Incorrect);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var environment = _settings.GetValueOrDefault(EnvironmentSetting, "Development");
        builder.UseEnvironment(environment);
        if (environment != "Development")
        {
            // Run from the build output, not a publish folder: the framework's and the compressed static files are
            // found through the static web assets manifest, as Development does by itself.
            builder.UseStaticWebAssets();
        }

        builder.UseSetting("MasteryPath:DatabaseProvider", Database == TestDatabase.Postgres ? "postgres" : "sqlite");
        builder.UseSetting("ConnectionStrings:MasteryPath", ConnectionString);
        builder.UseSetting("MasteryPath:DataDirectory", DataDirectory);
        builder.UseSetting("MasteryPath:MigrateOnStart", _migrateOnStart ? "true" : "false");
        builder.UseSetting("MasteryPath:SeedDemoData", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");

        // Nodes re-read the model in force every half second and the worker looks for jobs five times a second, so that
        // tests of model switching and background jobs wait a little rather than the production defaults' seconds.
        builder.UseSetting("MasteryPath:ModelRefreshSeconds", "0.5");
        builder.UseSetting("MasteryPath:JobPollSeconds", "0.2");

        // The rate limiter counts real time while tests answer hundreds of questions a minute on a fake clock.
        builder.UseSetting("MasteryPath:RateLimits:SignInPerMinute", "0");
        builder.UseSetting("MasteryPath:RateLimits:PasswordPerMinute", "0");
        builder.UseSetting("MasteryPath:RateLimits:AnswersPerMinute", "0");
        foreach (var (key, value) in _settings.Where(s => s.Key is not (EnvironmentSetting or CatalogSetting)))
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.RemoveAll<CourseCatalog>();
            var catalog = _settings.TryGetValue(CatalogSetting, out var folder) ? CourseCatalog.Load(folder) : Catalog.Value;
            services.AddSingleton(sp => catalog.WithPublished(sp.GetRequiredService<IPublishedCourseSource>(), sp.GetRequiredService<TimeProvider>()));

            // Hash strength is not under test, and seeding six accounts at the default cost dominates each start.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
        if (_ownsDatabase)
        {
            await DropDatabaseAsync(Database, ConnectionString);
        }
    }
}
