using System.Diagnostics;

namespace MasteryPath.Tests;

/// <summary>Runs the real `masterypath` command line, built beside the tests, as a process; linked into the test projects that run it.</summary>
internal static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var process = Start(null, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(Timeout), "the CLI did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static Process Start(IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string> args)
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

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
