using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Diagnostics;

/// <summary>One strategy's results over simulated learners.</summary>
/// <param name="Strategy">"adaptive", "every-skill-once" or "random-same-count".</param>
/// <param name="QuestionsMean">Mean questions asked.</param>
/// <param name="QuestionsP90">90th percentile of questions asked.</param>
/// <param name="Accuracy">Mean per-skill agreement of the placement with the true state.</param>
/// <param name="FalseKnown">Mean share of skills placed as known that the learner does not know: the costly mistake, since those skills are then not taught.</param>
public sealed record DiagnosticResult(string Strategy, double QuestionsMean, int QuestionsP90, double Accuracy, double FalseKnown);

/// <summary>How the simulator draws a learner's true knowledge state.</summary>
public enum DiagnosticTruth
{
    /// <summary>An ability on a logistic scale against each skill's depth: learners know the shallow skills of every branch.</summary>
    Depth,

    /// <summary>
    /// A learner who studied a few topics: up to four skills drawn at random, known with all their prerequisites
    /// and nothing else, so one branch can be known far up while a shallow sibling branch is not.
    /// </summary>
    Studied,

    /// <summary>
    /// A learner who studied a few topics but only what their items take: up to four skills drawn at random, each
    /// known with the prerequisites every one of its items exercises; each of its other prerequisites is known with
    /// probability ½ (when what that one's items take is known). She can solve positive-number slope problems
    /// without knowing negative numbers, so a right answer says nothing about a prerequisite the item does not take.
    /// </summary>
    Partial,
}

/// <summary>What the simulated diagnostic takes a right answer as evidence for.</summary>
public enum DiagnosticEvidence
{
    /// <summary>The skill and what the item answered really exercises (ADR 0014).</summary>
    Exercised,

    /// <summary>The skill and every prerequisite of it, whatever the item (ADR 0008, the previous rule): kept to measure what the change buys.</summary>
    Ancestors,
}

