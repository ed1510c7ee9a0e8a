namespace MasteryPath.Domain.Retention;

/// <summary>A review history reduced to what FSRS sees: whole days since the previous review and grades.</summary>
internal sealed class PreparedHistory
{
    public PreparedHistory(ReviewHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Reviews.Count == 0)
        {
            throw new ArgumentException($"The history of {history.Learner} on {history.Skill} has no reviews.", nameof(history));
        }

        Learner = history.Learner;
        Days = new int[history.Reviews.Count];
        Grades = new int[history.Reviews.Count];
        for (var k = 0; k < history.Reviews.Count; k++)
        {
            var review = history.Reviews[k];
            if (review.Grade is < Grade.Again or > Grade.Easy)
            {
                throw new ArgumentException($"The history of {history.Learner} on {history.Skill} has an invalid grade {review.Grade}.", nameof(history));
            }

            if (k > 0 && review.At < history.Reviews[k - 1].At)
            {
                throw new ArgumentException($"The reviews of {history.Learner} on {history.Skill} are not in time order at {review.At:O}.", nameof(history));
            }

            Days[k] = k == 0 ? 0 : RetentionScheduler.WholeDays(review.At - history.Reviews[k - 1].At);
            Grades[k] = (int)review.Grade;
            Scored += k > 0 && Days[k] > 0 ? 1 : 0;
        }
    }

    public string Learner { get; }

    public int[] Days { get; }

    public int[] Grades { get; }

    public int Scored { get; }
}

/// <summary>One scored review: the predicted recall and what happened, with what RMSE(bins) groups by.</summary>
internal readonly record struct ScoredPrediction(double Predicted, bool Recalled, int ElapsedDays, int ReviewNumber, int Lapses);

/// <summary>
/// The FSRS-6 log loss of a review history and its exact gradient with respect to the 21 weights, carried
/// forward through the memory recursion (forward-mode differentiation: each step updates dS/dw and dD/dw from
/// the step's partial derivatives). The arithmetic is <see cref="RetentionScheduler.Step"/>'s; a test checks
/// the value against it and the gradient against finite differences.
/// </summary>
internal static class FsrsObjective
{
    private const int N = FsrsParameters.Count;
    private const double ProbabilityFloor = 1e-12;

    /// <summary>
    /// The summed binary cross-entropy of the history's scored reviews; adds its gradient into
    /// <paramref name="gradient"/> unless that is empty; reports each scored review to <paramref name="predictions"/>.
    /// </summary>
    public static double Accumulate(ReadOnlySpan<double> w, PreparedHistory history, Span<double> gradient, List<ScoredPrediction>? predictions = null)
    {
        var withGradient = !gradient.IsEmpty;
        Span<double> gS = stackalloc double[N];
        Span<double> gD = stackalloc double[N];
        Span<double> nS = stackalloc double[N];
        Span<double> nD = stackalloc double[N];
        gS.Clear();
        gD.Clear();

        var decay = w[20];
        var factor = System.Math.Pow(0.9, -1 / decay) - 1;
        var dFactorDDecay = (factor + 1) * System.Math.Log(0.9) / (decay * decay);
        var easyD0 = w[4] - System.Math.Exp(3 * w[5]) + 1;
        var dEasyD0DW5 = -3 * System.Math.Exp(3 * w[5]);

        var first = history.Grades[0];
        var s = w[first - 1];
        if (s < RetentionScheduler.MinStability || s > RetentionScheduler.MaxStability)
        {
            s = System.Math.Clamp(s, RetentionScheduler.MinStability, RetentionScheduler.MaxStability);
        }
        else
        {
            gS[first - 1] = 1;
        }

        var d0Exp = System.Math.Exp(w[5] * (first - 1));
        var d = w[4] - d0Exp + 1;
        if (d < RetentionScheduler.MinDifficulty || d > RetentionScheduler.MaxDifficulty)
        {
            d = System.Math.Clamp(d, RetentionScheduler.MinDifficulty, RetentionScheduler.MaxDifficulty);
        }
        else
        {
            gD[4] = 1;
            gD[5] = -(first - 1) * d0Exp;
        }

        var loss = 0.0;
        var lapses = 0;
        for (var k = 1; k < history.Days.Length; k++)
        {
            var t = history.Days[k];
            var g = history.Grades[k];
            nS.Clear();
            nD.Clear();
            double newS;
            if (t == 0)
            {
                var sinc = System.Math.Exp(w[17] * (g - 3 + w[18])) * System.Math.Pow(s, -w[19]);
                if (g >= 2 && sinc < 1)
                {
                    newS = s;
                    gS.CopyTo(nS);
                }
                else
                {
                    newS = s * sinc;
                    if (withGradient)
                    {
                        var dS = (1 - w[19]) * sinc;
                        for (var i = 0; i < N; i++)
                        {
                            nS[i] = dS * gS[i];
                        }

                        nS[17] += newS * (g - 3 + w[18]);
                        nS[18] += newS * w[17];
                        nS[19] -= newS * System.Math.Log(s);
                    }
                }
            }
            else
            {
                var u = 1 + (factor * t / s);
                var r = System.Math.Pow(u, -decay);
                var dRdS = r * decay * factor * t / (u * s * s);
                var dRdDecay = r * (-System.Math.Log(u) - (decay * t * dFactorDDecay / (u * s)));

                var recalled = g > 1;
                var p = System.Math.Clamp(r, ProbabilityFloor, 1 - ProbabilityFloor);
                loss -= recalled ? System.Math.Log(p) : System.Math.Log(1 - p);
                predictions?.Add(new ScoredPrediction(r, recalled, t, k + 1, lapses));
                if (withGradient && p == r)
                {
                    var dLossDR = (p - (recalled ? 1 : 0)) / (p * (1 - p));
                    for (var i = 0; i < N; i++)
                    {
                        gradient[i] += dLossDR * dRdS * gS[i];
                    }

                    gradient[20] += dLossDR * dRdDecay;
                }

                newS = g == 1
                    ? LapseStability(w, s, d, r, dRdS, dRdDecay, gS, gD, nS, withGradient)
                    : RecallStability(w, s, d, r, g, dRdS, dRdDecay, gS, gD, nS, withGradient);
                lapses += g == 1 ? 1 : 0;
            }

            if (newS < RetentionScheduler.MinStability || newS > RetentionScheduler.MaxStability)
            {
                newS = System.Math.Clamp(newS, RetentionScheduler.MinStability, RetentionScheduler.MaxStability);
                nS.Clear();
            }

            var delta = -w[6] * (g - 3);
            var damped = d + ((10 - d) / 9 * delta);
            var newD = (w[7] * easyD0) + ((1 - w[7]) * damped);
            if (newD < RetentionScheduler.MinDifficulty || newD > RetentionScheduler.MaxDifficulty)
            {
                newD = System.Math.Clamp(newD, RetentionScheduler.MinDifficulty, RetentionScheduler.MaxDifficulty);
            }
            else if (withGradient)
            {
                var dD = (1 - w[7]) * (1 - (delta / 9));
                for (var i = 0; i < N; i++)
                {
                    nD[i] = dD * gD[i];
                }

                nD[4] += w[7];
                nD[5] += w[7] * dEasyD0DW5;
                nD[6] += (1 - w[7]) * (10 - d) / 9 * (3 - g);
                nD[7] += easyD0 - damped;
            }

            s = newS;
            d = newD;
            nS.CopyTo(gS);
            nD.CopyTo(gD);
        }

        return loss;
    }

