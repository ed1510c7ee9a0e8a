namespace MasteryPath.Domain.Learning;

/// <summary>The learner models the project can fit, by name; <see cref="DefaultName"/> is the one the product uses.</summary>
public static class KnowledgeTracerCatalog
{
    /// <summary>Every model, the default first, then the baselines.</summary>
    public static IReadOnlyList<IKnowledgeTracerTrainer> All { get; } = [new LogisticKnowledgeTracingTrainer(), new PfaTrainer(), new BktTrainer()];

    /// <summary>The product's default model.</summary>
    public static string DefaultName => All[0].Name;

    /// <summary>The trainer called <paramref name="name"/>, or null.</summary>
    public static IKnowledgeTracerTrainer? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
