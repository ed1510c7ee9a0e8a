using System.Text.RegularExpressions;

namespace MasteryPath.Content.Tests;

/// <summary>The real command line on hostile or empty input: links out of a course, folder loops, floods of errors, empty logs.</summary>
public sealed class CliInputSafetyTests : IDisposable
{
    private readonly CourseFixture _course = new();
    private readonly string _outside = Directory.CreateTempSubdirectory("mp-outside-").FullName;

    public void Dispose()
    {
        _course.Dispose();
        Directory.Delete(_outside, recursive: true);
    }

    private static int Count(string output, string pattern) => Regex.Matches(output, pattern, RegexOptions.Multiline).Count;

    [Fact]
    public void Course_check_names_each_link_out_and_the_loop_once_and_reads_none_of_them()
    {
        File.WriteAllText(Path.Combine(_outside, "notes.yaml"), "skill: counting\nitems:\n  - id: leaked-item\n    kind: numeric\n    prompt: 'What is 2 + 2?'\n    answer: \"4\"\n    solution: \"4.\"\n");
        File.CreateSymbolicLink(_course.PathOf("skills/passwd.md"), "/etc/passwd");
        File.CreateSymbolicLink(_course.PathOf("items/outside"), _outside);
        File.CreateSymbolicLink(_course.PathOf("media"), _outside);
        File.CreateSymbolicLink(_course.PathOf("items/loop"), "..");

        var (exit, stdout, stderr) = CliProcess.Run("course", "check", _course.Root);
        var output = stdout + stderr;

        Assert.Equal(1, exit);
        foreach (var link in new[] { "skills/passwd.md", "items/outside", "media" })
        {
            Assert.Equal(1, Count(output, $@":1:1: error symlink-outside: '{Regex.Escape(link)}' is a symbolic link to a place outside the course folder; it was not read$"));
        }

        Assert.Equal(1, Count(output, @"items/loop:1:1: error symlink-loop: 'items/loop' is a symbolic link to the course folder, which holds it: a loop; it was not followed$"));
        Assert.Matches(@": 3 skills, 0 items, 3 templates, 1 tasks: 4 errors, 0 warnings", output);
        Assert.DoesNotContain("root:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("leaked-item", output, StringComparison.Ordinal);
        Assert.DoesNotContain("loop/", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Course_check_stops_after_200_errors_and_says_how_many_more_it_left_out()
    {
        for (var i = 0; i < 300; i++)
        {
            _course.Write($"items/broken-{i:000}.yaml", "skill: [counting");
        }

        var (exit, stdout, _) = CliProcess.Run("course", "check", _course.Root);

        Assert.Equal(1, exit);
        Assert.Equal(200, Count(stdout, @"^\S+:\d+:\d+: error "));
        var lines = stdout.TrimEnd().Split('\n');
        Assert.Matches(@": 300 errors, 0 warnings$", lines[^2]);
        Assert.Equal("stopped after 200 errors: 100 more errors and 0 more warnings not shown; 3 items and templates not checked", lines[^1]);
    }

    private string Log(string name, string text)
    {
        var path = Path.Combine(_outside, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("learner,skill,correct,timestamp\n")]
    public void Kt_eval_refuses_an_empty_training_or_test_file(string empty)
    {
        var good = Log("good.csv", "learner,skill,correct\nann,a,1\nann,a,0\nben,a,1\n");
        var bare = Log("empty.csv", empty);

        foreach (var (train, test) in new[] { (bare, good), (good, bare) })
        {
            var (exit, stdout, stderr) = CliProcess.Run("kt", "eval", "--train", train, "--test", test);

            Assert.NotEqual(0, exit);
            Assert.Empty(stdout);
            Assert.Matches($@"^error: {Regex.Escape(bare)}(:1)?: the file has (no answers|a header but no answers)", stderr);
        }
    }

    [Fact]
    public void Kt_commands_refuse_empty_or_missing_files_with_a_message_and_no_stack_trace()
    {
        var empty = Log("empty.csv", string.Empty);
        var missing = Path.Combine(_outside, "missing.csv");
        var model = Path.Combine(_outside, "model.json");

        var runs = new[]
        {
            CliProcess.Run("kt", "eval", "--train", missing, "--test", empty),
            CliProcess.Run("kt", "fit", "--train", empty, "--out", model),
            CliProcess.Run("kt", "fit", "--train", missing, "--out", model),
            CliProcess.Run("kt", "compare", "--log", empty),
        };

        Assert.All(runs, r => Assert.Equal(1, r.ExitCode));
        Assert.All(runs, r => Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal));
        Assert.Equal($"error: {missing}: the file does not exist", runs[0].Stderr.Trim());
        Assert.Equal($"error: {empty}: the file has no answers (it is empty, or holds only a header)", runs[1].Stderr.Trim());
        Assert.Equal($"error: {missing}: the file does not exist", runs[2].Stderr.Trim());
        Assert.Equal($"error: {empty}: the file has no answers (it is empty, or holds only a header)", runs[3].Stderr.Trim());
        Assert.False(File.Exists(model));
    }
}
