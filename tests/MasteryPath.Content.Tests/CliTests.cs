using System.Diagnostics;

namespace MasteryPath.Content.Tests;

/// <summary>Runs the real `masterypath course check` command as a process, the way an author would.</summary>
public class CliTests
{
    private static (int ExitCode, string Output) RunCli(params string[] args)
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
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string CopyOfAlgebra()
    {
        var target = Path.Combine(Path.GetTempPath(), "mp-algebra-" + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(RepositoryPaths.Courses, "algebra-1");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    [Fact]
    public void Check_passes_on_the_shipped_courses_and_prints_a_summary()
    {
        var (exit, output) = RunCli("course", "check", "courses/algebra-1", "courses/argument-writing");

        Assert.True(exit == 0, output);
        Assert.Matches(@"algebra-1: \d\d skills, \d+ items, \d+ templates, \d+ tasks: 0 errors, 0 warnings", output);
        Assert.Matches(@"argument-writing: \d+ skills, \d+ items, \d+ templates, [1-9]\d* tasks: 0 errors, 0 warnings", output);
    }

    [Fact]
    public void Check_names_each_problem_in_a_broken_copy_with_its_location_and_exits_1()
    {
        var copy = CopyOfAlgebra();
        try
        {
            var slope = Path.Combine(copy, "skills", "slope.md");
            File.WriteAllText(slope, File.ReadAllText(slope).Replace("prerequisites: [", "prerequisites: [no-such-skill, ", StringComparison.Ordinal));
            var placeValue = Path.Combine(copy, "skills", "place-value.md");
            File.WriteAllText(placeValue, File.ReadAllText(placeValue).Replace("prerequisites: []", "prerequisites: [factors-and-multiples]", StringComparison.Ordinal));
            var fractions = Path.Combine(copy, "items", "adding-subtracting-fractions.yaml");
            File.WriteAllText(fractions, File.ReadAllText(fractions).Replace("answer: \"a/b - c/d\"", "answer: \"a/b + c/d\"", StringComparison.Ordinal));

            var (exit, output) = RunCli("course", "check", copy);

            Assert.Equal(1, exit);
            Assert.Matches(@"skills/slope\.md:\d+:\d+: error unknown-prerequisite: .*'no-such-skill'", output);
            Assert.Matches(@"skills/[a-z-]+\.md:\d+:\d+: error prerequisite-cycle: prerequisites form a cycle: .*factors-and-multiples -> place-value", output);
            Assert.Matches(@"items/adding-subtracting-fractions\.yaml:\d+:\d+: error wrong-answer: template 'asf-unlike-subtract'", output);
            Assert.Matches(@"\d+ skills, .* [3-9]\d* errors|\d+ skills, .* \d\d+ errors", output);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Check_on_a_missing_folder_fails_cleanly()
    {
        var (exit, output) = RunCli("course", "check", "no/such/folder");

        Assert.Equal(1, exit);
        Assert.Contains("no/such/folder:1:1: error no-course", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }
}
