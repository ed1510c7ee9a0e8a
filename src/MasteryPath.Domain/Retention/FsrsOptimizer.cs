namespace MasteryPath.Domain.Retention;

/// <summary>How <see cref="FsrsOptimizer"/> fits; the defaults are fsrs-rs's training settings where it has one.</summary>
public sealed record FsrsOptimizerOptions
{
    /// <summary>Passes over the training histories (fsrs-rs: 5).</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Scored reviews per optimiser step, whole histories at a time (fsrs-rs: 512 items).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Adam's initial learning rate, annealed to 0 on a cosine over all steps (fsrs-rs: 0.04).</summary>
    public double LearningRate { get; init; } = 0.04;

    /// <summary>
    /// Weight of the penalty Σ((w - start)/σ)² that keeps weights the data says little about near the start
    /// (fsrs-rs <c>PENALTY_W_L2</c> for FSRS-6: 0.5); spread over the steps in proportion to their reviews.
    /// </summary>
    public double PenaltyWeight { get; init; } = 0.5;

    /// <summary>Share of learners held out to measure the fit (whole learners, so no learner is in both).</summary>
    public double HeldOutShare { get; init; } = 0.2;

    /// <summary>Fewest scored reviews in the training split; below it the optimiser refuses.</summary>
    public int MinimumReviews { get; init; } = FsrsOptimizer.DefaultMinimumReviews;

    /// <summary>Fewest learners; below it the optimiser refuses (a held-out split needs several).</summary>
    public int MinimumLearners { get; init; } = FsrsOptimizer.DefaultMinimumLearners;

    /// <summary>Seed of the held-out split and of the batch order; a fit is identical for the same seed and data.</summary>
    public ulong Seed { get; init; } = 2023;

    /// <summary>Where the fit starts and what the penalty pulls toward: the published defaults.</summary>
    public FsrsParameters Start { get; init; } = FsrsParameters.Default;
}

/// <summary>Fitted weights with how well they predict, next to the weights they started from.</summary>
/// <param name="Parameters">The fitted weights, inside the FSRS-6 bounds.</param>
/// <param name="Train">The fitted weights on the training learners.</param>
/// <param name="HeldOut">The fitted weights on the held-out learners.</param>
/// <param name="StartTrain">The start weights (normally the defaults) on the training learners.</param>
/// <param name="StartHeldOut">The start weights on the held-out learners.</param>
/// <param name="TrainLearners">Learners fitted on.</param>
/// <param name="HeldOutLearners">Learners held out.</param>
public sealed record FsrsFit(
    FsrsParameters Parameters,
    FsrsMetrics Train,
    FsrsMetrics HeldOut,
    FsrsMetrics StartTrain,
    FsrsMetrics StartHeldOut,
    int TrainLearners,
    int HeldOutLearners)
{
    /// <summary>
    /// Whether the fitted weights predict the held-out learners better (lower log loss) than the start weights;
    /// when they do not, keep the defaults.
    /// </summary>
    public bool BeatsStart => HeldOut.LogLoss < StartHeldOut.LogLoss;
}

/// <summary>There is not enough review history to fit FSRS weights; the message says what is missing.</summary>
public sealed class NotEnoughReviewHistoryException(string message) : InvalidOperationException(message);

/// <summary>
/// Fits the 21 FSRS-6 weights to a course's review histories the way the FSRS optimiser (fsrs-rs) does:
/// minimise the log loss of the predicted recall at each scored review over the weights, starting from the
/// defaults, with Adam on mini-batches, a cosine-annealed learning rate, an L2 pull toward the start scaled by
/// each weight's spread across users, and every weight clipped into the FSRS-6 bounds after each step. The
/// gradient is exact (forward-mode through the memory recursion). Whole learners are held out to measure the
/// fit. Pure and deterministic: the same histories and options give the same weights.
/// </summary>
public static class FsrsOptimizer
{
    /// <summary>
    /// Default minimum of scored reviews in the training split. Below about a thousand, fitted weights beat the
    /// defaults on held-out learners only some of the time (docs/benchmarks.md §6 measures it).
    /// </summary>
    public const int DefaultMinimumReviews = 1000;

    /// <summary>Default minimum of learners.</summary>
    public const int DefaultMinimumLearners = 10;

