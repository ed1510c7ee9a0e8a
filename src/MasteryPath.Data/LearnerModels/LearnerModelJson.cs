using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Retention;

namespace MasteryPath.Data.LearnerModels;

/// <summary>One bin of a reliability table; the means are null for an empty bin.</summary>
public sealed record ReliabilityBinDto(double From, double To, int Count, double? MeanPredicted, double? ObservedRate);

/// <summary>A model's held-out scores as stored and served; a figure is null where it is undefined (e.g. AUC with one class).</summary>
public sealed record HeldOutScoreDto(double? Auc, double? LogLoss, double? Rmse, double? Accuracy, int Predictions, double? Ece, IReadOnlyList<ReliabilityBinDto> Reliability)
{
    public static HeldOutScoreDto From(HeldOutScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new HeldOutScoreDto(
            Finite(score.Metrics.Auc),
            Finite(score.Metrics.LogLoss),
            Finite(score.Metrics.Rmse),
            Finite(score.Metrics.Accuracy),
            score.Metrics.Count,
            Finite(score.Ece),
            score.Reliability.Select(b => new ReliabilityBinDto(b.Lower, b.Upper, b.Count, Finite(b.MeanPredicted), Finite(b.ObservedRate))).ToList());
    }

    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 6) : null;
}

/// <summary>
/// The FSRS fit made beside a learner model: the weights in use (null: FSRS's defaults) and why, with the fitted and the
/// default weights' log loss and RMSE(bins) on the held-out learners' reviews (null where nothing was fitted).
/// </summary>
public sealed record RetentionFitDto(
    string Summary,
    int Learners,
    int Histories,
    int TrainReviews,
    int HeldOutReviews,
    double? FittedLogLoss,
    double? DefaultLogLoss,
    double? FittedRmseBins,
    double? DefaultRmseBins,
    IReadOnlyList<double>? Weights)
{
    public static RetentionFitDto KeptDefaults(string why, int learners, int histories) =>
        new(why, learners, histories, 0, 0, null, null, null, null, null);

    public static RetentionFitDto From(FsrsFit fit, int learners, int histories)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var summary = fit.BeatsStart
            ? string.Create(CultureInfo.InvariantCulture, $"FSRS weights fitted on {fit.Train.Reviews:N0} reviews: held-out log loss {fit.HeldOut.LogLoss:0.0000} against the defaults' {fit.StartHeldOut.LogLoss:0.0000}")
            : string.Create(CultureInfo.InvariantCulture, $"FSRS defaults kept: the weights fitted on {fit.Train.Reviews:N0} reviews did not beat them on held-out learners (log loss {fit.HeldOut.LogLoss:0.0000} against {fit.StartHeldOut.LogLoss:0.0000})");
        return new RetentionFitDto(
            summary,
            learners,
            histories,
            fit.Train.Reviews,
            fit.HeldOut.Reviews,
            Math.Round(fit.HeldOut.LogLoss, 6),
            Math.Round(fit.StartHeldOut.LogLoss, 6),
            Math.Round(fit.HeldOut.RmseBins, 6),
            Math.Round(fit.StartHeldOut.RmseBins, 6),
            fit.BeatsStart ? fit.Parameters.ToArray() : null);
    }
}

/// <summary>The JSON of the model versions' columns: parameters and held-out scores.</summary>
public static class LearnerModelJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Parameters are finite in practice; should one not be, it must survive the round trip rather than fail it.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(LearnerModelParameters parameters) => JsonSerializer.Serialize(parameters, Options);

    public static string Serialize(HeldOutScoreDto score) => JsonSerializer.Serialize(score, Options);

    public static string Serialize(RetentionFitDto retention) => JsonSerializer.Serialize(retention, Options);

    /// <summary>The stored FSRS fit report, or null when there is none or it is not readable.</summary>
    public static RetentionFitDto? Retention(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RetentionFitDto>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <exception cref="FormatException">When the text is not a model's parameters.</exception>
    public static LearnerModel Model(string parametersJson)
    {
        LearnerModelParameters? parameters;
        try
        {
            parameters = JsonSerializer.Deserialize<LearnerModelParameters>(parametersJson, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The stored learner model is not readable: {ex.Message}", ex);
        }

        return LearnerModel.Import(parameters ?? throw new FormatException("The stored learner model is empty."));
    }

    /// <exception cref="FormatException">When the text is not a held-out score.</exception>
    public static HeldOutScoreDto Score(string scoreJson)
    {
        try
        {
            return JsonSerializer.Deserialize<HeldOutScoreDto>(scoreJson, Options) ?? throw new FormatException("The stored score is empty.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The stored score is not readable: {ex.Message}", ex);
        }
    }
}
