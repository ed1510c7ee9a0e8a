using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MasteryPath.Content.Datasets;
using MasteryPath.Content.Loading;
using MasteryPath.Domain.Diagnostics;
using MasteryPath.Domain.Simulation;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`simulate ...`: mastery rules and pacing on simulated learners whose true state is known.</summary>
internal static class SimulateCommands
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "'table' (default) or 'json'.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var learners = new Option<int>("--learners") { Description = "Simulated learners per generator (each rule sees the same learners). Default 5000.", DefaultValueFactory = _ => 5000 };
        var seed = new Option<ulong>("--seed") { Description = "Run seed; results are identical for a seed. Default 1.", DefaultValueFactory = _ => 1UL };
        var classLearners = new Option<int>("--class-learners") { Description = "Learners in the class what-if. Default 30.", DefaultValueFactory = _ => 30 };
        var mastery = new Command("mastery", "Compare mastery rules on simulated learners (items to mastery, false mastery, missed mastery) and run the class what-if: fixed vs mastery pacing.");
        mastery.Options.Add(format);
        mastery.Options.Add(learners);
        mastery.Options.Add(seed);
        mastery.Options.Add(classLearners);
        mastery.SetAction(parse => Mastery(parse.GetValue(format)!, parse.GetValue(learners), parse.GetValue(seed), parse.GetValue(classLearners)));

        var course = new Option<string>("--course") { Description = "The course folder whose skill graph to place learners on.", Required = true };
        var diagnosticFormat = new Option<string>("--format") { Description = "'table' (default) or 'json'.", DefaultValueFactory = _ => "table" };
        diagnosticFormat.AcceptOnlyFromAmong("table", "json");
        var diagnosticLearners = new Option<int>("--learners") { Description = "Simulated learners. Default 300.", DefaultValueFactory = _ => 300 };
        var diagnosticSeed = new Option<ulong>("--seed") { Description = "Run seed; results are identical for a seed. Default 1.", DefaultValueFactory = _ => 1UL };
        var diagnosticTruth = new Option<string>("--truth") { Description = "How simulated learners' true states are drawn: 'depth' (default: shallow skills of every branch known), 'studied' (a few topics known with their prerequisites) or 'partial' (a few topics known with what their items exercise; other prerequisites known half the time).", DefaultValueFactory = _ => "depth" };
        diagnosticTruth.AcceptOnlyFromAmong("depth", "studied", "partial");
        var diagnosticEvidence = new Option<string>("--evidence") { Description = "What a right answer backs: 'exercised' (default: the item's skill and its 'exercises'/'also' skills with their prerequisites) or 'ancestors' (the skill and every prerequisite: the previous rule, to compare).", DefaultValueFactory = _ => "exercised" };
        diagnosticEvidence.AcceptOnlyFromAmong("exercised", "ancestors");
        var diagnostic = new Command("diagnostic", "Place simulated learners on a course's skill graph: the adaptive diagnostic vs testing every skill once vs the same number of random questions.");
        diagnostic.Options.Add(course);
        diagnostic.Options.Add(diagnosticFormat);
        diagnostic.Options.Add(diagnosticLearners);
        diagnostic.Options.Add(diagnosticSeed);
        diagnostic.Options.Add(diagnosticTruth);
        diagnostic.Options.Add(diagnosticEvidence);
        diagnostic.SetAction(parse => Diagnostic(parse.GetValue(course)!, parse.GetValue(diagnosticFormat)!, parse.GetValue(diagnosticLearners), parse.GetValue(diagnosticSeed), parse.GetValue(diagnosticTruth)!, parse.GetValue(diagnosticEvidence)!));

        var simulate = new Command("simulate", "Simulations of the learning engine's decisions.");
        simulate.Subcommands.Add(mastery);
        simulate.Subcommands.Add(diagnostic);
        simulate.Subcommands.Add(FsrsCommands.SimulateReviews());
        simulate.Subcommands.Add(CreateAnswerLog());
        return simulate;
    }

    private static Command CreateAnswerLog()
    {
        var course = new Option<string>("--course") { Description = "The course folder whose skills the simulated class works through.", Required = true };
        var learners = new Option<int>("--learners") { Description = "Simulated learners. Default 200.", DefaultValueFactory = _ => 200 };
        var seed = new Option<ulong>("--seed") { Description = "Run seed; the log is identical for a seed. Default 1.", DefaultValueFactory = _ => 1UL };
        var output = new Option<string>("--out") { Description = "Where to write the answer log (CSV: learner,skill,correct,timestamp, as the product's answers.csv export).", Required = true };
        var answerLog = new Command("answer-log", "Write the answer log of a simulated class working through a course (learners whose true state is not the project's model), in the format of the product's answer-log export; `kt compare --log` scores the learner model on it.");
        answerLog.Options.Add(course);
        answerLog.Options.Add(learners);
        answerLog.Options.Add(seed);
        answerLog.Options.Add(output);
        answerLog.SetAction(parse => AnswerLog(parse.GetValue(course)!, parse.GetValue(learners), parse.GetValue(seed), parse.GetValue(output)!));
        return answerLog;
    }

    private static int AnswerLog(string folder, int learners, ulong seed, string outPath)
    {
        if (learners <= 0)
        {
            Console.Error.WriteLine("error: --learners must be positive");
            return 2;
        }

        var load = CourseLoader.Load(folder.TrimEnd('/', '\\'));
        if (load.Course is null)
        {
            Console.Error.WriteLine($"error: the course in {folder} does not load; run 'course check {folder}' to see why");
            return 1;
        }

        var answers = new AnswerLogSimulator(load.Course.Graph).Simulate(learners, seed);
        using (var file = File.Create(outPath))
        {
            AnswerLogWriter.Write(file, answers.Select(a => new AnswerLogRow(a.Learner, a.Skill.Value, a.Correct, a.At)));
        }

        AnsiConsole.MarkupLine($"wrote {answers.Count:N0} answers of {learners:N0} simulated learners on {load.Course.Skills.Count} skills of {Markup.Escape(load.Course.Id)} ({answers.Count(a => a.Correct) * 100.0 / Math.Max(1, answers.Count):F1} % right) → {Markup.Escape(outPath)}");
        return 0;
    }

    private static int Diagnostic(string folder, string format, int learners, ulong seed, string truth, string evidence)
    {
        if (learners <= 0)
        {
            Console.Error.WriteLine("error: --learners must be positive");
            return 2;
        }

        var load = CourseLoader.Load(folder.TrimEnd('/', '\\'));
        if (load.Course is null)
        {
            Console.Error.WriteLine($"error: the course in {folder} does not load; run 'course check {folder}' to see why");
            return 1;
        }

        var truthModel = truth switch
        {
            "studied" => DiagnosticTruth.Studied,
            "partial" => DiagnosticTruth.Partial,
            _ => DiagnosticTruth.Depth,
        };
        var questions = DiagnosticQuestion.ByItem(load.Course.Graph, load.Course.Items).Values;
        var evidenceRule = evidence == "ancestors" ? DiagnosticEvidence.Ancestors : DiagnosticEvidence.Exercised;
        var results = DiagnosticSimulator.Run(load.Course.Graph, learners, seed, truthModel: truthModel, questions: questions, evidence: evidenceRule);
        if (format == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(results.Select(r => new Dictionary<string, object>
            {
                ["strategy"] = r.Strategy,
                ["questions_mean"] = Math.Round(r.QuestionsMean, 3),
                ["questions_p90"] = r.QuestionsP90,
                ["accuracy"] = Math.Round(r.Accuracy, 4),
                ["false_known"] = Math.Round(r.FalseKnown, 4),
                ["skills"] = load.Course.Skills.Count,
                ["learners"] = learners,
                ["seed"] = seed,
                ["truth"] = truth,
                ["evidence"] = evidence,
            })));
            return 0;
        }

        var table = new Table().AddColumns("strategy", "questions mean", "questions p90", "per-skill agreement", "placed known but not known");
        table.Title = new TableTitle($"placement on {Markup.Escape(load.Course.Id)} ({load.Course.Skills.Count} skills), {learners:N0} simulated learners ({truth}), right answers back {(evidence == "ancestors" ? "every prerequisite" : "what the item exercises")}, seed {seed}");
        foreach (var r in results)
        {
            table.AddRow(r.Strategy, r.QuestionsMean.ToString("F1", CultureInfo.InvariantCulture), r.QuestionsP90.ToString(CultureInfo.InvariantCulture), r.Accuracy.ToString("P1", CultureInfo.InvariantCulture), r.FalseKnown.ToString("P1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private static int Mastery(string format, int learners, ulong seed, int classLearners)
    {
        if (learners <= 0 || classLearners <= 1)
        {
            Console.Error.WriteLine("error: --learners must be positive and --class-learners at least 2");
            return 2;
        }

        var rows = MasterySimulator.SimulateAll(learners, seed);
        var whatIf = new ClassWhatIf { Learners = classLearners }.Run(seed);

        if (format == "json")
        {
            var objects = rows.Select(r => new Dictionary<string, object>
            {
                ["generator"] = r.Generator,
                ["rule"] = r.Rule,
                ["items_mean"] = Math.Round(r.ItemsMean, 3),
                ["items_p90"] = Math.Round(r.ItemsP90, 3),
                ["false_mastery_rate"] = Math.Round(r.FalseMasteryRate, 4),
                ["missed_mastery_mean"] = Math.Round(r.MissedMasteryMean, 3),
                ["never_declared_share"] = Math.Round(r.NeverDeclaredShare, 4),
                ["learners"] = r.Learners,
                ["cap"] = MasterySimulator.DefaultCap,
                ["seed"] = seed,
            }).ToList();
            foreach (var p in new[] { whatIf.Fixed, whatIf.Mastery })
            {
                objects.Add(new Dictionary<string, object>
                {
                    ["generator"] = "class",
                    ["rule"] = p.Pacing,
                    ["items_mean"] = p.ItemsPerLearner,
                    ["items_p90"] = p.ItemsPerLearner,
                    ["false_mastery_rate"] = Math.Round(p.MovedOnUnmastered, 4),
                    ["final_test_mean"] = Math.Round(p.TestMean, 4),
                    ["final_test_sd"] = Math.Round(p.TestSd, 4),
                    ["skills_truly_mastered"] = Math.Round(p.SkillsTrulyMastered, 3),
                    ["effect_size_d"] = Math.Round(whatIf.EffectSize, 3),
                    ["learners"] = classLearners,
                    ["seed"] = seed,
                });
            }

            Console.WriteLine(JsonSerializer.Serialize(objects));
            return 0;
        }

        var table = new Table().AddColumns("generator", "rule", "items mean", "items p90", "never declared", "false mastery", "missed mastery (answers)");
        table.Title = new TableTitle($"mastery rules: {learners:N0} simulated learners per generator, one skill, cap {MasterySimulator.DefaultCap} items, seed {seed}");
        foreach (var r in rows)
        {
            table.AddRow(r.Generator, r.Rule, F(r.ItemsMean, 1), F(r.ItemsP90, 1), P(r.NeverDeclaredShare), P(r.FalseMasteryRate), F(r.MissedMasteryMean, 1));
        }

        AnsiConsole.Write(table);

        var pacing = new Table().AddColumns("pacing", "items / learner", "final test mean", "final test SD", "skills truly mastered", "moved on unmastered");
        pacing.Title = new TableTitle($"class what-if: {classLearners} learners × 10-skill prerequisite chain, same practice time; Cohen's d (mastery − fixed) = {F(whatIf.EffectSize, 2)}");
        foreach (var p in new[] { whatIf.Fixed, whatIf.Mastery })
        {
            pacing.AddRow(p.Pacing, p.ItemsPerLearner.ToString(CultureInfo.InvariantCulture), P(p.TestMean), F(p.TestSd, 3), F(p.SkillsTrulyMastered, 2), P(p.MovedOnUnmastered));
        }

        AnsiConsole.Write(pacing);
        return 0;
    }

    private static string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string P(double share) => (100 * share).ToString("F1", CultureInfo.InvariantCulture) + " %";
}