/// <summary>
/// Simulates placement on a course graph. True states come from a generator unlike the diagnostic's prior
/// (<see cref="DiagnosticTruth"/>); learners answer an item right when they know its skill and everything it
/// exercises, and slip and guess 10–20 % of the time. Compares the adaptive diagnostic with asking every skill once
/// and with asking as many random questions as the adaptive one did (same inference, random questions).
/// </summary>
public static class DiagnosticSimulator
{
    /// <summary>Runs <paramref name="learners"/> simulated learners.</summary>
    /// <param name="graph">The course's skill graph.</param>
    /// <param name="learners">Simulated learners.</param>
    /// <param name="seed">Results are identical for a seed.</param>
    /// <param name="settings">The diagnostic's settings.</param>
    /// <param name="truthModel">How true states are drawn.</param>
    /// <param name="questions">The course's questions (<see cref="DiagnosticQuestion.ByItem"/>); a skill without one is asked by a question that exercises nothing else.</param>
    /// <param name="evidence">What the diagnostic takes a right answer as evidence for.</param>
    public static IReadOnlyList<DiagnosticResult> Run(
        SkillGraph graph,
        int learners,
        ulong seed,
        DiagnosticSettings? settings = null,
        DiagnosticTruth truthModel = DiagnosticTruth.Depth,
        IEnumerable<DiagnosticQuestion>? questions = null,
        DiagnosticEvidence evidence = DiagnosticEvidence.Exercised)
    {
        ArgumentNullException.ThrowIfNull(graph);
        settings ??= new DiagnosticSettings();
        var skills = graph.TopologicalOrder.ToArray();
        var depth = graph.Depths();
        var maxDepth = System.Math.Max(1, depth.Values.DefaultIfEmpty(0).Max());
        var real = DiagnosticQuestion.Complete(graph, questions);
        var bySkill = real.GroupBy(q => q.Skill).ToDictionary(g => g.Key, g => g.ToArray());
        var needs = bySkill.ToDictionary(p => p.Key, p => p.Value.Select(q => (IEnumerable<SkillId>)q.Exercised).Aggregate((a, b) => a.Intersect(b)).ToArray());
        var ancestors = skills.ToDictionary(s => s, s => new DiagnosticQuestion(s, graph.Ancestors(s)));
        var believed = evidence == DiagnosticEvidence.Ancestors ? [.. ancestors.Values] : real;
        var random = new DeterministicRandom(seed);
        var adaptive = new List<(int Questions, double Accuracy, double FalseKnown)>();
        var everySkill = new List<(int Questions, double Accuracy, double FalseKnown)>();
        var randomOrder = new List<(int Questions, double Accuracy, double FalseKnown)>();

        // The item the learner is shown: under the previous rule the diagnostic chooses only the skill.
        DiagnosticQuestion Item(SkillId skill) => bySkill[skill].Length == 1 ? bySkill[skill][0] : bySkill[skill][random.Next(bySkill[skill].Length)];
        DiagnosticQuestion Shown(DiagnosticQuestion asked) => evidence == DiagnosticEvidence.Ancestors ? Item(asked.Skill) : asked;
        DiagnosticQuestion Read(DiagnosticQuestion shown) => evidence == DiagnosticEvidence.Ancestors ? ancestors[shown.Skill] : shown;

        for (var l = 0; l < learners; l++)
        {
            var truth = truthModel switch
            {
                DiagnosticTruth.Studied => StudiedState(graph, skills, random),
                DiagnosticTruth.Partial => PartialState(graph, skills, needs, random),
                _ => TrueState(graph, skills, depth, maxDepth, random),
            };
            var slip = 0.1 + (random.NextDouble() * 0.1);
            var guess = 0.1 + (random.NextDouble() * 0.1);
            bool Ask(DiagnosticQuestion q) => q.Backs.All(s => truth[s]) ? random.NextDouble() >= slip : random.NextDouble() < guess;
            double Agreement(IEnumerable<SkillPlacement> placement) => placement.Average(p => p.Known == truth[p.Skill] ? 1.0 : 0.0);
            double FalseKnown(IEnumerable<SkillPlacement> placement) => placement.Average(p => p.Known && !truth[p.Skill] ? 1.0 : 0.0);

            var diagnostic = new AdaptiveDiagnostic(graph, settings, random.NextUInt64(), believed);
            while (!diagnostic.IsFinished)
            {
                var shown = Shown(diagnostic.NextQuestion());
                diagnostic.Answer(Read(shown), Ask(shown));
            }

            adaptive.Add((diagnostic.QuestionsAsked, Agreement(diagnostic.Placement()), FalseKnown(diagnostic.Placement())));

            var answers = skills.Select(s => new SkillPlacement(s, Ask(Item(s)), 0, false)).ToList();
            everySkill.Add((skills.Length, Agreement(answers), FalseKnown(answers)));

            var baseline = new AdaptiveDiagnostic(graph, settings, random.NextUInt64(), believed);
            for (var q = 0; q < diagnostic.QuestionsAsked; q++)
            {
                var shown = Item(skills[random.Next(skills.Length)]);
                baseline.Answer(Read(shown), Ask(shown));
            }

            randomOrder.Add((diagnostic.QuestionsAsked, Agreement(baseline.Placement()), FalseKnown(baseline.Placement())));
        }

        return [Summarise("adaptive", adaptive), Summarise("every-skill-once", everySkill), Summarise("random-same-count", randomOrder)];
    }
    private static DiagnosticResult Summarise(string strategy, List<(int Questions, double Accuracy, double FalseKnown)> runs)
    {
        var sorted = runs.Select(r => r.Questions).Order().ToArray();
        var p90 = sorted.Length == 0 ? 0 : sorted[System.Math.Min(sorted.Length - 1, (int)System.Math.Ceiling(0.9 * sorted.Length) - 1)];
        return new DiagnosticResult(strategy, runs.Count == 0 ? 0 : runs.Average(r => r.Questions), p90, runs.Count == 0 ? 0 : runs.Average(r => r.Accuracy), runs.Count == 0 ? 0 : runs.Average(r => r.FalseKnown));
    }

    private static Dictionary<SkillId, bool> TrueState(SkillGraph graph, SkillId[] skills, IReadOnlyDictionary<SkillId, int> depth, int maxDepth, DeterministicRandom random)
    {
        var ability = (random.NextDouble() * (maxDepth + 3)) - 1.5;
        var known = new Dictionary<SkillId, bool>();
        foreach (var s in skills)
        {
            var p = 1 / (1 + System.Math.Exp(-2 * (ability - depth[s])));
            known[s] = graph.PrerequisitesOf(s).All(q => known[q]) && random.NextDouble() < p;
        }

        return known;
    }

    private static Dictionary<SkillId, bool> StudiedState(SkillGraph graph, SkillId[] skills, DeterministicRandom random)
    {
        var known = skills.ToDictionary(s => s, _ => false);
        var topics = random.Next(5);
        for (var t = 0; t < topics; t++)
        {
            var top = skills[random.Next(skills.Length)];
            known[top] = true;
            foreach (var prerequisite in graph.Ancestors(top))
            {
                known[prerequisite] = true;
            }
        }

        return known;
    }

    private static Dictionary<SkillId, bool> PartialState(SkillGraph graph, SkillId[] skills, Dictionary<SkillId, SkillId[]> needs, DeterministicRandom random)
    {
        var known = skills.ToDictionary(s => s, _ => false);
        var topics = random.Next(5);
        for (var t = 0; t < topics; t++)
        {
            var top = skills[random.Next(skills.Length)];
            known[top] = true;
            foreach (var needed in needs[top])
            {
                known[needed] = true;
            }

            foreach (var prerequisite in graph.Ancestors(top))
            {
                if (random.NextDouble() < 0.5 && needs[prerequisite].All(n => known[n]))
                {
                    known[prerequisite] = true;
                }
            }
        }

        return known;
    }
}
