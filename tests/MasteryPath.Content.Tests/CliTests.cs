namespace MasteryPath.Content.Tests;

/// <summary>Runs the real `masterypath course check` command as a process, the way an author would.</summary>
public class CliTests
{
    private static (int ExitCode, string Output) RunCli(params string[] args)
    {
        var (exit, stdout, stderr) = CliProcess.Run(args);
        return (exit, stdout + stderr);
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
    public void Answers_eval_runs_the_shipped_corpus_with_no_false_accept()
    {
        var (exit, output) = RunCli("answers", "eval", "--corpus", "data/answer-checking/equivalence-corpus.csv", "--format", "json");

        Assert.True(exit == 0, output);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var total = json.RootElement.GetProperty("total");
        Assert.True(total.GetProperty("cases").GetInt32() >= 400);
        Assert.Equal(0, total.GetProperty("false_accepts").GetInt32());
        Assert.True(total.GetProperty("false_reject_rate").GetDouble() <= 0.02);
        Assert.Contains(json.RootElement.GetProperty("categories").EnumerateArray(), c => c.GetProperty("category").GetString() == "large-exponents");
    }

    [Fact]
    public void Answers_eval_lists_every_disagreement_and_exits_1_on_a_false_accept()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mp-corpus-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "category,expected,response,equivalent\nlabels,2x,x+x,false\nlabels,x^2,x*x,true\nlabels,x,x+1,true\n");
        try
        {
            var (exit, output) = RunCli("answers", "eval", "--corpus", path);

            Assert.Equal(1, exit);
            Assert.Contains("false accept", output, StringComparison.Ordinal);
            Assert.Contains("false reject", output, StringComparison.Ordinal);
            Assert.Matches(@"total\s*│\s*3\s*│\s*2\s*│\s*33\.3 %", output);
        }
        finally
        {
            File.Delete(path);
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

            Assert.InRange(single.RootElement.GetProperty("ece").GetDouble(), 0, 1);
            var bins = single.RootElement.GetProperty("reliability").EnumerateArray().ToList();
            Assert.Equal(10, bins.Count);
            Assert.Equal(1200, bins.Sum(b => b.GetProperty("count").GetInt32()));
            var weightedGap = bins.Where(b => b.GetProperty("count").GetInt32() > 0)
                .Sum(b => b.GetProperty("count").GetInt32() * System.Math.Abs(b.GetProperty("mean_predicted").GetDouble() - b.GetProperty("observed_rate").GetDouble()));
            Assert.Equal(single.RootElement.GetProperty("ece").GetDouble(), weightedGap / 1200, 4);

            var (exitAll, outputAll) = RunCli("kt", "eval", "--train", train, "--test", test, "--model", "all", "--format", "json");
            Assert.True(exitAll == 0, outputAll);
            using var all = System.Text.Json.JsonDocument.Parse(outputAll);
            Assert.Equal(["lkt", "pfa", "bkt"], all.RootElement.EnumerateArray().Select(e => e.GetProperty("model").GetString()));
            Assert.All(all.RootElement.EnumerateArray(), e =>
            {
                Assert.InRange(e.GetProperty("ece").GetDouble(), 0, 1);
                Assert.Equal(10, e.GetProperty("reliability").GetArrayLength());
            });

            var (exitTable, table) = RunCli("kt", "eval", "--train", train, "--test", test, "--model", "all");
            Assert.True(exitTable == 0, table);
            Assert.Contains("ECE", table, StringComparison.Ordinal);
            Assert.Contains("reliability", table, StringComparison.Ordinal);
            Assert.Contains("0.9–1.0", table, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(train);
            File.Delete(test);
        }
    }

