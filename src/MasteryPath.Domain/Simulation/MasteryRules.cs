using MasteryPath.Domain.Learning;

namespace MasteryPath.Domain.Simulation;

/// <summary>A mastery rule: decides from a learner's answers on one skill when to declare the skill mastered.</summary>
public interface IMasteryRule
{
    /// <summary>The rule's name, e.g. "three-in-a-row".</summary>
    string Name { get; }

    /// <summary>A fresh decision state for one learner on one skill.</summary>
    IMasteryTracker Start();
}

/// <summary>One learner's decision state under a rule.</summary>
public interface IMasteryTracker
{
    /// <summary>Observes the next answer; returns true when the rule declares the skill mastered.</summary>
    bool Observe(bool correct);
}

/// <summary><c>three-in-a-row</c>: mastered at the 3rd consecutive correct answer.</summary>
public sealed class InARowRule(int streak = 3) : IMasteryRule
{
    /// <inheritdoc/>
    public string Name => streak == 3 ? "three-in-a-row" : $"{streak}-in-a-row";

    /// <inheritdoc/>
    public IMasteryTracker Start() => new Tracker(streak);

    private sealed class Tracker(int needed) : IMasteryTracker
    {
        private int _run;

        public bool Observe(bool correct)
        {
            _run = correct ? _run + 1 : 0;
            return _run >= needed;
        }
    }
}

/// <summary><c>80pct-last-10</c>: mastered when at least 8 of the last 10 answers are correct (needs 10 answers).</summary>
public sealed class LastWindowRule(int window = 10, int needed = 8) : IMasteryRule
{
    /// <inheritdoc/>
    public string Name => window == 10 && needed == 8 ? "80pct-last-10" : $"{needed}-of-last-{window}";

    /// <inheritdoc/>
    public IMasteryTracker Start() => new Tracker(window, needed);

    private sealed class Tracker(int window, int needed) : IMasteryTracker
    {
        private readonly Queue<bool> _last = new();
        private int _correct;

        public bool Observe(bool correct)
        {
            _last.Enqueue(correct);
            _correct += correct ? 1 : 0;
            if (_last.Count > window)
            {
                _correct -= _last.Dequeue() ? 1 : 0;
            }

            return _last.Count == window && _correct >= needed;
        }
    }
}

/// <summary>
/// <c>smartscore-80</c>: an approximation of IXL's SmartScore (IXL does not publish its formula). The score
/// starts at 0; a correct answer adds 15 % of the distance to 100 (at least 1 point), so gains diminish —
/// 10 correct in a row from 0 reach 80; a wrong answer subtracts 2 + 10 % of the score (−10 at 80), so misses
/// cost more the higher the score. Mastered when the score reaches <see cref="Threshold"/>.
/// </summary>
public sealed class SmartScoreRule : IMasteryRule
{
    /// <summary>Score that declares mastery.</summary>
    public double Threshold { get; init; } = 80;

    /// <inheritdoc/>
    public string Name => $"smartscore-{Threshold:0}";

    /// <inheritdoc/>
    public IMasteryTracker Start() => new Tracker(Threshold);

    /// <summary>The score after one answer, from <paramref name="score"/>.</summary>
    public static double Next(double score, bool correct) => correct
        ? System.Math.Min(100, score + System.Math.Max(1, 0.15 * (100 - score)))
        : System.Math.Max(0, score - 2 - (0.1 * score));

    private sealed class Tracker(double threshold) : IMasteryTracker
    {
        private double _score;

        public bool Observe(bool correct)
        {
            _score = Next(_score, correct);
            return _score >= threshold - 1e-9;
        }
    }
}

/// <summary>
/// <c>bkt-0.95</c>: classic BKT with the textbook default parameters (<see cref="BktParameters.Default"/>:
/// P(L0) 0.4, P(T) 0.1, P(G) 0.2, P(S) 0.1); mastered when P(known) after the answer reaches 0.95.
/// </summary>
public sealed class BktThresholdRule : IMasteryRule
{
    /// <summary>BKT parameters.</summary>
    public BktParameters Parameters { get; init; } = BktParameters.Default;

    /// <summary>P(known) that declares mastery.</summary>
    public double Threshold { get; init; } = 0.95;

    /// <inheritdoc/>
    public string Name => "bkt-0.95";

    /// <inheritdoc/>
    public IMasteryTracker Start() => new Tracker(Parameters, Threshold);

    private sealed class Tracker(BktParameters parameters, double threshold) : IMasteryTracker
    {
        private double _known = parameters.Initial;

        public bool Observe(bool correct)
        {
            _known = parameters.Update(_known, correct);
            return _known >= threshold;
        }
    }
}

/// <summary>
/// <c>ema</c>: exponential moving average of correctness, θ ← (1 − α)·θ + α·correct from θ = 0, mastered at
/// θ ≥ 0.9 with α = 0.3 (Pelánek &amp; Řihák 2017, "Experimental analysis of mastery learning criteria").
/// </summary>
public sealed class EmaRule : IMasteryRule
{
    /// <summary>Weight of the newest answer.</summary>
    public double Alpha { get; init; } = 0.3;

    /// <summary>Average that declares mastery.</summary>
    public double Threshold { get; init; } = 0.9;

    /// <inheritdoc/>
    public string Name => "ema";

