using System.Diagnostics;

namespace MasteryPath.Content.Tests;

/// <summary>Runs the real `masterypath` command line as a process, the way an author would.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        // The test binaries live in tests/X/bin/<Configuration>/net10.0/; the CLI was built beside them.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var cli = Path.Combine(RepositoryPaths.Root, "src", "MasteryPath.Cli", "bin", configuration, "net10.0", "masterypath.dll");
        Assert.True(File.Exists(cli), $"CLI not built at {cli}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(cli);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the CLI did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
