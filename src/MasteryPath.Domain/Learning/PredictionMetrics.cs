namespace MasteryPath.Domain.Learning;

/// <summary>How well predicted probabilities match observed answers.</summary>
/// <param name="Auc">Area under the ROC curve (ties count half).</param>
/// <param name="LogLoss">Mean negative log-likelihood (natural log), probabilities clipped to [1e-7, 1-1e-7].</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Accuracy">Share of answers where (p ≥ 0.5) equals the outcome.</param>
/// <param name="Count">Number of predictions.</param>
public sealed record PredictionMetrics(double Auc, double LogLoss, double Rmse, double Accuracy, int Count)
{
    /// <summary>Expected calibration error and reliability table (10 equal-width bins).</summary>
    public CalibrationReport Calibration { get; init; } = CalibrationReport.Empty;

    /// <summary>The expected calibration error; see <see cref="Calibration"/>.</summary>
    public double Ece => Calibration.Ece;

    /// <summary>Computes the metrics of <paramref name="predictions"/> against <paramref name="outcomes"/>.</summary>
    public static PredictionMetrics Compute(IReadOnlyList<double> predictions, IReadOnlyList<bool> outcomes)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (predictions.Count != outcomes.Count)
        {
            throw new ArgumentException("Predictions and outcomes differ in length.", nameof(outcomes));
        }

        var n = predictions.Count;
        if (n == 0)
        {
            return new PredictionMetrics(double.NaN, double.NaN, double.NaN, double.NaN, 0) { Calibration = CalibrationReport.Compute(predictions, outcomes) };
        }

        double logLoss = 0, squared = 0;
        var right = 0;
        for (var i = 0; i < n; i++)
        {
            var p = System.Math.Clamp(predictions[i], 1e-7, 1 - 1e-7);
            var y = outcomes[i] ? 1.0 : 0.0;
            logLoss -= (y * System.Math.Log(p)) + ((1 - y) * System.Math.Log(1 - p));
            squared += (predictions[i] - y) * (predictions[i] - y);
            right += (predictions[i] >= 0.5) == outcomes[i] ? 1 : 0;
        }

        return new PredictionMetrics(ComputeAuc(predictions, outcomes), logLoss / n, System.Math.Sqrt(squared / n), (double)right / n, n)
        {
            Calibration = CalibrationReport.Compute(predictions, outcomes),
        };
    }

    /// <summary>The ROC AUC by the rank-sum (Mann–Whitney) formula, with tied scores given their average rank.</summary>
    public static double ComputeAuc(IReadOnlyList<double> predictions, IReadOnlyList<bool> outcomes)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(outcomes);
        var order = Enumerable.Range(0, predictions.Count).OrderBy(i => predictions[i]).ToArray();
        double positives = 0, rankSum = 0;
        var k = 0;
        while (k < order.Length)
        {
            var end = k;
            while (end + 1 < order.Length && predictions[order[end + 1]] == predictions[order[k]])
            {
                end++;
            }

            var averageRank = ((k + end) / 2.0) + 1;
            for (var j = k; j <= end; j++)
            {
                if (outcomes[order[j]])
                {
                    positives++;
                    rankSum += averageRank;
                }
            }

            k = end + 1;
        }

        var negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    /// <summary>
    /// The standard protocol: for each learner walk the answers in order, predict each from the learner's
    /// own earlier answers, then observe it.
    /// </summary>
    public static (List<double> Predictions, List<bool> Outcomes) Replay(IKnowledgeTracer model, IReadOnlyList<LearnerSequence> test)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        var predictions = new List<double>();
        var outcomes = new List<bool>();
        foreach (var learner in test)
        {
            var trace = model.StartLearner();
            foreach (var attempt in learner.Attempts)
            {
                predictions.Add(trace.PredictCorrect(attempt.Skill));
                outcomes.Add(attempt.Correct);
                trace.Observe(attempt.Skill, attempt.Correct);
            }
        }

        return (predictions, outcomes);
    }
}
