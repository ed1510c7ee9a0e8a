using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MasteryPath.Content.Datasets;
using MasteryPath.Domain.Learning;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`kt ...`: fit and evaluate learner models on answer logs.</summary>
internal static class KnowledgeTracingCommands
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Answer log to fit on (3-line format or answer-event CSV).", Required = true };
        var test = new Option<string>("--test") { Description = "Answer log to evaluate on; each learner is predicted from their own earlier answers only.", Required = true };
        var model = new Option<string>("--model") { Description = $"Model name ({string.Join(", ", KnowledgeTracerCatalog.All.Select(t => t.Name))}) or 'all'. Default: the project's model ({KnowledgeTracerCatalog.DefaultName})." };
        var format = new Option<string>("--format") { Description = "'table' (default) or 'json'.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var eval = new Command("eval", "Fit on --train, predict --test answer by answer, and report AUC, calibration (ECE and a reliability table of 10 bins), log loss, RMSE, accuracy, fit time and µs per prediction.");
        eval.Options.Add(train);
        eval.Options.Add(test);
        eval.Options.Add(model);
        eval.Options.Add(format);
        eval.SetAction(parse => Evaluate(parse.GetValue(train)!, parse.GetValue(test)!, parse.GetValue(model), parse.GetValue(format)!));

        var kt = new Command("kt", "Knowledge tracing: fit and evaluate learner models.");
        kt.Subcommands.Add(eval);
        kt.Subcommands.Add(CreateFit());
        kt.Subcommands.Add(CreateModels());
        kt.Subcommands.Add(CreateCompare());
        kt.Subcommands.Add(SyntheticLogCommand.Create());
        return kt;
    }

    /// <summary>
    /// `kt fit` in two shapes: <c>--course</c> fits the product's learner model on the configured database and stores it
    /// as a version; <c>--train … --out …</c> fits one predictor on an answer-log file and saves it as JSON.
    /// </summary>
    private static Command CreateFit()
    {
        var course = new Option<string>("--course") { Description = "Fit the product's learner model of this course on the configured database's answer-event log, and store it as a new version." };
        var activate = new Option<bool>("--activate") { Description = "With --course: put the new version in force (the web app then rebuilds the course's learner state)." };
        var json = new Option<bool>("--json") { Description = "With --course: print the result as JSON." };
        var courses = new Option<string>("--courses") { Description = "With --course: the folder of course folders the web app serves (default 'courses'); the course's skill graph there lets the fit add FSRS weights for spaced review.", DefaultValueFactory = _ => "courses" };
        var database = new DatabaseOptions();
        var train = new Option<string>("--train") { Description = "Instead of --course: an answer log file to fit one predictor on (3-line format or answer-event CSV)." };
        var model = new Option<string>("--model") { Description = $"With --train: the predictor; default {KnowledgeTracerCatalog.DefaultName}." };
        var output = new Option<string>("--out") { Description = "With --train: where to write the fitted predictor (JSON)." };
        var fit = new Command("fit", "Fit a course's learner model on the database (--course), or a predictor on an answer-log file (--train … --out …).");
        foreach (var option in new Option[] { course, activate, json, courses, train, model, output })
        {
            fit.Options.Add(option);
        }

        database.AddTo(fit);
        fit.Validators.Add(result =>
        {
            bool Given(Option option) => result.GetResult(option) is { Implicit: false };
            if (Given(course) == Given(train))
            {
                result.AddError("Give either --course <id> (fit the course's learner model on the database) or --train <file> --out <file> (fit on an answer log), not both.");
            }
            else if (Given(train) && !Given(output))
            {
                result.AddError("--train needs --out <file>: where to write the fitted predictor.");
            }
            else if (Given(course) && (Given(output) || Given(model)))
            {
                result.AddError("--out and --model go with --train; --course stores the product's model in the database.");
            }
            else if (Given(train) && (Given(activate) || Given(json) || Given(courses)))
            {
                result.AddError("--activate, --json and --courses go with --course.");
            }
        });
        fit.SetAction((parse, cancellationToken) => parse.GetValue(course) is { } courseId
            ? LearnerModelCommands.FitCourseAsync(database, parse, courseId, parse.GetValue(courses)!, parse.GetValue(activate), parse.GetValue(json), cancellationToken)
            : Task.FromResult(Fit(parse.GetValue(train)!, parse.GetValue(model), parse.GetValue(output)!)));
        return fit;
    }

    private static Command CreateModels()
    {
        var course = new Option<string>("--course") { Description = "The course whose learner model versions to list.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var database = new DatabaseOptions();
        var models = new Command("models", "List a course's fitted learner model versions with their held-out scores, and which one is in force.");
        models.Options.Add(course);
        models.Options.Add(json);
        database.AddTo(models);
        models.SetAction((parse, cancellationToken) => LearnerModelCommands.ListAsync(database, parse, parse.GetValue(course)!, parse.GetValue(json), cancellationToken));
        return models;
    }

    private static Command CreateCompare()
    {
        var log = new Option<string>("--log") { Description = "An answer log: the product's answers.csv export, `simulate answer-log` output, or the 3-line format.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the held-out split. Default: the product's.", DefaultValueFactory = _ => new LearnerModelFitter().Seed };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var compare = new Command("compare", "Fit the product's learner model on an answer log as the product would (80 % of the learners) and compare it with the cold start on the held-out 20 %: AUC, ECE, log loss, RMSE.");
        compare.Options.Add(log);
        compare.Options.Add(seed);
        compare.Options.Add(json);
        compare.SetAction((parse, _) => LearnerModelCommands.CompareAsync(parse.GetValue(log)!, parse.GetValue(seed), parse.GetValue(json)));
        return compare;
    }

    private sealed record Row(string Model, PredictionMetrics Metrics, double FitSeconds, double MicrosecondsPerPrediction);

    private static int Evaluate(string trainPath, string testPath, string? modelName, string format)
    {
        List<IKnowledgeTracerTrainer> trainers;
        if (modelName is null)
        {
            trainers = [KnowledgeTracerCatalog.Find(KnowledgeTracerCatalog.DefaultName)!];
        }
        else if (modelName.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            trainers = [.. KnowledgeTracerCatalog.All];
        }
        else
        {
            var found = KnowledgeTracerCatalog.Find(modelName);
            if (found is null)
            {
                Console.Error.WriteLine($"error: unknown model '{modelName}'; use one of: {string.Join(", ", KnowledgeTracerCatalog.All.Select(t => t.Name))}, all");
                return 2;
            }

            trainers = [found];
        }

        AnswerLog trainLog, testLog;
        try
        {
            var skills = new Dictionary<string, int>(StringComparer.Ordinal);
            trainLog = AnswerLogReader.Read(trainPath, skills);
            testLog = AnswerLogReader.Read(testPath, skills);
        }
        catch (AnswerLogFormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        var rows = new List<Row>();
        foreach (var trainer in trainers)
        {
            var fitClock = Stopwatch.StartNew();
            var fitted = trainer.Fit(trainLog.Learners);
            var fitSeconds = fitClock.Elapsed.TotalSeconds;
            var predictClock = Stopwatch.StartNew();
            var (predictions, outcomes) = PredictionMetrics.Replay(fitted, testLog.Learners);
            var micros = predictClock.Elapsed.TotalMicroseconds / System.Math.Max(1, predictions.Count);
            rows.Add(new Row(trainer.Name, PredictionMetrics.Compute(predictions, outcomes), fitSeconds, micros));
        }

        if (format == "json")
        {
            var objects = rows.Select(r => new Dictionary<string, object>
            {
                ["model"] = r.Model,
                ["auc"] = Math.Round(r.Metrics.Auc, 6),
                ["ece"] = Math.Round(r.Metrics.Ece, 6),
                ["reliability"] = r.Metrics.Calibration.Bins.Select(b => new Dictionary<string, object?>
                {
                    ["lower"] = b.Lower,
                    ["upper"] = b.Upper,
                    ["count"] = b.Count,
                    ["mean_predicted"] = b.Count == 0 ? null : Math.Round(b.MeanPredicted, 6),
                    ["observed_rate"] = b.Count == 0 ? null : Math.Round(b.ObservedRate, 6),
                }).ToList(),
                ["logloss"] = Math.Round(r.Metrics.LogLoss, 6),
                ["rmse"] = Math.Round(r.Metrics.Rmse, 6),
                ["accuracy"] = Math.Round(r.Metrics.Accuracy, 6),
                ["n"] = r.Metrics.Count,
                ["fit_seconds"] = Math.Round(r.FitSeconds, 3),
                ["us_per_prediction"] = Math.Round(r.MicrosecondsPerPrediction, 3),
            }).ToList();
            Console.WriteLine(modelName is not null && modelName.Equals("all", StringComparison.OrdinalIgnoreCase)
                ? JsonSerializer.Serialize(objects)
                : JsonSerializer.Serialize(objects[0]));
            return 0;
        }

        var table = new Table().AddColumns("model", "AUC", "ECE", "log loss", "RMSE", "accuracy", "n", "fit s", "µs/prediction");
        table.Title = new TableTitle($"train {Markup.Escape(trainPath)} ({trainLog.AnswerCount:N0} answers) → test {Markup.Escape(testPath)} ({testLog.AnswerCount:N0})");
        foreach (var r in rows)
        {
            table.AddRow(
                r.Model,
                F(r.Metrics.Auc, 4),
                F(r.Metrics.Ece, 4),
                F(r.Metrics.LogLoss, 4),
                F(r.Metrics.Rmse, 4),
                F(r.Metrics.Accuracy, 4),
                r.Metrics.Count.ToString("N0", CultureInfo.InvariantCulture),
                F(r.FitSeconds, 2),
                F(r.MicrosecondsPerPrediction, 2));
        }

        AnsiConsole.Write(table);
        foreach (var r in rows)
        {
            AnsiConsole.Write(ReliabilityTable(r));
        }

        return 0;
    }

    /// <summary>One model's reliability table: per bin of predicted probability, how many predictions, their mean, and the observed rate.</summary>
    private static Table ReliabilityTable(Row row)
    {
        var table = new Table { Title = new TableTitle($"reliability of {Markup.Escape(row.Model)} (ECE {F(row.Metrics.Ece, 4)})") };
        table.AddColumns("bin", "n", "mean predicted", "observed rate", "gap");
        foreach (var bin in row.Metrics.Calibration.Bins)
        {
            table.AddRow(
                $"{F(bin.Lower, 1)}–{F(bin.Upper, 1)}",
                bin.Count.ToString("N0", CultureInfo.InvariantCulture),
                bin.Count == 0 ? "–" : F(bin.MeanPredicted, 3),
                bin.Count == 0 ? "–" : F(bin.ObservedRate, 3),
                bin.Count == 0 ? "–" : F(bin.ObservedRate - bin.MeanPredicted, 3));
        }

        return table;
    }

    private static int Fit(string trainPath, string? modelName, string outPath)
    {
        var trainer = KnowledgeTracerCatalog.Find(modelName ?? KnowledgeTracerCatalog.DefaultName);
        if (trainer is null)
        {
            Console.Error.WriteLine($"error: unknown model '{modelName}'; use one of: {string.Join(", ", KnowledgeTracerCatalog.All.Select(t => t.Name))}");
            return 2;
        }

        AnswerLog log;
        try
        {
            log = AnswerLogReader.Read(trainPath);
        }
        catch (AnswerLogFormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        var fitted = trainer.Fit(log.Learners);
        try
        {
            ModelFile.Write(outPath, new SavedModel(fitted.Export(), log.SkillIndex, DateTimeOffset.UtcNow, log.AnswerCount));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {outPath}: the model could not be written: {ex.Message}");
            return 1;
        }

        AnsiConsole.MarkupLine($"fitted [green]{Markup.Escape(trainer.Name)}[/] on {log.AnswerCount:N0} answers of {log.Learners.Count:N0} learners in {clock.Elapsed.TotalSeconds:F1} s → {Markup.Escape(outPath)}");
        return 0;
    }

    private static string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
