namespace MasteryPath.Domain.Learning;

/// <summary>The learner models the project can fit, by name; <see cref="DefaultName"/> is the one the product uses.</summary>
public static class KnowledgeTracerCatalog
{
    /// <summary>Every model, the default first, then the baselines.</summary>
    public static IReadOnlyList<IKnowledgeTracerTrainer> All { get; } = [new LogisticKnowledgeTracingTrainer(), new PfaTrainer(), new BktTrainer()];

    /// <summary>The product's default model.</summary>
    public static string DefaultName => All[0].Name;

    /// <summary>Rebuilds a model from exported parameters.</summary>
    /// <exception cref="FormatException">On an unknown model or missing or inconsistent parameters.</exception>
    public static IKnowledgeTracer Import(ModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Model switch
        {
            LogisticKnowledgeTracingTrainer.ModelName => LogisticKnowledgeTracing.Import(parameters),
            "pfa" => PerformanceFactorsAnalysis.Import(parameters),
            "bkt" => BayesianKnowledgeTracing.Import(parameters),
            _ => throw new FormatException($"Unknown model '{parameters.Model}'."),
        };
    }

    /// <summary>The trainer called <paramref name="name"/>, or null.</summary>
    public static IKnowledgeTracerTrainer? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
