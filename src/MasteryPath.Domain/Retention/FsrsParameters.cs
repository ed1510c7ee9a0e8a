using System.Globalization;
using System.Text.Json;

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

    /// <summary>
    /// The lowest value of each weight the optimiser may give: fsrs-rs's FSRS-6 parameter clamps
    /// (<c>clip_fsrs6_parameters</c> in <c>src/parameter_clipper_v6.rs</c>, with same-day reviews enabled and one
    /// relearning step; ts-fsrs's <c>CLAMP_PARAMETERS</c> is the same table).
    /// </summary>
    public static IReadOnlyList<double> LowerBounds { get; } =
    [
        0.001, 0.001, 0.001, 0.001, 1, 0.001, 0.001, 0.001, 0, 0, 0.001,
        0.001, 0.001, 0.001, 0, 0, 1, 0, 0, 0.01, 0.1,
    ];

    /// <summary>The highest value of each weight the optimiser may give (the same source as <see cref="LowerBounds"/>).</summary>
    public static IReadOnlyList<double> UpperBounds { get; } =
    [
        100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5,
        5, 0.25, 0.9, 4, 1, 6, 2, 2, 0.8, 0.8,
    ];

    /// <summary>True when every weight lies within <see cref="LowerBounds"/> and <see cref="UpperBounds"/>.</summary>
    public bool IsWithinBounds => _weights.Select((w, i) => w >= LowerBounds[i] && w <= UpperBounds[i]).All(inside => inside);

    /// <summary>Weights clamped into <see cref="LowerBounds"/>..<see cref="UpperBounds"/>, as fsrs-rs clips them after each optimiser step.</summary>
    /// <param name="weights">21 finite weights.</param>
    public static FsrsParameters Clipped(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return weights.Count != Count
            ? throw new ArgumentException($"FSRS-6 has {Count} weights, got {weights.Count}.", nameof(weights))
            : new FsrsParameters(weights.Select((w, i) => System.Math.Clamp(w, LowerBounds[i], UpperBounds[i])).ToList());
    }

    /// <summary>A copy of the weights, w0..w20.</summary>
    public double[] ToArray() => [.. _weights];

    /// <summary>
    /// The serialisable form: a JSON array of the 21 weights in order, each written so that it reads back to the
    /// same double (for example <c>[0.212,1.2931,...,0.1542]</c>); the form fsrs-rs, py-fsrs and ts-fsrs take.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(_weights);

    /// <summary>Reads the form <see cref="ToJson"/> writes.</summary>
    /// <param name="json">A JSON array of 21 numbers.</param>
    /// <exception cref="FormatException">When the text is not a JSON array of 21 valid weights.</exception>
    public static FsrsParameters FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        double[]? weights;
        try
        {
            weights = JsonSerializer.Deserialize<double[]>(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"FSRS parameters must be a JSON array of {Count} numbers: {ex.Message}", ex);
        }

        try
        {
            return new FsrsParameters(weights ?? throw new FormatException("FSRS parameters must be a JSON array, not null."));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", _weights.Select(w => w.ToString("0.####", CultureInfo.InvariantCulture)));
}
