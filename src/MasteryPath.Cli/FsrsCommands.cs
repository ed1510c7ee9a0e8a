using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MasteryPath.Content.Datasets;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Simulation;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`fsrs fit` and `simulate reviews`: fit FSRS weights to review histories and make histories to fit.</summary>
internal static class FsrsCommands
{
    public static Command Create()
    {
        var reviews = new Option<string>("--reviews") { Description = "Review histories (CSV: learner,skill,episode,at,grade; see the CLI README).", Required = true };
        var format = new Option<string>("--format") { Description = "'table' (default) or 'json'.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var output = new Option<string>("--out") { Description = "Also write the fitted weights here (a JSON array of 21 numbers)." };
        var test = new Option<string>("--test") { Description = "Also evaluate fitted and default weights on these histories (same CSV format)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the held-out split and batch order. Default 2023.", DefaultValueFactory = _ => 2023UL };
        var minimum = new Option<int>("--min-reviews") { Description = $"Fewest scored reviews in the training split. Default {FsrsOptimizer.DefaultMinimumReviews}.", DefaultValueFactory = _ => FsrsOptimizer.DefaultMinimumReviews };
        var fit = new Command("fit", "Fit the 21 FSRS-6 weights to review histories (log loss, Adam, fsrs-rs bounds) and compare them with the defaults on held-out learners.");
        fit.Options.Add(reviews);
        fit.Options.Add(format);
        fit.Options.Add(output);
        fit.Options.Add(test);
        fit.Options.Add(seed);
        fit.Options.Add(minimum);
        fit.SetAction(parse => Fit(parse.GetValue(reviews)!, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(test), parse.GetValue(seed), parse.GetValue(minimum)));

        var fsrs = new Command("fsrs", "Spaced review: fit FSRS weights to a course's review histories.");
        fsrs.Subcommands.Add(fit);
        return fsrs;
    }

    public static Command SimulateReviews()
    {
        var learners = new Option<int>("--learners") { Description = "Simulated learners. Default 300.", DefaultValueFactory = _ => 300 };
        var seed = new Option<ulong>("--seed") { Description = "Run seed; the histories are identical for a seed. Default 1.", DefaultValueFactory = _ => 1UL };
        var skills = new Option<int>("--skills") { Description = "Skills each learner masters. Default 12.", DefaultValueFactory = _ => 12 };
        var days = new Option<int>("--days") { Description = "Length of the course in days. Default 365.", DefaultValueFactory = _ => 365 };
        var truth = new Option<string>("--truth") { Description = "The weights the learners' memories follow: 'example' (default, unlike the defaults) or 'default'.", DefaultValueFactory = _ => "example" };
        truth.AcceptOnlyFromAmong("example", "default");
        var output = new Option<string>("--out") { Description = "Where to write the review histories (CSV).", Required = true };
        var command = new Command("reviews", "Simulate review histories of learners whose memory follows FSRS with known weights (plus per-learner clocks, slips and guesses), scheduled by the product's default weights.");
        command.Options.Add(learners);
        command.Options.Add(seed);
        command.Options.Add(skills);
        command.Options.Add(days);
        command.Options.Add(truth);
        command.Options.Add(output);
        command.SetAction(parse => Simulate(parse.GetValue(learners), parse.GetValue(seed), parse.GetValue(skills), parse.GetValue(days), parse.GetValue(truth)!, parse.GetValue(output)!));
        return command;
    }

    private static int Simulate(int learners, ulong seed, int skills, int days, string truth, string outPath)
    {
        if (learners <= 0 || skills <= 0 || days < 2)
        {
            Console.Error.WriteLine("error: --learners and --skills must be positive and --days at least 2");
            return 2;
        }

        var options = new ReviewSimulationOptions
        {
            Learners = learners,
            SkillsPerLearner = skills,
            CourseDays = days,
            Truth = truth == "default" ? FsrsParameters.Default : ReviewSimulator.ExampleTruth,
        };
        var histories = ReviewSimulator.Simulate(options, seed);
        ReviewLogCsv.Write(outPath, histories);
        AnsiConsole.MarkupLine($"simulated {learners:N0} learners × {skills} skills over {days} days (truth: {truth}, seed {seed}): {histories.Sum(h => h.Reviews.Count):N0} reviews, {histories.Sum(h => h.ScoredReviews):N0} scored → {Markup.Escape(outPath)}");
        var trueFit = FsrsMetrics.Evaluate(options.Truth, histories);
        var defaultFit = FsrsMetrics.Evaluate(FsrsParameters.Default, histories);
        AnsiConsole.MarkupLine($"log loss on these histories: true weights {F(trueFit.LogLoss)} (RMSE(bins) {F(trueFit.RmseBins)}), default weights {F(defaultFit.LogLoss)} (RMSE(bins) {F(defaultFit.RmseBins)})");
        return 0;
    }

    private static int Fit(string reviewsPath, string format, string? outPath, string? testPath, ulong seed, int minimumReviews)
    {
        if (minimumReviews < 1)
        {
            Console.Error.WriteLine("error: --min-reviews must be at least 1");
            return 2;
        }

        IReadOnlyList<ReviewHistory> histories, tests;
        try
        {
            histories = ReviewLogCsv.Read(reviewsPath);
            tests = testPath is null ? [] : ReviewLogCsv.Read(testPath);
        }
        catch (AnswerLogFormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        FsrsFit fit;
        var clock = Stopwatch.StartNew();
        try
        {
            fit = FsrsOptimizer.Fit(histories, new FsrsOptimizerOptions { Seed = seed, MinimumReviews = minimumReviews });
        }
        catch (NotEnoughReviewHistoryException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        if (outPath is not null)
        {
            File.WriteAllText(outPath, fit.Parameters.ToJson() + "\n");
        }

        var testFitted = testPath is null ? null : FsrsMetrics.Evaluate(fit.Parameters, tests);
        var testDefaults = testPath is null ? null : FsrsMetrics.Evaluate(FsrsParameters.Default, tests);
        if (format == "json")
        {
            var result = new Dictionary<string, object>
            {
                ["learners"] = fit.TrainLearners + fit.HeldOutLearners,
                ["train_learners"] = fit.TrainLearners,
                ["held_out_learners"] = fit.HeldOutLearners,
                ["train_reviews"] = fit.Train.Reviews,
                ["held_out_reviews"] = fit.HeldOut.Reviews,
                ["fitted"] = Metrics(fit.Train, fit.HeldOut, testFitted),
                ["defaults"] = Metrics(fit.StartTrain, fit.StartHeldOut, testDefaults),
                ["beats_defaults"] = fit.BeatsStart,
                ["parameters"] = fit.Parameters.ToArray(),
                ["fit_seconds"] = Math.Round(seconds, 3),
                ["seed"] = seed,
            };
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }

        var table = new Table().AddColumns("weights", "log loss (train)", "log loss (held out)", "RMSE(bins) (held out)");
        if (testPath is not null)
        {
            table.AddColumns("log loss (--test)", "RMSE(bins) (--test)");
        }

        table.Title = new TableTitle($"FSRS-6 fit on {Markup.Escape(reviewsPath)}: {fit.TrainLearners:N0} learners ({fit.Train.Reviews:N0} scored reviews) fitted, {fit.HeldOutLearners:N0} held out ({fit.HeldOut.Reviews:N0}); {seconds:F1} s");
        foreach (var (name, train, heldOut, extra) in new[] { ("fitted", fit.Train, fit.HeldOut, testFitted), ("defaults", fit.StartTrain, fit.StartHeldOut, testDefaults) })
        {
            var cells = new List<string> { name, F(train.LogLoss), F(heldOut.LogLoss), F(heldOut.RmseBins) };
            if (extra is not null)
            {
                cells.AddRange([F(extra.LogLoss), F(extra.RmseBins)]);
            }

            table.AddRow([.. cells]);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(fit.BeatsStart
            ? "[green]The fitted weights predict the held-out learners better than the defaults.[/]"
            : "[yellow]The fitted weights do not beat the defaults on the held-out learners; keep the defaults.[/]");
        Console.WriteLine("weights: " + fit.Parameters.ToJson());
        if (outPath is not null)
        {
            AnsiConsole.MarkupLine($"→ {Markup.Escape(outPath)}");
        }

        return 0;
    }

    private static Dictionary<string, double> Metrics(FsrsMetrics train, FsrsMetrics heldOut, FsrsMetrics? test)
    {
        var metrics = new Dictionary<string, double>
        {
            ["train_logloss"] = Math.Round(train.LogLoss, 6),
            ["held_out_logloss"] = Math.Round(heldOut.LogLoss, 6),
            ["train_rmse_bins"] = Math.Round(train.RmseBins, 6),
            ["held_out_rmse_bins"] = Math.Round(heldOut.RmseBins, 6),
        };
        if (test is not null)
        {
            metrics["test_logloss"] = Math.Round(test.LogLoss, 6);
            metrics["test_rmse_bins"] = Math.Round(test.RmseBins, 6);
            metrics["test_reviews"] = test.Reviews;
        }

        return metrics;
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
