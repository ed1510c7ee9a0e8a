using System.Text.Json;
using MasteryPath.Domain.Learning;

namespace MasteryPath.Content.Datasets;

/// <summary>A fitted learner model saved as JSON, with the mapping from skill names to the model's indices.</summary>
public sealed record SavedModel(ModelParameters Parameters, IReadOnlyDictionary<string, int> SkillIndex, DateTimeOffset FittedAt, int TrainingAnswers)
{
    /// <summary>The model, ready to use.</summary>
    public IKnowledgeTracer Model() => KnowledgeTracerCatalog.Import(Parameters);
}

/// <summary>Saves and loads <see cref="SavedModel"/> files (what `kt fit` writes).</summary>
public static class ModelFile
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    private sealed record Dto(string Model, Dictionary<string, double> Scalars, Dictionary<string, double[]> Arrays, Dictionary<string, int> Skills, DateTimeOffset FittedAt, int TrainingAnswers);

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, SavedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var dto = new Dto(
            model.Parameters.Model,
            model.Parameters.Scalars.ToDictionary(),
            model.Parameters.Arrays.ToDictionary(),
            model.SkillIndex.ToDictionary(),
            model.FittedAt,
            model.TrainingAnswers);
        File.WriteAllText(path, JsonSerializer.Serialize(dto, Options));
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="FormatException">When the file is not a model file, with the reason.</exception>
    public static SavedModel Read(string path)
    {
        Dto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<Dto>(File.ReadAllText(path), Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not a model file ({ex.Message})", ex);
        }

        if (dto is null || dto.Model is null || dto.Scalars is null || dto.Arrays is null || dto.Skills is null)
        {
            throw new FormatException($"{path}: not a model file (missing model, scalars, arrays or skills)");
        }

        var saved = new SavedModel(new ModelParameters(dto.Model, dto.Scalars, dto.Arrays), dto.Skills, dto.FittedAt, dto.TrainingAnswers);
        _ = saved.Model();
        return saved;
    }
}
