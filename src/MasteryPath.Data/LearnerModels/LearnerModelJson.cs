using System.Text.Json;
using System.Text.Json.Serialization;
using MasteryPath.Domain.Learning;

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
