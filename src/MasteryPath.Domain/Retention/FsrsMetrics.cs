namespace MasteryPath.Domain.Retention;

/// <summary>How well a set of FSRS weights predicts recall on some review histories.</summary>
/// <param name="LogLoss">Mean binary cross-entropy of the predicted recall against what happened (lower is better).</param>
/// <param name="RmseBins">
/// The FSRS benchmark's RMSE(bins): reviews grouped by elapsed days, review number and earlier lapses (each on
/// a geometric scale, as open-spaced-repetition/srs-benchmark bins them), then the root mean square gap between
/// mean predicted and observed recall per bin, weighted by bin size.
/// </param>
/// <param name="Reviews">Scored reviews (<see cref="ReviewHistory.ScoredReviews"/>).</param>
public sealed record FsrsMetrics(double LogLoss, double RmseBins, int Reviews)
{
    /// <summary>Log loss and RMSE(bins) of <paramref name="parameters"/> on <paramref name="histories"/>.</summary>
    /// <param name="parameters">The weights.</param>
    /// <param name="histories">Review histories, each in time order.</param>
    public static FsrsMetrics Evaluate(FsrsParameters parameters, IEnumerable<ReviewHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(histories);
        return Evaluate(parameters.Weights.ToArray(), histories.Select(h => new PreparedHistory(h)).ToList());
    }

    internal static FsrsMetrics Evaluate(double[] weights, IReadOnlyList<PreparedHistory> histories)
    {
        var predictions = new List<ScoredPrediction>();
        var loss = 0.0;
        foreach (var history in histories)
        {
            loss += FsrsObjective.Accumulate(weights, history, [], predictions);
        }

        return predictions.Count == 0
            ? new FsrsMetrics(double.NaN, double.NaN, 0)
            : new FsrsMetrics(loss / predictions.Count, RmseOfBins(predictions), predictions.Count);
    }

    private static double RmseOfBins(List<ScoredPrediction> predictions)
    {
        var bins = new Dictionary<(int Days, int Number, int Lapses), (double Predicted, double Recalled, int Count)>();
        foreach (var p in predictions)
        {
            var key = (Bin(p.ElapsedDays, 3.62), Bin(p.ReviewNumber, 1.89), p.Lapses == 0 ? -1 : Bin(p.Lapses, 1.73));
            var bin = bins.GetValueOrDefault(key);
            bins[key] = (bin.Predicted + p.Predicted, bin.Recalled + (p.Recalled ? 1 : 0), bin.Count + 1);
        }

        var squares = bins.Values.Sum(b => b.Count * System.Math.Pow((b.Predicted - b.Recalled) / b.Count, 2));
        return System.Math.Sqrt(squares / predictions.Count);
    }

    private static int Bin(int value, double ratio) => (int)System.Math.Floor(System.Math.Log(value) / System.Math.Log(ratio));
}