    /// <summary>min(w11·D^(-w12)·((S + 1)^w13 - 1)·e^(w14·(1 - R)), S/e^(w17·w18)) and its derivatives into <paramref name="nS"/>.</summary>
    private static double LapseStability(ReadOnlySpan<double> w, double s, double d, double r, double dRdS, double dRdDecay, Span<double> gS, Span<double> gD, Span<double> nS, bool withGradient)
    {
        var dPow = System.Math.Pow(d, -w[12]);
        var sPow = System.Math.Pow(s + 1, w[13]);
        var rExp = System.Math.Exp(w[14] * (1 - r));
        var longTerm = w[11] * dPow * (sPow - 1) * rExp;
        var shrink = System.Math.Exp(w[17] * w[18]);
        var ceiling = s / shrink;
        if (ceiling < longTerm)
        {
            if (withGradient)
            {
                for (var i = 0; i < N; i++)
                {
                    nS[i] = gS[i] / shrink;
                }

                nS[17] -= ceiling * w[18];
                nS[18] -= ceiling * w[17];
            }

            return ceiling;
        }

        if (withGradient)
        {
            var dS = w[11] * dPow * w[13] * System.Math.Pow(s + 1, w[13] - 1) * rExp;
            var dD = -w[12] * longTerm / d;
            var dR = -w[14] * longTerm;
            for (var i = 0; i < N; i++)
            {
                nS[i] = ((dS + (dR * dRdS)) * gS[i]) + (dD * gD[i]);
            }

            nS[20] += dR * dRdDecay;
            nS[11] += dPow * (sPow - 1) * rExp;
            nS[12] -= longTerm * System.Math.Log(d);
            nS[13] += w[11] * dPow * sPow * System.Math.Log(s + 1) * rExp;
            nS[14] += longTerm * (1 - r);
        }

        return longTerm;
    }

    /// <summary>S·(1 + e^w8·(11 - D)·S^(-w9)·(e^(w10·(1 - R)) - 1)·(w15 if Hard)·(w16 if Easy)) and its derivatives into <paramref name="nS"/>.</summary>
    private static double RecallStability(ReadOnlySpan<double> w, double s, double d, double r, int g, double dRdS, double dRdDecay, Span<double> gS, Span<double> gD, Span<double> nS, bool withGradient)
    {
        var hardPenalty = g == 2 ? w[15] : 1;
        var easyBonus = g == 4 ? w[16] : 1;
        var core = System.Math.Exp(w[8]) * (11 - d) * System.Math.Pow(s, -w[9]);
        var rExp = System.Math.Exp(w[10] * (1 - r));
        var unweighted = core * (rExp - 1);
        var increase = unweighted * hardPenalty * easyBonus;
        var newS = s * (1 + increase);
        if (withGradient)
        {
            var dS = 1 + (increase * (1 - w[9]));
            var dD = -s * increase / (11 - d);
            var dR = -s * core * rExp * w[10] * hardPenalty * easyBonus;
            for (var i = 0; i < N; i++)
            {
                nS[i] = ((dS + (dR * dRdS)) * gS[i]) + (dD * gD[i]);
            }

            nS[20] += dR * dRdDecay;
            nS[8] += s * increase;
            nS[9] -= s * increase * System.Math.Log(s);
            nS[10] += s * core * rExp * (1 - r) * hardPenalty * easyBonus;
            if (g == 2)
            {
                nS[15] += s * unweighted * easyBonus;
            }
            else if (g == 4)
            {
                nS[16] += s * unweighted * hardPenalty;
            }
        }

        return newS;
    }
}
