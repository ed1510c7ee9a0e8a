using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace MasteryPath.Tests;

/// <summary>
/// A PostgreSQL server for tests: <c>MASTERYPATH_TEST_POSTGRES</c> if set, otherwise one throw-away cluster per test
/// process when the server binaries are installed, otherwise none (skip locally, fail under CI=true).
/// </summary>
internal static partial class TestPostgres
{
    public const string EnvironmentVariable = "MASTERYPATH_TEST_POSTGRES";

    private const string BinariesRoot = "/usr/lib/postgresql";

    // vstest kills the test host 100 ms after the run (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), too soon for
    // AppDomain.ProcessExit to stop a server, so a detached shell waits for this process to end and removes the cluster.
    private const string CleanupScript = """
        exec </dev/null >/dev/null 2>&1
        tail --pid="$1" -f /dev/null
        "$2" -D "$3" -m immediate -w stop
        rm -rf "$4"
        """;

    private static readonly Lazy<string?> Admin = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A superuser connection string to the <c>postgres</c> database, or null when no server is available.</summary>
    public static string? AdminConnectionString => Admin.Value;

    /// <summary>The admin connection string; throws under CI=true and skips the test otherwise when there is none.</summary>
    public static string RequireOrSkip()
    {
        if (AdminConnectionString is { } admin)
        {
            return admin;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"CI=true but PostgreSQL is not available: set {EnvironmentVariable} or install postgresql");
        }

        throw new Xunit.SkipException($"PostgreSQL is not available: set {EnvironmentVariable} or install postgresql");
    }

    /// <summary>Creates an empty database named <paramref name="prefix"/>_&lt;guid&gt; and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        if (!PrefixPattern().IsMatch(prefix))
        {
            throw new ArgumentException("Prefix must match " + PrefixPattern(), nameof(prefix));
        }

        var admin = RequireOrSkip();
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, ending any session still on it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database", nameof(connectionString));
        if (!DatabasePattern().IsMatch(name))
        {
            throw new ArgumentException($"Not a test database: {name}", nameof(connectionString));
        }

        await using (var probe = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(probe);
        }

        await using var connection = new NpgsqlConnection(RequireOrSkip());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,29}$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,29}_[0-9a-f]{32}$")]
    private static partial Regex DatabasePattern();

    private static string? Resolve()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var bin = FindBinaries();
        return bin is null ? null : StartCluster(bin);
    }

    private static string? FindBinaries()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(BinariesRoot))
        {
            return null;
        }

        return Directory.GetDirectories(BinariesRoot)
            .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1, Bin: Path.Combine(dir, "bin")))
            .Where(c => File.Exists(Path.Combine(c.Bin, "initdb")) && File.Exists(Path.Combine(c.Bin, "pg_ctl")))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Bin)
            .FirstOrDefault();
    }

    private static string StartCluster(string bin)
    {
        var root = Environment.IsPrivilegedProcess
            ? RunAsServer("mktemp", "-d", "/tmp/masterypath-pg.XXXXXXXX").Trim()
            : Directory.CreateTempSubdirectory("masterypath-pg.").FullName;
        var data = Path.Combine(root, "data");
        var pgCtl = Path.Combine(bin, "pg_ctl");
        RunAsServer("setsid", "-f", "sh", "-c", CleanupScript, "sh", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), pgCtl, data, root);

        RunAsServer(Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync");
        var port = FreePort();
        RunAsServer(
            pgCtl, "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "start",
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off");

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
        }.ConnectionString;
    }

    /// <summary>A loopback port nobody listens on now (also for the tests' SMTP server).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RunAsServer(string file, params string[] args)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.IsPrivilegedProcess ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] prefix = Environment.IsPrivilegedProcess ? ["-u", "postgres", "--", file] : [];
        foreach (var arg in prefix.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stdout.Result}{stderr.Result}");
    }
}
