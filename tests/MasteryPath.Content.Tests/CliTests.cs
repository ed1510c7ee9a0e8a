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

    private static string WriteLog(string name, int learners, int seed)
    {
        var random = new Random(seed);
        var path = Path.Combine(Path.GetTempPath(), $"mp-kt-{name}-{Guid.NewGuid():N}.csv");
        var text = new System.Text.StringBuilder();
        for (var l = 0; l < learners; l++)
        {
            var ability = random.NextDouble();
            var skills = Enumerable.Range(0, 12).Select(_ => random.Next(1, 6)).ToList();
            text.Append(skills.Count).Append('\n');
            text.Append(string.Join(",", skills)).Append(",\n");
            text.Append(string.Join(",", skills.Select(s => random.NextDouble() < ability - (s * 0.05) + 0.2 ? 1 : 0))).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void Kt_eval_prints_the_json_contract_for_the_default_model_and_for_all()
    {
        var train = WriteLog("train", 200, 1);
        var test = WriteLog("test", 100, 2);
        try
        {
            var (exit, output) = RunCli("kt", "eval", "--train", train, "--test", test, "--format", "json");
            Assert.True(exit == 0, output);
            using var single = System.Text.Json.JsonDocument.Parse(output);
            Assert.Equal("lkt", single.RootElement.GetProperty("model").GetString());
            Assert.InRange(single.RootElement.GetProperty("auc").GetDouble(), 0.5, 1);
            Assert.Equal(1200, single.RootElement.GetProperty("n").GetInt32());
            foreach (var key in new[] { "logloss", "rmse", "accuracy" })
            {
                Assert.True(single.RootElement.TryGetProperty(key, out _), key);
            }

            var (exitAll, outputAll) = RunCli("kt", "eval", "--train", train, "--test", test, "--model", "all", "--format", "json");
            Assert.True(exitAll == 0, outputAll);
            using var all = System.Text.Json.JsonDocument.Parse(outputAll);
            Assert.Equal(["lkt", "pfa", "bkt"], all.RootElement.EnumerateArray().Select(e => e.GetProperty("model").GetString()));
        }
        finally
        {
            File.Delete(train);
            File.Delete(test);
        }
    }

    [Fact]
    public void Kt_eval_reports_malformed_input_with_its_line_and_no_stack_trace()
    {
        var train = WriteLog("train", 20, 3);
        var bad = Path.Combine(Path.GetTempPath(), $"mp-kt-bad-{Guid.NewGuid():N}.csv");
        File.WriteAllText(bad, "2\n1,2\n1,0\n3\n1,2,3\n1,0\n");
        try
        {
            var (exit, output) = RunCli("kt", "eval", "--train", train, "--test", bad);

            Assert.Equal(1, exit);
            Assert.Contains(":6: line 4 says 3 answers but this line has 2 responses", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(train);
            File.Delete(bad);
        }
    }

    [Fact]
    public void Simulate_mastery_prints_one_row_per_generator_and_rule_plus_the_class_what_if()
    {
        var (exit, output) = RunCli("simulate", "mastery", "--format", "json", "--learners", "100", "--seed", "3");

        Assert.True(exit == 0, output);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2 * 6 + 2, rows.Count);
        Assert.All(rows, r =>
        {
            foreach (var key in new[] { "generator", "rule", "items_mean", "items_p90", "false_mastery_rate" })
            {
                Assert.True(r.TryGetProperty(key, out _), key);
            }
        });
        Assert.Contains(rows, r => r.GetProperty("generator").GetString() == "bkt-forgetting" && r.GetProperty("rule").GetString() == "masterypath");
        Assert.Equal(2, rows.Count(r => r.GetProperty("generator").GetString() == "class" && r.TryGetProperty("effect_size_d", out _)));

        var (exitTable, table) = RunCli("simulate", "mastery", "--learners", "100");
        Assert.True(exitTable == 0, table);
        Assert.Contains("Cohen's d", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Kt_fit_saves_a_model_the_product_can_load()
    {
        var train = WriteLog("fit", 120, 4);
        var model = Path.Combine(Path.GetTempPath(), $"mp-model-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, output) = RunCli("kt", "fit", "--train", train, "--out", model, "--model", "bkt");
            Assert.True(exit == 0, output);
            Assert.Contains("fitted bkt on 1,440 answers", output, StringComparison.Ordinal);

            var saved = MasteryPath.Content.Datasets.ModelFile.Read(model);
            Assert.Equal("bkt", saved.Parameters.Model);
            Assert.Equal(5, saved.SkillIndex.Count);
            var trace = saved.Model().StartLearner();
            Assert.InRange(trace.PredictCorrect(saved.SkillIndex["3"]), 0.01, 0.99);

            File.WriteAllText(model, "{ not json");
            Assert.Throws<FormatException>(() => MasteryPath.Content.Datasets.ModelFile.Read(model));
        }
        finally
        {
            File.Delete(train);
            File.Delete(model);
        }
    }

    [Fact]
    public void Simulate_diagnostic_prints_the_json_contract()
    {
        var (exit, output) = RunCli("simulate", "diagnostic", "--course", "courses/argument-writing", "--learners", "20", "--format", "json");

        Assert.True(exit == 0, output);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var adaptive = json.RootElement.EnumerateArray().Single(e => e.GetProperty("strategy").GetString() == "adaptive");
        Assert.InRange(adaptive.GetProperty("questions_mean").GetDouble(), 1, 25);
        Assert.InRange(adaptive.GetProperty("questions_p90").GetInt32(), 1, 25);
        Assert.InRange(adaptive.GetProperty("accuracy").GetDouble(), 0.5, 1);
        Assert.Equal(3, json.RootElement.GetArrayLength());
        Assert.InRange(adaptive.GetProperty("false_known").GetDouble(), 0, 1);
        Assert.Equal("depth", adaptive.GetProperty("truth").GetString());

        var (studiedExit, studiedOutput) = RunCli("simulate", "diagnostic", "--course", "courses/argument-writing", "--learners", "20", "--truth", "studied", "--format", "json");
        Assert.True(studiedExit == 0, studiedOutput);
        using var studied = System.Text.Json.JsonDocument.Parse(studiedOutput);
        Assert.All(studied.RootElement.EnumerateArray(), e => Assert.Equal("studied", e.GetProperty("truth").GetString()));
        Assert.NotEqual(output, studiedOutput);
        Assert.Equal("exercised", adaptive.GetProperty("evidence").GetString());

        // Learners who know a topic but not every prerequisite of it; right answers back what items exercise, or (to
        // compare) every prerequisite of the item's skill.
        var (partialExit, partialOutput) = RunCli("simulate", "diagnostic", "--course", "courses/argument-writing", "--learners", "20", "--truth", "partial", "--format", "json");
        Assert.True(partialExit == 0, partialOutput);
        using var partial = System.Text.Json.JsonDocument.Parse(partialOutput);
        Assert.All(partial.RootElement.EnumerateArray(), e => Assert.Equal("partial", e.GetProperty("truth").GetString()));
        Assert.All(partial.RootElement.EnumerateArray(), e => Assert.InRange(e.GetProperty("false_known").GetDouble(), 0, 1));
        Assert.NotEqual(studiedOutput.Replace("studied", "partial", StringComparison.Ordinal), partialOutput);
        var (ancestorsExit, ancestorsOutput) = RunCli("simulate", "diagnostic", "--course", "courses/argument-writing", "--learners", "20", "--truth", "partial", "--evidence", "ancestors", "--format", "json");
        Assert.True(ancestorsExit == 0, ancestorsOutput);
        using var ancestors = System.Text.Json.JsonDocument.Parse(ancestorsOutput);
        Assert.All(ancestors.RootElement.EnumerateArray(), e => Assert.Equal("ancestors", e.GetProperty("evidence").GetString()));
        Assert.NotEqual(0, RunCli("simulate", "diagnostic", "--course", "courses/argument-writing", "--evidence", "hunches").ExitCode);

        var (unknownExit, _) = RunCli("simulate", "diagnostic", "--course", "courses/argument-writing", "--truth", "guesswork");
        Assert.NotEqual(0, unknownExit);

        var (badExit, badOutput) = RunCli("simulate", "diagnostic", "--course", "no/such/course");
        Assert.Equal(1, badExit);
        Assert.Contains("does not load", badOutput, StringComparison.Ordinal);
    }
}
