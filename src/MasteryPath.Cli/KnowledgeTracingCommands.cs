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

        var fitTrain = new Option<string>("--train") { Description = "Answer log to fit on (3-line format or answer-event CSV).", Required = true };
        var fitModel = new Option<string>("--model") { Description = $"Model name; default {KnowledgeTracerCatalog.DefaultName}." };
        var output = new Option<string>("--out") { Description = "Where to write the fitted model (JSON).", Required = true };
        var fit = new Command("fit", "Fit a learner model offline on an answer log and save its parameters for the product to load.");
        fit.Options.Add(fitTrain);
        fit.Options.Add(fitModel);
        fit.Options.Add(output);
        fit.SetAction(parse => Fit(parse.GetValue(fitTrain)!, parse.GetValue(fitModel), parse.GetValue(output)!));

        var kt = new Command("kt", "Knowledge tracing: fit and evaluate learner models.");
        kt.Subcommands.Add(eval);
        kt.Subcommands.Add(fit);
        kt.Subcommands.Add(SyntheticLogCommand.Create());
        return kt;
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
        ModelFile.Write(outPath, new SavedModel(fitted.Export(), log.SkillIndex, DateTimeOffset.UtcNow, log.AnswerCount));
        AnsiConsole.MarkupLine($"fitted [green]{Markup.Escape(trainer.Name)}[/] on {log.AnswerCount:N0} answers of {log.Learners.Count:N0} learners in {clock.Elapsed.TotalSeconds:F1} s → {Markup.Escape(outPath)}");
        return 0;
    }

    private static string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
