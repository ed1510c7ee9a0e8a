namespace MasteryPath.Domain.Retention;

/// <summary>
/// Spaced review of mastered skills with FSRS-6 (the Free Spaced Repetition Scheduler, version 6, 21
/// weights): it predicts how likely the learner still recalls a skill and when it should be reviewed. Pure:
/// every time is a parameter (callers read it from <see cref="TimeProvider"/>).
/// </summary>
/// <remarks>
/// <para>
/// The memory update is the reference implementation's FSRS-6 step (open-spaced-repetition/fsrs-rs,
/// <c>src/model_v6.rs</c>; the official TypeScript port ts-fsrs 5.x computes the same numbers, and
/// <c>tests/MasteryPath.Domain.Tests/Data/fsrs-reference</c> holds vectors it generated), with G the grade
/// 1..4, w the weights and t the elapsed time in whole days:
/// </para>
/// <list type="bullet">
/// <item>first review: S0(G) = w[G-1]; D0(G) = w4 - e^(w5·(G-1)) + 1, clamped to [1, 10];</item>
/// <item>retrievability after t days: R(t, S) = (1 + factor·t/S)^(-w20), factor = 0.9^(-1/w20) - 1, so R(S, S) = 0.9;</item>
/// <item>interval for desired retention r: I = S/factor·(r^(-1/w20) - 1);</item>
/// <item>difficulty: D' = D + (10 - D)/9·(-w6·(G - 3)) (linear damping), then D'' = w7·D0(4) + (1 - w7)·D'
///   (mean reversion toward the unclamped D0(4)), clamped to [1, 10];</item>
/// <item>after a recall (G ≥ 2, t ≥ 1): S' = S·(1 + e^w8·(11 - D)·S^(-w9)·(e^(w10·(1 - R)) - 1)·(w15 if Hard)·(w16 if Easy));</item>
/// <item>after a lapse (G = 1, t ≥ 1): S' = min(w11·D^(-w12)·((S + 1)^w13 - 1)·e^(w14·(1 - R)), S/e^(w17·w18));</item>
/// <item>same day (t = 0): S' = S·e^(w17·(G - 3 + w18))·S^(-w19), the factor at least 1 for every success
///   (Hard, Good, Easy), so a same-day success never lowers stability.</item>
/// </list>
/// <para>
/// FSRS-6 is day-based: fsrs-rs rounds elapsed time to the nearest whole day before the update
/// (<see cref="WholeDays"/>), so a review less than 12 hours after the last one is a same-day review, and
/// the retrievability inside the update is taken at whole days. <see cref="Retrievability(MemoryState, DateTimeOffset)"/>,
/// <see cref="NeedsReview"/> and <see cref="Due"/> use the exact elapsed time instead, so the predicted recall
/// falls continuously between reviews (ADR 0010). Stability is kept in
/// [<see cref="MinStability"/>, <see cref="MaxStability"/>] as the reference keeps it.
/// </para>
/// </remarks>
public sealed partial class RetentionScheduler
{
    /// <summary>Smallest stability, in days (the reference implementations' floor).</summary>
    public const double MinStability = 0.001;

    /// <summary>Largest stability, in days (100 years, the reference implementations' ceiling).</summary>
    public const double MaxStability = 36500;

    /// <summary>Longest interval <see cref="Due"/> schedules, in days (100 years).</summary>
    public const double MaxIntervalDays = 36500;

    /// <summary>Lowest difficulty.</summary>
    public const double MinDifficulty = 1;

    /// <summary>Highest difficulty.</summary>
    public const double MaxDifficulty = 10;

    /// <summary>The retention FSRS targets by default, and the default review threshold: 90%.</summary>
    public const double DefaultRetention = 0.9;

    private readonly double _decay;
    private readonly double _factor;

    /// <summary>A scheduler with the published FSRS-6 defaults (<see cref="FsrsParameters.Default"/>).</summary>
    public RetentionScheduler()
        : this(FsrsParameters.Default)
    {
    }

