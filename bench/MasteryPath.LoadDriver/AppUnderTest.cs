using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MasteryPath.LoadDriver;

/// <summary>
/// The app the driver measures: a running instance at a URL, or one the driver starts itself — the built web app
/// (<c>dotnet MasteryPath.Web.dll</c>) on a fresh SQLite file or a fresh PostgreSQL database, on a free loopback port,
/// with the demo accounts seeded — and stops (and whose database it removes) when disposed.
/// </summary>
internal sealed class AppUnderTest : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly string? _scratch;
    private readonly string? _appDll;
    private string? _postgresDatabase;
    private string? _postgresAdmin;
    private string? _ownedScratch;

    private AppUnderTest(Uri url, string provider, Process? process = null, string? scratch = null, string? postgresAdmin = null, string? postgresDatabase = null, string? appDll = null, string? connectionString = null)
    {
        Url = url;
        Provider = provider;
        _process = process;
        _scratch = scratch;
        _ownedScratch = scratch;
        _postgresAdmin = postgresAdmin;
        _postgresDatabase = postgresDatabase;
        _appDll = appDll;
        ConnectionString = connectionString;
    }

    /// <summary>The database the started app runs on (null for an external app).</summary>
    public string? ConnectionString { get; }

    public Uri Url { get; }

    /// <summary>Every node's address: <see cref="Url"/> first, then the further nodes on the same database.</summary>
    public IReadOnlyList<Uri> Urls => [Url, .. _moreNodes.Select(n => n.Url)];

    private readonly List<AppUnderTest> _moreNodes = [];

    /// <summary>"sqlite", "postgres", or what the user said an external instance runs on.</summary>
    public string Provider { get; }

    public bool Started => _process is not null;

    /// <summary>Where the started app's output goes (for a failed start).</summary>
    public string? LogFile => _scratch is null ? null : Path.Combine(_scratch, "app.log");

    /// <summary>CPU time used so far by the app processes the driver started (every node); null for an external app.</summary>
    public TimeSpan? CpuTime()
    {
        if (_process is null)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (var process in _moreNodes.Select(n => n._process).Prepend(_process).OfType<Process>())
        {
            process.Refresh();
            total += process.TotalProcessorTime;
        }

        return total;
    }

    public static AppUnderTest External(Uri url, string provider) => new(url, provider);

    /// <summary>
    /// Starts the app and returns once it answers; <paramref name="postgresAdmin"/> is required for postgres, and so are
    /// <paramref name="nodes"/> above one: further app processes on the same database, started after the first migrated it.
    /// </summary>
    public static async Task<AppUnderTest> StartAsync(string provider, string appDll, string? postgresAdmin, TextWriter log, CancellationToken cancellationToken, int nodes = 1, int pool = 40)
    {
        if (nodes > 1 && provider != "postgres")
        {
            throw new ArgumentException("Several nodes share one database only on PostgreSQL.", nameof(nodes));
        }

        if (!File.Exists(appDll))
        {
            throw new FileNotFoundException($"The web app is not built at {appDll}: run `dotnet build src/MasteryPath.Web -c Release` (or pass --app).", appDll);
        }

        var scratch = Directory.CreateTempSubdirectory("masterypath-load.").FullName;
        string connectionString;
        string? database = null;
        if (provider == "postgres")
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(postgresAdmin, nameof(postgresAdmin));
            database = $"loaddriver_{Guid.NewGuid():N}";
            await ExecuteAsync(postgresAdmin, $"CREATE DATABASE \"{database}\"", cancellationToken);
            connectionString = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = database, MaxPoolSize = pool }.ConnectionString;
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(scratch, "masterypath.db")}";
        }

        var app = await LaunchAsync(provider, appDll, connectionString, scratch, postgresAdmin, database, log, cancellationToken);
        try
        {
            for (var node = 2; node <= nodes; node++)
            {
                var folder = Directory.CreateDirectory(Path.Combine(scratch, $"node{node}")).FullName;
                app._moreNodes.Add(await LaunchAsync(provider, appDll, connectionString, folder, postgresAdmin: null, database: null, log, cancellationToken));
            }
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>
    /// Kills the app the hard way (SIGKILL: no shutdown, nothing flushed) and starts it again on the same database; the
    /// returned instance owns the database from then on.
    /// </summary>
    public async Task<AppUnderTest> KillAndRestartAsync(TextWriter log, CancellationToken cancellationToken)
    {
        if (_process is null || _appDll is null || ConnectionString is null || _scratch is null)
        {
            throw new InvalidOperationException("Only an app the driver started can be killed and restarted.");
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken);
        await log.WriteLineAsync($"Killed the app (exit code {_process.ExitCode}); starting it again on the same database");
        var (admin, database) = (_postgresAdmin, _postgresDatabase);
        (_postgresAdmin, _postgresDatabase, _ownedScratch) = (null, null, null);
        return await LaunchAsync(Provider, _appDll, ConnectionString, _scratch, admin, database, log, cancellationToken);
    }

    private static async Task<AppUnderTest> LaunchAsync(string provider, string appDll, string connectionString, string scratch, string? postgresAdmin, string? database, TextWriter log, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root (wwwroot, appsettings) is the web project's folder when run from its build output.
            WorkingDirectory = WebProjectFolder(appDll),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["MasteryPath__DatabaseProvider"] = provider;
        start.Environment["ConnectionStrings__MasteryPath"] = connectionString;
        start.Environment["MasteryPath__DataDirectory"] = scratch;
        start.Environment["MasteryPath__SeedDemoData"] = "true";
        // A fresh database: the same migrations `masterypath migrate` applies, applied by the app at start.
        start.Environment["MasteryPath__MigrateOnStart"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        // Hundreds of learners from one address answering at machine speed: the abuse limits would measure themselves.
        start.Environment["MasteryPath__RateLimits__SignInPerMinute"] = "0";
        start.Environment["MasteryPath__RateLimits__AnswersPerMinute"] = "0";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var app = new AppUnderTest(url, provider, process, scratch, postgresAdmin, database, appDll, connectionString);
        var output = new StreamWriter(app.LogFile!, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => WriteLine(output, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => output.Dispose();
        process.EnableRaisingEvents = true;

        try
        {
            await log.WriteLineAsync($"Starting {Path.GetFileName(appDll)} on {provider} at {url} (log: {app.LogFile})");
            await app.WaitUntilAnsweringAsync(TimeSpan.FromMinutes(3), cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The repository's build of the web app in <paramref name="configuration"/>, found upward from the driver.</summary>
    public static string DefaultAppDll(string configuration = "Release")
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MasteryPath.slnx")))
        {
            dir = dir.Parent;
        }

        var root = dir?.FullName ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, "src", "MasteryPath.Web", "bin", configuration, "net10.0", "MasteryPath.Web.dll");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _moreNodes)
        {
            await node.DisposeAsync();
        }

        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        if (_postgresAdmin is not null && _postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_postgresAdmin, $"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", CancellationToken.None);
        }

        if (_ownedScratch is not null && Directory.Exists(_ownedScratch))
        {
            try
            {
                Directory.Delete(_ownedScratch, recursive: true);
            }
            catch (IOException)
            {
                // The log may still be held open for a moment; a temp folder left behind is harmless.
            }
        }
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode} before answering; see {LogFile}:\n{Tail()}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/account/login", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy starting.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The app did not answer within {timeout.TotalSeconds:0} s; see {LogFile}:\n{Tail()}");
    }

    private string Tail()
    {
        try
        {
            using var stream = new FileStream(LogFile!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(30));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static void WriteLine(StreamWriter output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            try
            {
                output.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The app's last lines after it was stopped.
            }
        }
    }

    /// <summary>src/MasteryPath.Web for src/MasteryPath.Web/bin/Release/net10.0/MasteryPath.Web.dll; the dll's folder otherwise.</summary>
    private static string WebProjectFolder(string appDll)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(appDll))!;
        var project = Path.GetFullPath(Path.Combine(folder, "..", "..", ".."));
        return File.Exists(Path.Combine(project, "MasteryPath.Web.csproj")) ? project : folder;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
