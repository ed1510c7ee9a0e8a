namespace MasteryPath.Domain.Learning;

/// <summary>One bin of a reliability table: the predictions that fell in [<paramref name="Lower"/>, <paramref name="Upper"/>).</summary>
/// <param name="Lower">Lower edge of the bin (inclusive).</param>
/// <param name="Upper">Upper edge of the bin (exclusive, except 1 for the last bin).</param>
/// <param name="Count">Predictions in the bin.</param>
/// <param name="MeanPredicted">Their mean predicted probability (NaN when empty).</param>
/// <param name="ObservedRate">The share of their outcomes that were correct (NaN when empty).</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);

/// <summary>
/// Whether "0.9" means 9 in 10: predictions grouped into equal-width bins, each bin's mean prediction against
/// its observed rate. The expected calibration error (ECE) is the count-weighted mean of
/// |mean predicted − observed rate| over the bins.
/// </summary>
/// <param name="Ece">Expected calibration error (NaN when there are no predictions).</param>
/// <param name="Bins">The reliability table, lowest bin first; empty bins included.</param>
public sealed record CalibrationReport(double Ece, IReadOnlyList<ReliabilityBin> Bins)
{
    /// <summary>The standard number of bins.</summary>
    public const int DefaultBins = 10;

    /// <summary>The report of no predictions.</summary>
    public static CalibrationReport Empty { get; } = Compute([], []);

    /// <summary>Bins <paramref name="predictions"/> (clamped to [0, 1]) into <paramref name="bins"/> equal-width bins.</summary>
    public static CalibrationReport Compute(IReadOnlyList<double> predictions, IReadOnlyList<bool> outcomes, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (predictions.Count != outcomes.Count)
        {
            throw new ArgumentException("Predictions and outcomes differ in length.", nameof(outcomes));
        }

        var count = new int[bins];
        var predicted = new double[bins];
        var correct = new double[bins];
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = System.Math.Clamp(predictions[i], 0, 1);
            var b = System.Math.Min((int)(p * bins), bins - 1);
            count[b]++;
            predicted[b] += p;
            correct[b] += outcomes[i] ? 1 : 0;
        }

        var table = new ReliabilityBin[bins];
        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            var mean = count[b] == 0 ? double.NaN : predicted[b] / count[b];
            var observed = count[b] == 0 ? double.NaN : correct[b] / count[b];
            table[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], mean, observed);
            if (count[b] > 0)
            {
                ece += (double)count[b] / predictions.Count * System.Math.Abs(mean - observed);
            }
        }

        return new CalibrationReport(predictions.Count == 0 ? double.NaN : ece, table);
    }
}