    /// <summary>A scheduler with the given weights (for example ones fitted to MasteryPath's own review logs).</summary>
    /// <param name="parameters">The 21 FSRS-6 weights.</param>
    public RetentionScheduler(FsrsParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        _decay = parameters[20];
        _factor = System.Math.Pow(0.9, -1 / _decay) - 1;
    }

    /// <summary>The weights in use.</summary>
    public FsrsParameters Parameters { get; }

    /// <summary>
    /// The grade of an answer on a review item: wrong → <see cref="Grade.Again"/> (even with a hint), right
    /// with a hint → <see cref="Grade.Hard"/>, right without help → <see cref="Grade.Good"/>.
    /// </summary>
    /// <param name="correct">Whether the answer was right.</param>
    /// <param name="usedHint">Whether the learner opened a hint before answering.</param>
    public static Grade FromAnswer(bool correct, bool usedHint) =>
        !correct ? Grade.Again : usedHint ? Grade.Hard : Grade.Good;

    /// <summary>The memory state after the first review of a skill (normally when it is mastered).</summary>
    /// <param name="grade">The grade of that review.</param>
    /// <param name="at">When it happened.</param>
    public MemoryState First(Grade grade, DateTimeOffset at)
    {
        CheckGrade(grade);
        return new MemoryState(InitialStability(grade), InitialDifficulty(grade), at);
    }

