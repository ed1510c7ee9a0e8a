namespace MasteryPath.Domain.Retention;

/// <summary>Stability and difficulty of a memory, without the time of its last review.</summary>
/// <param name="Stability">Days until retrievability falls to 90%.</param>
/// <param name="Difficulty">1 (easiest) to 10 (hardest).</param>
public readonly record struct MemoryStrength(double Stability, double Difficulty);

/// <summary>The FSRS-6 formulas, one per method, as the reference implementation states them.</summary>
public sealed partial class RetentionScheduler
{
    /// <summary>
    /// Elapsed time as FSRS-6 counts it: whole days, rounded to the nearest (fsrs-rs rounds fractional
    /// elapsed days this way before an FSRS-6 update), so anything under 12 hours is the same day.
    /// </summary>
    /// <param name="elapsed">Time since the last review; negative counts as zero.</param>
    public static int WholeDays(TimeSpan elapsed)
    {
        var days = System.Math.Floor(System.Math.Max(0, elapsed.TotalDays) + 0.5);
        return days >= int.MaxValue ? int.MaxValue : (int)days;
    }

    /// <summary>
    /// One FSRS-6 memory update: the strength after a review with <paramref name="grade"/>
    /// <paramref name="elapsedDays"/> whole days after the last one. Day 0 is a same-day review (short-term
    /// formula); otherwise the retrievability at that day decides the gain after a recall or the loss after a
    /// lapse. Difficulty is updated from the difficulty before the review either way.
    /// </summary>
    /// <param name="before">Stability (positive) and difficulty (1..10) before the review.</param>
    /// <param name="elapsedDays">Whole days since the last review, at least 0.</param>
    /// <param name="grade">The grade.</param>
    public MemoryStrength Step(MemoryStrength before, int elapsedDays, Grade grade)
    {
        CheckState(new MemoryState(before.Stability, before.Difficulty, default));
        CheckGrade(grade);
        ArgumentOutOfRangeException.ThrowIfNegative(elapsedDays);
        double stability;
        if (elapsedDays == 0)
        {
            stability = ShortTermStability(before.Stability, grade);
        }
        else
        {
            var retrievability = Retrievability(elapsedDays, before.Stability);
            stability = grade == Grade.Again
                ? StabilityAfterLapse(before.Stability, before.Difficulty, retrievability)
                : StabilityAfterRecall(before.Stability, before.Difficulty, retrievability, grade);
        }

        return new MemoryStrength(stability, NextDifficulty(before.Difficulty, grade));
    }

    /// <summary>Initial stability S0(G) = w[G-1], in days.</summary>
    /// <param name="grade">The first grade.</param>
    public double InitialStability(Grade grade)
    {
        CheckGrade(grade);
        return ClampStability(Parameters[(int)grade - 1]);
    }

    /// <summary>Initial difficulty D0(G) = w4 - e^(w5·(G-1)) + 1, clamped to [1, 10].</summary>
    /// <param name="grade">The first grade.</param>
    public double InitialDifficulty(Grade grade)
    {
        CheckGrade(grade);
        return ClampDifficulty(RawInitialDifficulty((int)grade));
    }

    /// <summary>
    /// Difficulty after a review: linear damping D' = D + (10 - D)/9·(-w6·(G - 3)), then mean reversion
    /// w7·D0(4) + (1 - w7)·D' toward the unclamped D0(4), clamped to [1, 10].
    /// </summary>
    /// <param name="difficulty">Difficulty before the review.</param>
    /// <param name="grade">The grade.</param>
    public double NextDifficulty(double difficulty, Grade grade)
    {
        CheckGrade(grade);
        var delta = -Parameters[6] * ((int)grade - 3);
        var damped = difficulty + ((10 - difficulty) / 9 * delta);
        var reverted = (Parameters[7] * RawInitialDifficulty(4)) + ((1 - Parameters[7]) * damped);
        return ClampDifficulty(reverted);
    }