    [Fact]
    public void Kt_synth_writes_a_split_the_reader_reads_back()
    {
        var train = Path.Combine(Path.GetTempPath(), $"mp-synth-train-{Guid.NewGuid():N}.csv");
        var test = Path.Combine(Path.GetTempPath(), $"mp-synth-test-{Guid.NewGuid():N}.csv");
        try
        {
            var (exit, output) = RunCli("kt", "synth", "--shape", "many-skills", "--learners", "50", "--seed", "4", "--train", train, "--test", test);
            Assert.True(exit == 0, output);

            var skills = new Dictionary<string, int>(StringComparer.Ordinal);
            var trainLog = MasteryPath.Content.Datasets.AnswerLogReader.Read(train, skills);
            var testLog = MasteryPath.Content.Datasets.AnswerLogReader.Read(test, skills);
            Assert.Equal(35, trainLog.Learners.Count);
            Assert.Equal(15, testLog.Learners.Count);
            Assert.Contains($"wrote 35 training and 15 test learners ({trainLog.AnswerCount + testLog.AnswerCount:N0} answers", output, StringComparison.Ordinal);
            Assert.InRange(skills.Count, 10, 100);
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
    public void Simulate_answer_log_writes_the_products_export_format_which_kt_compare_and_kt_fit_read()
    {
        var log = Path.Combine(Path.GetTempPath(), $"mp-answer-log-{Guid.NewGuid():N}.csv");
        var model = Path.Combine(Path.GetTempPath(), $"mp-model-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, output) = RunCli("simulate", "answer-log", "--course", "courses/algebra-1", "--learners", "20", "--seed", "2", "--out", log);
            Assert.True(exit == 0, output);
            Assert.Matches(@"wrote [\d,]+ answers of 20 simulated learners on \d+ skills of algebra-1", output);
            var lines = File.ReadAllLines(log);
            Assert.Equal(string.Join(',', MasteryPath.Content.Datasets.AnswerLogWriter.Header), lines[0]);
            Assert.Matches(@"^learner-0001,place-value,[01],2026-01-05T08:00:00\.000Z$", lines[1]);
            Assert.Equal(20, lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());

            var (compareExit, compare) = RunCli("kt", "compare", "--log", log, "--json");
            Assert.True(compareExit == 0, compare);
            using var json = System.Text.Json.JsonDocument.Parse(compare);
            Assert.Equal(20, json.RootElement.GetProperty("learners").GetInt32());
            Assert.Equal(lines.Length - 1, json.RootElement.GetProperty("answers").GetInt32());
            Assert.Equal(4, json.RootElement.GetProperty("held_out_learners").GetInt32());
            foreach (var side in new[] { "fitted", "cold_start" })
            {
                Assert.InRange(json.RootElement.GetProperty(side).GetProperty("auc").GetDouble(), 0, 1);
                Assert.InRange(json.RootElement.GetProperty(side).GetProperty("ece").GetDouble(), 0, 1);
                Assert.True(json.RootElement.GetProperty(side).GetProperty("logloss").GetDouble() > 0);
            }

            var (fitExit, fit) = RunCli("kt", "fit", "--train", log, "--out", model);
            Assert.True(fitExit == 0, fit);
            Assert.Equal(lines.Length - 1, MasteryPath.Content.Datasets.ModelFile.Read(model).TrainingAnswers);

            var (bothExit, both) = RunCli("kt", "fit", "--train", log, "--course", "algebra-1");
            Assert.NotEqual(0, bothExit);
            Assert.Contains("Give either --course <id>", both, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
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

    [Fact]
    public void Simulate_reviews_then_fsrs_fit_reports_fitted_against_default_weights_and_saves_them()
    {
        var reviews = Path.Combine(Path.GetTempPath(), $"mp-reviews-{Guid.NewGuid():N}.csv");
        var again = Path.Combine(Path.GetTempPath(), $"mp-reviews-{Guid.NewGuid():N}.csv");
        var weights = Path.Combine(Path.GetTempPath(), $"mp-fsrs-{Guid.NewGuid():N}.json");
        try
        {
            var (simExit, simOutput) = RunCli("simulate", "reviews", "--learners", "60", "--seed", "4", "--out", reviews);
            Assert.True(simExit == 0, simOutput);
            Assert.Matches(@"simulated 60 learners × 12 skills over 365 days \(truth: example, seed 4\): [\d,]+ reviews, [\d,]+ scored", simOutput);
            Assert.Matches(@"log loss on these histories: true weights 0\.\d{4} \(RMSE\(bins\) 0\.\d{4}\), default weights 0\.\d{4}", simOutput);
            Assert.Equal(0, RunCli("simulate", "reviews", "--learners", "60", "--seed", "4", "--out", again).ExitCode);
            Assert.Equal(File.ReadAllBytes(reviews), File.ReadAllBytes(again));

            var (exit, output) = RunCli("fsrs", "fit", "--reviews", reviews, "--format", "json", "--out", weights);

            Assert.True(exit == 0, output);
            using var json = System.Text.Json.JsonDocument.Parse(output);
            var root = json.RootElement;
            Assert.Equal(60, root.GetProperty("learners").GetInt32());
            Assert.Equal(12, root.GetProperty("held_out_learners").GetInt32());
            var fitted = root.GetProperty("fitted").GetProperty("held_out_logloss").GetDouble();
            var defaults = root.GetProperty("defaults").GetProperty("held_out_logloss").GetDouble();
            Assert.True(fitted < defaults, output);
            Assert.True(root.GetProperty("beats_defaults").GetBoolean());
            var parameters = root.GetProperty("parameters").EnumerateArray().Select(e => e.GetDouble()).ToList();
            Assert.Equal(21, parameters.Count);
            Assert.Equal(parameters, MasteryPath.Domain.Retention.FsrsParameters.FromJson(File.ReadAllText(weights)).Weights);
            Assert.NotEqual(parameters, MasteryPath.Domain.Retention.FsrsParameters.Default.Weights);

            var (tableExit, table) = RunCli("fsrs", "fit", "--reviews", reviews, "--test", again);
            Assert.True(tableExit == 0, table);
            Assert.Contains("log loss (--test)", table, StringComparison.Ordinal);
            Assert.Matches(@"weights: \[[0-9.,e-]+\]", table);
        }
        finally
        {
            File.Delete(reviews);
            File.Delete(again);
            File.Delete(weights);
        }
    }

    [Fact]
    public void Fsrs_fit_refuses_too_little_history_and_names_a_malformed_line()
    {
        var few = Path.Combine(Path.GetTempPath(), $"mp-reviews-{Guid.NewGuid():N}.csv");
        var bad = Path.Combine(Path.GetTempPath(), $"mp-reviews-{Guid.NewGuid():N}.csv");
        File.WriteAllText(bad, "learner,skill,at,grade\na,fractions,2026-09-01T08:00:00Z,good\na,fractions,2026-09-04T08:00:00Z,great\n");
        try
        {
            Assert.Equal(0, RunCli("simulate", "reviews", "--learners", "12", "--skills", "3", "--out", few).ExitCode);

            var (exit, output) = RunCli("fsrs", "fit", "--reviews", few);
            Assert.Equal(1, exit);
            Assert.Matches(@"error: Not enough review history to fit FSRS weights: [\d,]+ scored reviews .* at least 1,000 needed", output);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);

            var (lowered, loweredOutput) = RunCli("fsrs", "fit", "--reviews", few, "--min-reviews", "100", "--format", "json");
            Assert.True(lowered == 0, loweredOutput);

            var (badExit, badOutput) = RunCli("fsrs", "fit", "--reviews", bad);
            Assert.Equal(1, badExit);
            Assert.Contains(":3: 'grade' is 'great'", badOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", badOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(few);
            File.Delete(bad);
        }
    }
}
