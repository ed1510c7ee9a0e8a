namespace MasteryPath.Domain.Learning;

/// <summary>
/// A fitted model's parameters as plain numbers, so a model fitted offline (`kt fit`) can be saved and
/// loaded by the product. <see cref="KnowledgeTracerCatalog.Import"/> turns it back into a model.
/// </summary>
/// <param name="Model">The model's name (see <see cref="IKnowledgeTracerTrainer.Name"/>).</param>
/// <param name="Scalars">Named numbers.</param>
/// <param name="Arrays">Named arrays.</param>
public sealed record ModelParameters(string Model, IReadOnlyDictionary<string, double> Scalars, IReadOnlyDictionary<string, double[]> Arrays)
{
    /// <summary>The scalar called <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">When it is missing.</exception>
    public double Scalar(string name) =>
        Scalars.TryGetValue(name, out var value) ? value : throw new FormatException($"The {Model} model has no parameter '{name}'.");

    /// <summary>The array called <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">When it is missing.</exception>
    public double[] Array(string name) =>
        Arrays.TryGetValue(name, out var value) ? value : throw new FormatException($"The {Model} model has no parameter array '{name}'.");
}