    /// <summary>
    /// Stability after a successful review a day or more after the last one:
    /// S·(1 + e^w8·(11 - D)·S^(-w9)·(e^(w10·(1 - R)) - 1)·(w15 if Hard)·(w16 if Easy)).
    /// </summary>
    /// <param name="stability">Stability before the review.</param>
    /// <param name="difficulty">Difficulty before the review.</param>
    /// <param name="retrievability">Retrievability at the review.</param>
    /// <param name="grade">Hard, Good or Easy.</param>
    public double StabilityAfterRecall(double stability, double difficulty, double retrievability, Grade grade)
    {
        CheckGrade(grade);
        if (grade == Grade.Again)
        {
            throw new ArgumentOutOfRangeException(nameof(grade), grade, "A recall has grade Hard, Good or Easy.");
        }

        var hardPenalty = grade == Grade.Hard ? Parameters[15] : 1;
        var easyBonus = grade == Grade.Easy ? Parameters[16] : 1;
        var increase = System.Math.Exp(Parameters[8])
            * (11 - difficulty)
            * System.Math.Pow(stability, -Parameters[9])
            * (System.Math.Exp(Parameters[10] * (1 - retrievability)) - 1)
            * hardPenalty
            * easyBonus;
        return ClampStability(stability * (1 + increase));
    }

    /// <summary>
    /// Stability after a lapse a day or more after the last review:
    /// min(w11·D^(-w12)·((S + 1)^w13 - 1)·e^(w14·(1 - R)), S/e^(w17·w18)).
    /// </summary>
    /// <param name="stability">Stability before the review.</param>
    /// <param name="difficulty">Difficulty before the review.</param>
    /// <param name="retrievability">Retrievability at the review.</param>
    public double StabilityAfterLapse(double stability, double difficulty, double retrievability)
    {
        var longTerm = Parameters[11]
            * System.Math.Pow(difficulty, -Parameters[12])
            * (System.Math.Pow(stability + 1, Parameters[13]) - 1)
            * System.Math.Exp(Parameters[14] * (1 - retrievability));
        var shortTermCeiling = stability / System.Math.Exp(Parameters[17] * Parameters[18]);
        return ClampStability(System.Math.Min(longTerm, shortTermCeiling));
    }

    /// <summary>
    /// Stability after a same-day review: S·e^(w17·(G - 3 + w18))·S^(-w19), the factor at least 1 for every
    /// success (Hard, Good, Easy) as in fsrs-rs and ts-fsrs; only Again can lower it.
    /// </summary>
    /// <param name="stability">Stability before the review.</param>
    /// <param name="grade">The grade.</param>
    public double ShortTermStability(double stability, Grade grade)
    {
        CheckGrade(grade);
        var increase = System.Math.Exp(Parameters[17] * ((int)grade - 3 + Parameters[18]))
            * System.Math.Pow(stability, -Parameters[19]);
        if (grade >= Grade.Hard)
        {
            increase = System.Math.Max(increase, 1);
        }

        return ClampStability(stability * increase);
    }

    private double RawInitialDifficulty(int grade) => Parameters[4] - System.Math.Exp(Parameters[5] * (grade - 1)) + 1;

    private static double ClampStability(double stability) => System.Math.Clamp(stability, MinStability, MaxStability);

    private static double ClampDifficulty(double difficulty) => System.Math.Clamp(difficulty, MinDifficulty, MaxDifficulty);

    private static void CheckGrade(Grade grade)
    {
        if (grade is < Grade.Again or > Grade.Easy)
        {
            throw new ArgumentOutOfRangeException(nameof(grade), grade, "A grade is Again (1), Hard (2), Good (3) or Easy (4).");
        }
    }

    private static void CheckState(MemoryState state)
    {
        if (!(state.Stability > 0 && double.IsFinite(state.Stability)) || !(state.Difficulty >= MinDifficulty && state.Difficulty <= MaxDifficulty))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A memory state has positive, finite stability and difficulty in [1, 10].");
        }
    }

    private static void CheckProbability(double value, string name)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be in (0, 1].");
        }
    }
}
