namespace MasteryPath.Domain.Retention;

/// <summary>The 21 weights w0..w20 of FSRS-6 (the Free Spaced Repetition Scheduler, version 6).</summary>
public sealed class FsrsParameters
{
    /// <summary>Number of weights in FSRS-6.</summary>
    public const int Count = 21;

    private readonly double[] _weights;

    /// <summary>Wraps 21 weights; they must be finite, w0..w3 positive and w20 (the decay) positive.</summary>
    /// <param name="weights">w0..w20 in order.</param>
    public FsrsParameters(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != Count)
        {
            throw new ArgumentException($"FSRS-6 has {Count} weights, got {weights.Count}.", nameof(weights));
        }

        if (weights.Any(w => !double.IsFinite(w)))
        {
            throw new ArgumentException("Every FSRS weight must be a finite number.", nameof(weights));
        }

        if (weights.Take(4).Any(w => w <= 0))
        {
            throw new ArgumentException("The initial stabilities w0..w3 must be positive.", nameof(weights));
        }

        if (weights[20] <= 0)
        {
            throw new ArgumentException("The decay w20 must be positive.", nameof(weights));
        }

        _weights = [.. weights];
    }

    /// <summary>
    /// The published FSRS-6 defaults. Source: open-spaced-repetition's reference implementation fsrs-rs
    /// (<c>FSRS6_DEFAULT_PARAMETERS</c> in <c>src/inference.rs</c>, the values Anki ships), identical to
    /// py-fsrs (<c>DEFAULT_PARAMETERS</c> in <c>fsrs/scheduler.py</c>) and ts-fsrs
    /// (<c>FSRS6_DEFAULT_WEIGHTS</c> in <c>packages/fsrs/src/models/fsrs-6/constants.ts</c>), all at
    /// https://github.com/open-spaced-repetition.
    /// </summary>
    /// <remarks>
    /// The srs-benchmark README and older ts-fsrs tests list another FSRS-6 set (0.2172, 1.1771, 3.2602,
    /// 16.1507, ..., w20 = 0.2); the three libraries' shipped defaults are the ones below.
    /// </remarks>
    public static FsrsParameters Default { get; } = new(
    [
        0.212, 1.2931, 2.3065, 8.2956, // w0..w3: initial stability for Again, Hard, Good, Easy
        6.4133, 0.8334, // w4, w5: initial difficulty
        3.0194, 0.001, // w6: difficulty step per grade, w7: mean reversion
        1.8722, 0.1666, 0.796, // w8..w10: stability after a recall
        1.4835, 0.0614, 0.2629, 1.6483, // w11..w14: stability after a lapse
        0.6014, 1.8729, // w15: Hard penalty, w16: Easy bonus
        0.5425, 0.0912, 0.0658, // w17..w19: same-day (short-term) reviews
        0.1542, // w20: decay of the forgetting curve
    ]);

    /// <summary>The weight w<paramref name="index"/>.</summary>
    /// <param name="index">0..20.</param>
    public double this[int index] => _weights[index];

    /// <summary>The weights w0..w20 in order.</summary>
    public IReadOnlyList<double> Weights => _weights;
}
