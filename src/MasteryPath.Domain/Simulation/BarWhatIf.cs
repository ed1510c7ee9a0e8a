using MasteryPath.Domain.Mastery;

namespace MasteryPath.Domain.Simulation;

/// <summary>What a mastery bar costs and buys, by simulation.</summary>
/// <param name="Bar">P(mastered) that starts the mastery check.</param>
/// <param name="ItemsPerSkill">Mean questions a learner answers on a skill before it is declared mastered (checks included).</param>
/// <param name="FalseMasteryRate">Share of declarations made while the learner did not truly know the skill.</param>
/// <param name="NeverDeclaredShare">Share of learners not declared mastered within <see cref="MasterySimulator.DefaultCap"/> questions.</param>
public sealed record BarEstimate(double Bar, double ItemsPerSkill, double FalseMasteryRate, double NeverDeclaredShare);

/// <summary>
/// The teacher's what-if before changing a class's bar: the product's own rule (<see cref="MasteryPathRule"/>: the
/// estimate reaches the bar, then a check of the class's size and pass count) run on the same simulated learners
/// (both generators of <see cref="MasteryRuleCatalog"/>, common random numbers, a fixed seed) at each bar, so two bars
/// differ only by the bar.
/// </summary>
public static class BarWhatIf
{
    /// <summary>Simulated learners per generator: enough that neighbouring bars' estimates are ordered.</summary>
    public const int Learners = 400;

    /// <summary>The one seed every estimate uses: the same learners at every bar.</summary>
    public const ulong Seed = 20261205;

    /// <summary>The bars the chart draws (the class's own and the proposed one are added).</summary>
    public static IReadOnlyList<double> Curve { get; } = [0.80, 0.85, 0.90, 0.925, 0.95, 0.97, 0.98, 0.99];

    // An estimate depends only on its inputs (one seed), and a settings page asks for the same handful each time.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(double Bar, int MinEvidence, int CheckItems, int CheckPass), BarEstimate> Estimates = new();

    /// <summary>The estimate at <paramref name="bar"/> with <paramref name="policy"/>'s evidence minimum and check (computed once per such input).</summary>
    public static BarEstimate Estimate(double bar, MasteryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(bar, 0.5);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bar, 0.999);
        return Estimates.GetOrAdd((bar, policy.MinimumEvidence, policy.CheckItems, policy.CheckPassCount), Simulate);
    }

    private static BarEstimate Simulate((double Bar, int MinEvidence, int CheckItems, int CheckPass) input)
    {
        var rule = new MasteryPathRule { Threshold = input.Bar, MinEvidence = input.MinEvidence, CheckItems = input.CheckItems, CheckPass = input.CheckPass };
        var results = MasteryRuleCatalog.Generators.Select(g => MasterySimulator.Simulate(g, rule, Learners, Seed)).ToList();
        return new BarEstimate(input.Bar, results.Average(r => r.ItemsMean), results.Average(r => r.FalseMasteryRate), results.Average(r => r.NeverDeclaredShare));
    }
}