    /// <summary>
    /// The memory state after a graded review at <paramref name="at"/>: <see cref="Step"/> over the elapsed
    /// time rounded to whole days (<see cref="WholeDays"/>).
    /// </summary>
    /// <param name="state">The state before the review.</param>
    /// <param name="grade">The grade of the review.</param>
    /// <param name="at">When it happened; not before <see cref="MemoryState.LastReview"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before the last review.</exception>
    public MemoryState Review(MemoryState state, Grade grade, DateTimeOffset at)
    {
        CheckState(state);
        CheckGrade(grade);
        if (at < state.LastReview)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, $"A review at {at:O} comes before the last review at {state.LastReview:O}.");
        }

        var next = Step(new MemoryStrength(state.Stability, state.Difficulty), WholeDays(at - state.LastReview), grade);
        return new MemoryState(next.Stability, next.Difficulty, at);
    }

    /// <summary>
    /// A graded review together with what mastery-gating needs: the retrievability just before it, whether
    /// the skill was due, and whether mastery is lost.
    /// </summary>
    /// <remarks>
    /// Mastery is lost on every <see cref="Grade.Again"/>, due or not: mastery in MasteryPath is
    /// criterion-referenced on what the learner shows, and a failed review is evidence, whereas
    /// retrievability is only a prediction. <see cref="ReviewOutcome.WasDue"/> and
    /// <see cref="ReviewOutcome.RetrievabilityBefore"/> let a caller apply a softer policy.
    /// </remarks>
    /// <param name="state">The state before the review.</param>
    /// <param name="grade">The grade of the review.</param>
    /// <param name="at">When it happened; not before <see cref="MemoryState.LastReview"/>.</param>
    /// <param name="threshold">The retrievability below which a skill is due, in (0, 1].</param>
    public ReviewOutcome Assess(MemoryState state, Grade grade, DateTimeOffset at, double threshold = DefaultRetention)
    {
        CheckProbability(threshold, nameof(threshold));
        var before = Retrievability(state, at);
        return new ReviewOutcome(Review(state, grade, at), before, before < threshold, grade == Grade.Again);
    }

    /// <summary>
    /// Partial review credit: practising a skill also exercises its prerequisites, so each exercised
    /// prerequisite moves a <paramref name="fraction"/> of the way toward the state a Good review would give.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The choice: stability moves geometrically, S·(S_good/S)^fraction, because FSRS grows stability by a
    /// multiplicative factor, so a fraction of a review is that power of the factor. Fraction 0 changes
    /// nothing; fraction 1 is exactly <c>Review(prerequisite, Grade.Good, at)</c>. Below 1, the last-review
    /// time stays where it was (a partial exposure is not a full retrieval, so the forgetting curve is not
    /// restarted; the larger stability flattens it, which raises retrievability now) and difficulty is
    /// unchanged (the prerequisite itself was not graded). Stability never decreases.
    /// </para>
    /// <para>
    /// Credits on the same clock compound, so a caller credits a prerequisite at most once per practice
    /// session.
    /// </para>
    /// </remarks>
    /// <param name="prerequisite">The prerequisite's state.</param>
    /// <param name="fraction">How much of a review the practice is worth, in [0, 1].</param>
    /// <param name="at">When the practice happened; not before the last review unless the fraction is 0.</param>
    public MemoryState Credit(MemoryState prerequisite, double fraction, DateTimeOffset at)
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The credit fraction must be in [0, 1].");
        }

        CheckState(prerequisite);
        if (fraction == 0)
        {
            return prerequisite;
        }

        var good = Review(prerequisite, Grade.Good, at);
        if (fraction == 1)
        {
            return good;
        }

        var stability = prerequisite.Stability * System.Math.Pow(good.Stability / prerequisite.Stability, fraction);
        return prerequisite with { Stability = ClampStability(System.Math.Max(stability, prerequisite.Stability)) };
    }

    /// <summary>The probability that the learner recalls the skill at <paramref name="at"/>, in (0, 1].</summary>
    /// <param name="state">The memory state.</param>
    /// <param name="at">The moment; before the last review it counts as the last review (1).</param>
    public double Retrievability(MemoryState state, DateTimeOffset at)
    {
        CheckState(state);
        return Retrievability(System.Math.Max(0, (at - state.LastReview).TotalDays), state.Stability);
    }

    /// <summary>The FSRS-6 forgetting curve R(t, S) = (1 + factor·t/S)^(-w20).</summary>
    /// <param name="elapsedDays">Days since the last review, t ≥ 0.</param>
    /// <param name="stability">Stability S in days, positive.</param>
    public double Retrievability(double elapsedDays, double stability) =>
        System.Math.Pow(1 + (_factor * System.Math.Max(0, elapsedDays) / stability), -_decay);

    /// <summary>
    /// Whether the skill is due: its retrievability at <paramref name="at"/> is below
    /// <paramref name="threshold"/>.
    /// </summary>
    /// <param name="state">The memory state.</param>
    /// <param name="at">The moment.</param>
    /// <param name="threshold">The retrievability below which a review is needed, in (0, 1]; 0.9 by default.</param>
    public bool NeedsReview(MemoryState state, DateTimeOffset at, double threshold = DefaultRetention)
    {
        CheckProbability(threshold, nameof(threshold));
        return Retrievability(state, at) < threshold;
    }

    /// <summary>
    /// Days after the last review at which retrievability falls to <paramref name="desiredRetention"/>:
    /// I = S/factor·(r^(-1/w20) - 1), at most <see cref="MaxIntervalDays"/>.
    /// </summary>
    /// <param name="stability">Stability S in days.</param>
    /// <param name="desiredRetention">The target r, in (0, 1].</param>
    public double IntervalDays(double stability, double desiredRetention = DefaultRetention)
    {
        CheckProbability(desiredRetention, nameof(desiredRetention));
        var days = stability / _factor * (System.Math.Pow(desiredRetention, -1 / _decay) - 1);
        return System.Math.Clamp(days, 0, MaxIntervalDays);
    }

    /// <summary>
    /// When retrievability falls to <paramref name="desiredRetention"/>: the last review plus
    /// <see cref="IntervalDays"/> (unrounded, so the retrievability at that moment is the target unless the
    /// interval hit <see cref="MaxIntervalDays"/>).
    /// </summary>
    /// <param name="state">The memory state.</param>
    /// <param name="desiredRetention">The target retention r, in (0, 1]; 0.9 by default.</param>
    public DateTimeOffset Due(MemoryState state, double desiredRetention = DefaultRetention)
    {
        CheckState(state);
        return state.LastReview + TimeSpan.FromDays(IntervalDays(state.Stability, desiredRetention));
    }
}
