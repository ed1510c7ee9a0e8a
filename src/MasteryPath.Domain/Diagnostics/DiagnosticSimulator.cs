using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Diagnostics;

/// <summary>One strategy's results over simulated learners.</summary>
/// <param name="Strategy">"adaptive", "every-skill-once" or "random-same-count".</param>
/// <param name="QuestionsMean">Mean questions asked.</param>
/// <param name="QuestionsP90">90th percentile of questions asked.</param>
/// <param name="Accuracy">Mean per-skill agreement of the placement with the true state.</param>
public sealed record DiagnosticResult(string Strategy, double QuestionsMean, int QuestionsP90, double Accuracy);

/// <summary>
/// Simulates placement on a course graph. True states come from a generator unlike the diagnostic's prior:
/// an ability on a logistic scale against each skill's depth, closed under prerequisites; learners slip and
/// guess 10–20 % of the time. Compares the adaptive diagnostic with asking every skill once and with asking
/// as many random skills as the adaptive one did (same inference, random questions).
/// </summary>
public static class DiagnosticSimulator
{
    /// <summary>Runs <paramref name="learners"/> simulated learners.</summary>
    public static IReadOnlyList<DiagnosticResult> Run(SkillGraph graph, int learners, ulong seed, DiagnosticSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        settings ??= new DiagnosticSettings();
        var skills = graph.TopologicalOrder.ToArray();
        var depth = graph.Depths();
        var maxDepth = System.Math.Max(1, depth.Values.DefaultIfEmpty(0).Max());
        var random = new DeterministicRandom(seed);
        var adaptive = new List<(int Questions, double Accuracy)>();
        var everySkill = new List<(int Questions, double Accuracy)>();
        var randomOrder = new List<(int Questions, double Accuracy)>();
        for (var l = 0; l < learners; l++)
        {
            var truth = TrueState(graph, skills, depth, maxDepth, random);
            var slip = 0.1 + (random.NextDouble() * 0.1);
            var guess = 0.1 + (random.NextDouble() * 0.1);
            bool Ask(SkillId s) => truth[s] ? random.NextDouble() >= slip : random.NextDouble() < guess;
            double Agreement(IEnumerable<SkillPlacement> placement) => placement.Average(p => p.Known == truth[p.Skill] ? 1.0 : 0.0);

            var diagnostic = new AdaptiveDiagnostic(graph, settings, random.NextUInt64());
            while (!diagnostic.IsFinished)
            {
                var next = diagnostic.NextSkill();
                diagnostic.Answer(next, Ask(next));
            }

            adaptive.Add((diagnostic.QuestionsAsked, Agreement(diagnostic.Placement())));

            everySkill.Add((skills.Length, skills.Average(s => Ask(s) == truth[s] ? 1.0 : 0.0)));

            var baseline = new AdaptiveDiagnostic(graph, settings, random.NextUInt64());
            for (var q = 0; q < diagnostic.QuestionsAsked; q++)
            {
                var s = skills[random.Next(skills.Length)];
                baseline.Answer(s, Ask(s));
            }

            randomOrder.Add((diagnostic.QuestionsAsked, Agreement(baseline.Placement())));
        }

        return [Summarise("adaptive", adaptive), Summarise("every-skill-once", everySkill), Summarise("random-same-count", randomOrder)];
    }

    private static DiagnosticResult Summarise(string strategy, List<(int Questions, double Accuracy)> runs)
    {
        var sorted = runs.Select(r => r.Questions).Order().ToArray();
        var p90 = sorted.Length == 0 ? 0 : sorted[System.Math.Min(sorted.Length - 1, (int)System.Math.Ceiling(0.9 * sorted.Length) - 1)];
        return new DiagnosticResult(strategy, runs.Count == 0 ? 0 : runs.Average(r => r.Questions), p90, runs.Count == 0 ? 0 : runs.Average(r => r.Accuracy));
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
}
