namespace MasteryPath.Domain.Learning;

/// <summary>One bin of a reliability table: predictions in [<paramref name="From"/>, <paramref name="To"/>).</summary>
/// <param name="From">Lower edge.</param>
/// <param name="To">Upper edge (the last bin includes 1).</param>
/// <param name="Count">Predictions in the bin.</param>
/// <param name="MeanPredicted">Their mean.</param>
/// <param name="ObservedRate">The share of them whose answer was right.</param>
public sealed record ReliabilityBin(double From, double To, int Count, double MeanPredicted, double ObservedRate);

/// <summary>Whether "0.9" means 9 in 10: the reliability table and the expected calibration error.</summary>
public static class Calibration
{
    /// <summary>Equal-width bins over [0, 1]; empty bins have NaN means.</summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(IReadOnlyList<double> predictions, IReadOnlyList<bool> outcomes, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (predictions.Count != outcomes.Count)
        {
            throw new ArgumentException("Predictions and outcomes differ in length.", nameof(outcomes));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var sum = new double[bins];
        var right = new int[bins];
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = System.Math.Clamp(predictions[i], 0, 1);
            var b = System.Math.Min((int)(p * bins), bins - 1);
            count[b]++;
            sum[b] += p;
            right[b] += outcomes[i] ? 1 : 0;
        }

        return Enumerable.Range(0, bins)
            .Select(b => new ReliabilityBin(
                (double)b / bins,
                (double)(b + 1) / bins,
                count[b],
                count[b] == 0 ? double.NaN : sum[b] / count[b],
                count[b] == 0 ? double.NaN : (double)right[b] / count[b]))
            .ToList();
    }

    /// <summary>The expected calibration error: the count-weighted mean gap between predicted and observed rates over the bins.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<ReliabilityBin> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var total = table.Sum(b => b.Count);
        return total == 0 ? double.NaN : table.Where(b => b.Count > 0).Sum(b => b.Count * System.Math.Abs(b.MeanPredicted - b.ObservedRate)) / total;
    }
}
