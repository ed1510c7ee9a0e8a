namespace MasteryPath.Domain.Simulation;

/// <summary>Metrics of one mastery rule on one generator's learners.</summary>
/// <param name="Generator">Generator name.</param>
/// <param name="Rule">Rule name.</param>
/// <param name="Learners">Learners simulated.</param>
/// <param name="ItemsMean">Mean items practised until declared mastered; a learner never declared counts as the cap.</param>
/// <param name="ItemsP90">90th percentile of the same.</param>
/// <param name="NeverDeclaredShare">Share of learners not declared mastered within the cap.</param>
/// <param name="FalseMasteryRate">Share of declared learners who were truly not mastered at the moment of declaration.</param>
/// <param name="MissedMasteryMean">
/// Mean answers between the first moment of true mastery and the declaration, over declared learners who were
/// truly mastered at or before it.
/// </param>
public sealed record MasteryRuleResult(
    string Generator,
    string Rule,
    int Learners,
    double ItemsMean,
    double ItemsP90,
    double NeverDeclaredShare,
    double FalseMasteryRate,
    double MissedMasteryMean);

/// <summary>
/// Runs mastery rules against simulated learners. Each learner is drawn from a seed derived from the run seed,
/// the generator and the learner's index, so every rule sees the same learners giving the same answers
/// (common random numbers), and a run is identical for a seed on every machine.
/// </summary>
public static class MasterySimulator
{
    /// <summary>Items after which a learner not yet declared counts as never declared.</summary>
    public const int DefaultCap = 200;

    /// <summary>One learner under one rule: items practised (cap if never), whether declared, false, missed time.</summary>
    /// <param name="Items">Items practised until the declaration, or the cap.</param>
    /// <param name="Declared">Whether the rule declared mastery within the cap.</param>
    /// <param name="FalseMastery">Declared while truly not mastered.</param>
    /// <param name="FirstTrueMastery">Answers after which the learner was first truly mastered (0 = from the start), or -1.</param>
    public readonly record struct Outcome(int Items, bool Declared, bool FalseMastery, int FirstTrueMastery);

    /// <summary>Runs one learner under one rule until declared or <paramref name="cap"/> items.</summary>
    public static Outcome Run(ISimulatedLearner learner, IMasteryRule rule, int cap = DefaultCap)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(rule);
        var tracker = rule.Start();
        var firstTrue = learner.TrulyMastered ? 0 : -1;
        for (var t = 1; t <= cap; t++)
        {
            var correct = learner.Answer();
            if (firstTrue < 0 && learner.TrulyMastered)
            {
                firstTrue = t;
            }

            if (tracker.Observe(correct))
            {
                return new Outcome(t, true, !learner.TrulyMastered, firstTrue);
            }
        }

        return new Outcome(cap, false, false, firstTrue);
    }

    /// <summary>Simulates <paramref name="learners"/> learners of <paramref name="generator"/> under <paramref name="rule"/>.</summary>
    public static MasteryRuleResult Simulate(ILearnerGenerator generator, IMasteryRule rule, int learners, ulong seed, int cap = DefaultCap)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learners);
        var generatorKey = StableHash(generator.Name);
        var items = new double[learners];
        int declared = 0, falseMastery = 0, missedCount = 0;
        double missedSum = 0;
        for (var i = 0; i < learners; i++)
        {
            var outcome = Run(generator.Create(SimulationRandom.Mix(seed, generatorKey, (ulong)i)), rule, cap);
            items[i] = outcome.Items;
            if (!outcome.Declared)
            {
                continue;
            }

            declared++;
            falseMastery += outcome.FalseMastery ? 1 : 0;
            if (outcome.FirstTrueMastery >= 0)
            {
                missedCount++;
                missedSum += outcome.Items - outcome.FirstTrueMastery;
            }
        }

        return new MasteryRuleResult(
            generator.Name,
            rule.Name,
            learners,
            items.Average(),
            Percentile(items, 0.9),
            (learners - declared) / (double)learners,
            declared == 0 ? 0 : falseMastery / (double)declared,
            missedCount == 0 ? 0 : missedSum / missedCount);
    }

    /// <summary>Every rule of <see cref="MasteryRuleCatalog"/> on every generator, generator-major.</summary>
    public static IReadOnlyList<MasteryRuleResult> SimulateAll(int learners, ulong seed, int cap = DefaultCap) =>
        [.. MasteryRuleCatalog.Generators.SelectMany(g => MasteryRuleCatalog.All.Select(r => Simulate(g, r, learners, seed, cap)))];

    /// <summary>The <paramref name="q"/>-quantile by linear interpolation between order statistics.</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var lower = (int)System.Math.Floor(position);
        var upper = System.Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>FNV-1a of a name: a seed component that does not depend on the runtime's string hashing.</summary>
    public static ulong StableHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
