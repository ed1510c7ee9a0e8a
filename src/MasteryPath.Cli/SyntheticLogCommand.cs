using System.CommandLine;
using System.Text;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Simulation;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`kt synth`: writes a synthetic train/test split in the 3-line format, in the shape of a public data set.</summary>
internal static class SyntheticLogCommand
{
    public static Command Create()
    {
        var shape = new Option<string>("--shape") { Description = "'many-exercises' (like Statics2011: ~1,200 exercise ids, ~100 answers each) or 'many-skills' (like ASSISTments 2015: 100 skills, short skill-builder sequences).", Required = true };
        shape.AcceptOnlyFromAmong("many-exercises", "many-skills");
        var learners = new Option<int>("--learners") { Description = "Learners in train and test together.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the exercises and the learners.", DefaultValueFactory = _ => 1UL };
        var testShare = new Option<double>("--test-share") { Description = "Share of the learners written to --test.", DefaultValueFactory = _ => 0.3 };
        var train = new Option<string>("--train") { Description = "Where to write the training learners.", Required = true };
        var test = new Option<string>("--test") { Description = "Where to write the test learners.", Required = true };
        var synth = new Command("synth", "Write a synthetic answer log (IRT with learning, not any learner model of the project) split into train and test, in the 3-line format.");
        foreach (var option in new Option[] { shape, learners, seed, testShare, train, test })
        {
            synth.Options.Add(option);
        }

        synth.SetAction(parse =>
        {
            var kind = parse.GetValue(shape) == "many-exercises" ? AnswerLogShape.ManyExercises : AnswerLogShape.ManySkills;
            var log = SyntheticAnswerLogs.Generate(kind, parse.GetValue(learners), parse.GetValue(seed));
            var testCount = (int)System.Math.Round(log.Count * System.Math.Clamp(parse.GetValue(testShare), 0, 1));
            Write(parse.GetValue(train)!, log.Take(log.Count - testCount));
            Write(parse.GetValue(test)!, log.Skip(log.Count - testCount));
            AnsiConsole.MarkupLine($"wrote {log.Count - testCount:N0} training and {testCount:N0} test learners ({log.Sum(l => l.Attempts.Count):N0} answers, {log.SelectMany(l => l.Attempts).Select(a => a.Skill).Distinct().Count():N0} exercise ids)");
            return 0;
        });
        return synth;
    }

    private static void Write(string path, IEnumerable<LearnerSequence> learners)
    {
        var text = new StringBuilder();
        foreach (var learner in learners.Where(l => l.Attempts.Count > 0))
        {
            text.Append(learner.Attempts.Count).Append('\n');
            text.AppendJoin(',', learner.Attempts.Select(a => a.Skill + 1)).Append('\n');
            text.AppendJoin(',', learner.Attempts.Select(a => a.Correct ? 1 : 0)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
