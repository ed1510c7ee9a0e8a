using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MasteryPath.Content.Datasets;
using MasteryPath.Content.Loading;
using MasteryPath.Data;
using MasteryPath.Data.LearnerModels;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>
/// The product's learner model from the command line: <c>kt fit --course</c> fits a course's model on the configured
/// database (the same service as the admin page), <c>kt models</c> lists its versions, and <c>kt compare</c> fits the
/// same model on an answer-log file and scores it against the cold start on held-out learners.
/// </summary>
internal static class LearnerModelCommands
{
    /// <summary>`kt fit --course`: fit on the database, store a version, optionally put it in force.</summary>
    public static async Task<int> FitCourseAsync(DatabaseOptions database, ParseResult parse, string courseId, string coursesFolder, bool activate, bool json, CancellationToken cancellationToken)
    {
        var (content, contentNote) = FindContent(coursesFolder, courseId);
        await using var db = await database.OpenMigratedAsync(parse, cancellationToken);
        if (db is null)
        {
            return 2;
        }

        var jobs = new BackgroundJobQueue(db, TimeProvider.System);
        var store = new LearnerModelStore(db, jobs, TimeProvider.System);
        var fitting = new LearnerModelFitting(db, store);
        var outcome = await WithProgressAsync($"Fitting the learner model of {courseId}", !json, progress => fitting.FitAsync(courseId, "cli", progress, cancellationToken, content));

        if (outcome.Refusal is not null)
        {
            Console.Error.WriteLine($"error: {outcome.Refusal}");
            return 1;
        }

        var version = outcome.Version!;
        var fit = outcome.Fit!;
        BackgroundJob? rebuild = null;
        if (activate)
        {
            rebuild = await store.ActivateAsync(courseId, version.Version, "cli", cancellationToken);
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["course"] = courseId,
                ["version"] = version.Version,
                ["active"] = activate,
                ["learners"] = fit.Learners,
                ["answers"] = fit.Answers,
                ["held_out_learners"] = fit.HeldOutLearners,
                ["fitted"] = Figures(fit.Fitted),
                ["cold_start"] = Figures(fit.ColdStart),
                ["retention"] = outcome.Retention is { } r ? new Dictionary<string, object?>
                {
                    ["summary"] = r.Summary,
                    ["fitted"] = r.Weights is not null,
                    ["train_reviews"] = r.TrainReviews,
                    ["held_out_reviews"] = r.HeldOutReviews,
                    ["fitted_logloss"] = r.FittedLogLoss,
                    ["default_logloss"] = r.DefaultLogLoss,
                    ["weights"] = r.Weights,
                } : new Dictionary<string, object?> { ["summary"] = contentNote, ["fitted"] = false },
                ["rebuild_job"] = rebuild?.Id,
            }));
            return 0;
        }

        AnsiConsole.WriteLine($"{courseId}: {fit.Answers:N0} answers of {fit.Learners:N0} learners; fitted on 80 %, scored on {fit.HeldOutLearners:N0} held-out learners, then refitted on everyone");
        AnsiConsole.Write(ScoreTable(fit));
        AnsiConsole.WriteLine($"Spaced review: {outcome.Retention?.Summary ?? contentNote}.");
        AnsiConsole.MarkupLine(activate
            ? $"Stored as [green]version {version.Version}[/] of {Markup.Escape(courseId)}, now in force; the web app rebuilds the course's learner state in the background (job {rebuild!.Id})."
            : $"Stored as [green]version {version.Version}[/] of {Markup.Escape(courseId)}, not in force: use it with --activate, or from the admin page.");
        return 0;
    }

    /// <summary>The course's skill graph and bar from the courses folder, for the FSRS part of the fit; or why it is not there.</summary>
    private static (CourseContent? Content, string? Note) FindContent(string coursesFolder, string courseId)
    {
        if (!Directory.Exists(coursesFolder))
        {
            return (null, $"FSRS defaults kept: no courses folder '{coursesFolder}' to read the course's skill graph from (--courses)");
        }

        foreach (var folder in Directory.GetDirectories(coursesFolder).Where(d => File.Exists(Path.Combine(d, "course.yaml"))).Order(StringComparer.Ordinal))
        {
            if (CourseLoader.Load(folder).Course is { } course && course.Id == courseId)
            {
                return (new CourseContent(course.Graph, MasteryPolicy.From(course.Mastery)), null);
            }
        }

        return (null, $"FSRS defaults kept: no loadable course '{courseId}' in '{coursesFolder}' (--courses)");
    }

    /// <summary>`kt models --course`: the course's versions and which one is in force.</summary>
    public static async Task<int> ListAsync(DatabaseOptions database, ParseResult parse, string courseId, bool json, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenMigratedAsync(parse, cancellationToken);
        if (db is null)
        {
            return 2;
        }

        var store = new LearnerModelStore(db, new BackgroundJobQueue(db, TimeProvider.System), TimeProvider.System);
        var versions = await store.VersionsAsync(courseId, cancellationToken);
        var inForce = versions.FirstOrDefault(v => v.IsActive)?.Version ?? LearnerModelStore.ColdStart;
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["course"] = courseId,
                ["in_force"] = inForce,
                ["versions"] = versions.Select(v => new Dictionary<string, object?>
                {
                    ["version"] = v.Version,
                    ["created_at"] = v.CreatedAt,
                    ["created_by"] = v.CreatedBy,
                    ["learners"] = v.Learners,
                    ["answers"] = v.Answers,
                    ["active"] = v.IsActive,
                    ["fitted"] = LearnerModelJson.Score(v.FittedScoreJson),
                    ["cold_start"] = LearnerModelJson.Score(v.ColdStartScoreJson),
                }).ToList(),
            }, JsonSerializerOptions.Web));
            return 0;
        }

        var table = new Table().AddColumns("version", "fitted at", "by", "learners", "answers", "AUC fitted / cold", "ECE fitted / cold", "log loss fitted / cold", "");
        table.Title = new TableTitle($"{Markup.Escape(courseId)}: {Markup.Escape(LearnerModelStore.Name(inForce))} in force");
        foreach (var v in versions)
        {
            var fitted = LearnerModelJson.Score(v.FittedScoreJson);
            var cold = LearnerModelJson.Score(v.ColdStartScoreJson);
            table.AddRow(
                v.Version.ToString(CultureInfo.InvariantCulture),
                v.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Markup.Escape(v.CreatedBy),
                v.Learners.ToString("N0", CultureInfo.InvariantCulture),
                v.Answers.ToString("N0", CultureInfo.InvariantCulture),
                $"{F(fitted.Auc)} / {F(cold.Auc)}",
                $"{F(fitted.Ece)} / {F(cold.Ece)}",
                $"{F(fitted.LogLoss)} / {F(cold.LogLoss)}",
                v.IsActive ? "in force" : string.Empty);
        }

        table.AddRow("0", string.Empty, string.Empty, string.Empty, string.Empty, "cold start", string.Empty, string.Empty, inForce == LearnerModelStore.ColdStart ? "in force" : string.Empty);
        AnsiConsole.Write(table);
        return 0;
    }

    /// <summary>`kt compare --log`: the product's fit on an answer-log file, against the cold start on held-out learners.</summary>
    public static async Task<int> CompareAsync(string path, ulong seed, bool json)
    {
        AnswerLog log;
        try
        {
            log = AnswerLogReader.Read(path);
        }
        catch (AnswerLogFormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        var names = log.SkillIndex.ToDictionary(p => p.Value, p => p.Key);
        if (names.Values.FirstOrDefault(n => !SkillId.IsValid(n)) is { } invalid)
        {
            Console.Error.WriteLine($"error: {path}: '{invalid}' is not a skill id (lower-case letters, digits and dashes)");
            return 1;
        }

        var answers = log.Learners.ToDictionary(
            l => l.LearnerId,
            l => (IReadOnlyList<SkillAnswer>)l.Attempts.Select(a => new SkillAnswer(SkillId.Parse(names[a.Skill]), a.Correct)).ToList(),
            StringComparer.Ordinal);
        var fitter = new LearnerModelFitter { Seed = seed };
        if (fitter.Refusal(answers) is { } refusal)
        {
            Console.Error.WriteLine($"error: {refusal}");
            return 1;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var fit = await WithProgressAsync("Fitting", !json, progress => Task.Run(() => fitter.Fit(answers, progress)));
        var seconds = clock.Elapsed.TotalSeconds;
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["log"] = path,
                ["learners"] = fit.Learners,
                ["answers"] = fit.Answers,
                ["held_out_learners"] = fit.HeldOutLearners,
                ["seed"] = seed,
                ["fit_seconds"] = Math.Round(seconds, 2),
                ["fitted"] = Figures(fit.Fitted),
                ["cold_start"] = Figures(fit.ColdStart),
            }));
            return 0;
        }

        AnsiConsole.WriteLine($"{path}: {fit.Answers:N0} answers of {fit.Learners:N0} learners; fitted on 80 %, scored on {fit.HeldOutLearners:N0} held-out learners (seed {seed}, {seconds:F1} s)");
        AnsiConsole.Write(ScoreTable(fit));
        return 0;
    }

    /// <summary>Runs <paramref name="work"/> under a Spectre progress bar on a terminal; without one (piped output, --json) silently.</summary>
    private static async Task<T> WithProgressAsync<T>(string description, bool show, Func<IProgress<double>?, Task<T>> work)
    {
        if (!show || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(null);
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1);
                var result = await work(new Progress<double>(p => task.Value = Math.Max(task.Value, p)));
                task.Value = 1;
                return result;
            });
    }

    private static Table ScoreTable(LearnerModelFit fit)
    {
        var table = new Table().AddColumns("held-out score", "fitted model", "cold start");
        table.AddRow("AUC (higher is better)", F(fit.Fitted.Metrics.Auc), F(fit.ColdStart.Metrics.Auc));
        table.AddRow("ECE (lower is better)", F(fit.Fitted.Ece), F(fit.ColdStart.Ece));
        table.AddRow("log loss (lower is better)", F(fit.Fitted.Metrics.LogLoss), F(fit.ColdStart.Metrics.LogLoss));
        table.AddRow("RMSE (lower is better)", F(fit.Fitted.Metrics.Rmse), F(fit.ColdStart.Metrics.Rmse));
        table.AddRow("answers predicted", fit.Fitted.Metrics.Count.ToString("N0", CultureInfo.InvariantCulture), fit.ColdStart.Metrics.Count.ToString("N0", CultureInfo.InvariantCulture));
        return table;
    }

    private static Dictionary<string, object?> Figures(HeldOutScore score) => new()
    {
        ["auc"] = Round(score.Metrics.Auc),
        ["ece"] = Round(score.Ece),
        ["logloss"] = Round(score.Metrics.LogLoss),
        ["rmse"] = Round(score.Metrics.Rmse),
        ["n"] = score.Metrics.Count,
    };

    private static double? Round(double value) => double.IsFinite(value) ? Math.Round(value, 6) : null;

    private static string F(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    private static string F(double? value) => value is { } v ? F(v) : "n/a";
}