    /// <inheritdoc/>
    public IMasteryTracker Start() => new Tracker(Alpha, Threshold);

    private sealed class Tracker(double alpha, double threshold) : IMasteryTracker
    {
        private double _average;

        public bool Observe(bool correct)
        {
            _average = ((1 - alpha) * _average) + (alpha * (correct ? 1 : 0));
            return _average >= threshold;
        }
    }
}

/// <summary>
/// <c>masterypath</c>, the project's rule: criterion-referenced on the latest evidence, then confirmed on
/// fresh items. <b>Practice</b>: P(knows) is kept by the product's knowledge model (<see cref="KnowledgeModel"/>:
/// BKT whose estimate a wrong answer never raises and a right one never lowers) under the rule's own constants;
/// once it is ≥ <see cref="Threshold"/> with at least <see cref="MinEvidence"/> answers since the learner entered
/// practice, a <b>mastery check</b> starts. <b>Check</b>: <see cref="CheckItems"/> fresh items needing ≥
/// <see cref="CheckPass"/> correct; the check ends as soon as its outcome is decided (so a pass can take 4 items
/// and a fail 2). A pass declares mastery; a fail returns the learner to practice. Check answers count as items
/// practised and as evidence.
/// </summary>
public sealed class MasteryPathRule : IMasteryRule
{
    /// <summary>Estimator's P(known) before any answer.</summary>
    public double Prior { get; init; } = KnowledgeModel.ColdStartParameters.Initial;

    /// <summary>Estimator's P(learn) per right answer.</summary>
    public double Learn { get; init; } = KnowledgeModel.ColdStartParameters.Learn;

    /// <summary>Estimator's P(guess).</summary>
    public double Guess { get; init; } = KnowledgeModel.ColdStartParameters.Guess;

    /// <summary>Estimator's P(slip).</summary>
    public double Slip { get; init; } = KnowledgeModel.ColdStartParameters.Slip;

    /// <summary>Estimated P(mastered) that starts a mastery check.</summary>
    public double Threshold { get; init; } = 0.95;

    /// <summary>Answers of practice evidence needed before a check (since the start or the last failed check).</summary>
    public int MinEvidence { get; init; } = 3;

    /// <summary>Items in a mastery check.</summary>
    public int CheckItems { get; init; } = 5;

    /// <summary>Correct answers a check needs.</summary>
    public int CheckPass { get; init; } = 4;

    /// <inheritdoc/>
    public string Name => "masterypath";

    /// <inheritdoc/>
    public IMasteryTracker Start() => new Tracker(this);

    /// <summary>The estimator's parameters, as the product's knowledge model reads them.</summary>
    public BktParameters Estimator => KnowledgeModel.Sanitize(new BktParameters(Prior, Learn, Guess, Slip));

    /// <summary>Where a learner is under the rule.</summary>
    public enum Phase
    {
        /// <summary>Practising; the estimate has not yet started a check.</summary>
        Practice,

        /// <summary>Answering a mastery check.</summary>
        Check,

        /// <summary>Declared mastered.</summary>
        Mastered,
    }

    /// <summary>The decision state of one learner; exposes its phase and estimate for tests and dashboards.</summary>
    public sealed class Tracker(MasteryPathRule rule) : IMasteryTracker
    {
        private readonly BktParameters _estimator = rule.Estimator;
        private int _evidence;
        private int _checkAnswered;
        private int _checkCorrect;

        /// <summary>The current phase.</summary>
        public Phase Phase { get; private set; } = Phase.Practice;

        /// <summary>The current estimate of P(mastered).</summary>
        public double Estimate { get; private set; } = rule.Prior;

        /// <summary>Checks failed so far.</summary>
        public int FailedChecks { get; private set; }

        /// <inheritdoc/>
        public bool Observe(bool correct)
        {
            ArgumentNullException.ThrowIfNull(rule);
            if (Phase == Phase.Mastered)
            {
                return true;
            }

            Estimate = KnowledgeModel.Update(_estimator, Estimate, correct);
            if (Phase == Phase.Practice)
            {
                _evidence++;
                if (_evidence >= rule.MinEvidence && Estimate >= rule.Threshold)
                {
                    Phase = Phase.Check;
                    _checkAnswered = 0;
                    _checkCorrect = 0;
                }

                return false;
            }

            _checkAnswered++;
            _checkCorrect += correct ? 1 : 0;
            if (_checkCorrect >= rule.CheckPass)
            {
                Phase = Phase.Mastered;
                return true;
            }

            if (_checkCorrect + (rule.CheckItems - _checkAnswered) < rule.CheckPass)
            {
                FailedChecks++;
                Phase = Phase.Practice;
                _evidence = 0;
            }

            return false;
        }
    }
}

/// <summary>The rules compared by the simulator, baselines first and the project's rule last.</summary>
public static class MasteryRuleCatalog
{
    /// <summary>All rules in report order.</summary>
    public static IReadOnlyList<IMasteryRule> All { get; } =
    [
        new InARowRule(),
        new LastWindowRule(),
        new SmartScoreRule(),
        new BktThresholdRule(),
        new EmaRule(),
        new MasteryPathRule(),
    ];

    /// <summary>The generators the simulator runs.</summary>
    public static IReadOnlyList<ILearnerGenerator> Generators { get; } = [new IrtLearningGenerator(), new BktForgettingGenerator()];
}