    /// <summary>
    /// Spread of each weight across users that scales the L2 penalty (fsrs-rs <c>PARAMS_STDDEV</c> for FSRS-6,
    /// <c>src/training_v6.rs</c>).
    /// </summary>
    private static readonly double[] Spread =
    [
        6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33,
        0.3, 0.09, 0.16, 0.57, 0.25, 1.03, 0.31, 0.32, 0.14, 0.27,
    ];

    /// <summary>
    /// Null when <paramref name="histories"/> are enough to fit with <paramref name="options"/>; otherwise why not.
    /// </summary>
    /// <param name="histories">Review histories of one course.</param>
    /// <param name="options">The options (defaults when null).</param>
    public static string? WhyNotEnough(IEnumerable<ReviewHistory> histories, FsrsOptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(histories);
        options ??= new FsrsOptimizerOptions();
        var (train, heldOut) = Split(Prepare(histories), options);
        return WhyNotEnough(train, heldOut, options);
    }

    /// <summary>Fits weights to <paramref name="histories"/>.</summary>
    /// <param name="histories">Review histories of one course (any order; each in time order).</param>
    /// <param name="options">The options (defaults when null).</param>
    /// <exception cref="NotEnoughReviewHistoryException">Too few learners or scored reviews.</exception>
    public static FsrsFit Fit(IEnumerable<ReviewHistory> histories, FsrsOptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(histories);
        options ??= new FsrsOptimizerOptions();
        Check(options);
        var (train, heldOut) = Split(Prepare(histories), options);
        if (WhyNotEnough(train, heldOut, options) is { } reason)
        {
            throw new NotEnoughReviewHistoryException(reason);
        }

        var start = options.Start.ToArray();
        var fitted = Train(train, start, options);
        return new FsrsFit(
            new FsrsParameters(fitted),
            FsrsMetrics.Evaluate(fitted, train),
            FsrsMetrics.Evaluate(fitted, heldOut),
            FsrsMetrics.Evaluate(start, train),
            FsrsMetrics.Evaluate(start, heldOut),
            train.Select(h => h.Learner).Distinct(StringComparer.Ordinal).Count(),
            heldOut.Select(h => h.Learner).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>The summed log loss of <paramref name="weights"/> on <paramref name="histories"/> and its gradient (for tests).</summary>
    internal static double LossAndGradient(double[] weights, IReadOnlyList<PreparedHistory> histories, double[] gradient)
    {
        Array.Clear(gradient);
        var loss = 0.0;
        foreach (var history in histories)
        {
            loss += FsrsObjective.Accumulate(weights, history, gradient);
        }

        return loss;
    }

    internal static List<PreparedHistory> Prepare(IEnumerable<ReviewHistory> histories) =>
        histories
            .OrderBy(h => h.Learner, StringComparer.Ordinal)
            .ThenBy(h => h.Skill.Value, StringComparer.Ordinal)
            .ThenBy(h => h.Episode)
            .Select(h => new PreparedHistory(h))
            .ToList();

    private static void Check(FsrsOptimizerOptions options)
    {
        if (options.Epochs < 1 || options.BatchSize < 1 || !(options.LearningRate > 0) || !(options.PenaltyWeight >= 0)
            || !(options.HeldOutShare > 0 && options.HeldOutShare < 1) || options.MinimumReviews < 1 || options.MinimumLearners < 2)
        {
            throw new ArgumentException("Optimiser options out of range: epochs, batch size and minimum reviews ≥ 1, learning rate > 0, penalty ≥ 0, held-out share in (0, 1), minimum learners ≥ 2.", nameof(options));
        }
    }

    /// <summary>Learners sorted, shuffled with the seed, and the first share of them held out.</summary>
    private static (List<PreparedHistory> Train, List<PreparedHistory> HeldOut) Split(List<PreparedHistory> histories, FsrsOptimizerOptions options)
    {
        var learners = histories.Select(h => h.Learner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Shuffle(learners, new DeterministicRandom(options.Seed));
        var heldOutCount = learners.Length < 2 ? 0 : System.Math.Max(1, (int)System.Math.Round(learners.Length * options.HeldOutShare));
        var heldOut = learners.Take(heldOutCount).ToHashSet(StringComparer.Ordinal);
        return (histories.Where(h => !heldOut.Contains(h.Learner)).ToList(), histories.Where(h => heldOut.Contains(h.Learner)).ToList());
    }

    private static string? WhyNotEnough(List<PreparedHistory> train, List<PreparedHistory> heldOut, FsrsOptimizerOptions options)
    {
        var learners = train.Concat(heldOut).Select(h => h.Learner).Distinct(StringComparer.Ordinal).Count();
        var trainReviews = train.Sum(h => h.Scored);
        var heldOutReviews = heldOut.Sum(h => h.Scored);
        if (learners < options.MinimumLearners)
        {
            return $"Not enough review history to fit FSRS weights: {learners} learner(s), at least {options.MinimumLearners} needed (some are held out to check the fit). Keep the default weights.";
        }

        if (trainReviews < options.MinimumReviews)
        {
            return $"Not enough review history to fit FSRS weights: {trainReviews:N0} scored reviews (a day or more after the previous review) in the training split, at least {options.MinimumReviews:N0} needed. Keep the default weights.";
        }

        return heldOutReviews == 0
            ? "Not enough review history to fit FSRS weights: the held-out learners have no scored review. Keep the default weights."
            : null;
    }

    private static double[] Train(List<PreparedHistory> train, double[] start, FsrsOptimizerOptions options)
    {
        const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        var n = FsrsParameters.Count;
        var lower = FsrsParameters.LowerBounds;
        var upper = FsrsParameters.UpperBounds;
        var w = start.Select((x, i) => System.Math.Clamp(x, lower[i], upper[i])).ToArray();
        var totalReviews = train.Sum(h => h.Scored);
        var order = train.Where(h => h.Scored > 0 || h.Days.Length > 1).ToArray();
        var random = new DeterministicRandom(options.Seed ^ 0x9E3779B97F4A7C15UL);
        var batchesPerEpoch = System.Math.Max(1, (int)System.Math.Ceiling((double)totalReviews / options.BatchSize));
        var totalSteps = batchesPerEpoch * options.Epochs;

        var m = new double[n];
        var v = new double[n];
        var gradient = new double[n];
        var best = (double[])w.Clone();
        var bestObjective = Objective(w, order, start, options.PenaltyWeight);
        var step = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            Shuffle(order, random);
            var position = 0;
            while (position < order.Length)
            {
                Array.Clear(gradient);
                var batchReviews = 0;
                while (position < order.Length && (batchReviews < options.BatchSize || batchReviews == 0))
                {
                    FsrsObjective.Accumulate(w, order[position], gradient);
                    batchReviews += order[position].Scored;
                    position++;
                }

                var penaltyScale = options.PenaltyWeight * batchReviews / totalReviews;
                for (var i = 0; i < n; i++)
                {
                    gradient[i] += penaltyScale * 2 * (w[i] - start[i]) / (Spread[i] * Spread[i]);
                }

                step++;
                var rate = options.LearningRate * 0.5 * (1 + System.Math.Cos(System.Math.PI * System.Math.Min(step - 1, totalSteps) / totalSteps));
                for (var i = 0; i < n; i++)
                {
                    if (!double.IsFinite(gradient[i]))
                    {
                        continue;
                    }

                    m[i] = (beta1 * m[i]) + ((1 - beta1) * gradient[i]);
                    v[i] = (beta2 * v[i]) + ((1 - beta2) * gradient[i] * gradient[i]);
                    var mHat = m[i] / (1 - System.Math.Pow(beta1, step));
                    var vHat = v[i] / (1 - System.Math.Pow(beta2, step));
                    w[i] = System.Math.Clamp(w[i] - (rate * mHat / (System.Math.Sqrt(vHat) + epsilon)), lower[i], upper[i]);
                }
            }

            var objective = Objective(w, order, start, options.PenaltyWeight);
            if (objective < bestObjective)
            {
                bestObjective = objective;
                best = (double[])w.Clone();
            }
        }

        return best;
    }

    /// <summary>Training log loss plus the full penalty: what fsrs-rs compares between epochs to keep the best.</summary>
    private static double Objective(double[] w, PreparedHistory[] histories, double[] start, double penaltyWeight)
    {
        var loss = histories.Sum(h => FsrsObjective.Accumulate(w, h, []));
        var penalty = w.Select((x, i) => (x - start[i]) * (x - start[i]) / (Spread[i] * Spread[i])).Sum();
        return loss + (penaltyWeight * penalty);
    }

    private static void Shuffle<T>(T[] items, DeterministicRandom random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
