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
    /// <summary>Names that index the arrays (e.g. skill ids), when the model is keyed by name rather than by number.</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>The scalar called <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">When it is missing.</exception>
    public double Scalar(string name) =>
        Scalars.TryGetValue(name, out var value) ? value : throw new FormatException($"The {Model} model has no parameter '{name}'.");

    /// <summary>
    /// Parameters of a model with one record per skill and a fallback for unseen skills: one array per column
    /// (plus "skills"), and the fallback as "fallback_&lt;column&gt;" scalars.
    /// </summary>
    public static ModelParameters PerSkill<T>(string model, IReadOnlyDictionary<int, T> perSkill, T fallback, params (string Name, Func<T, double> Get)[] columns)
    {
        ArgumentNullException.ThrowIfNull(perSkill);
        var skills = perSkill.Keys.Order().ToArray();
        var arrays = new Dictionary<string, double[]> { ["skills"] = skills.Select(s => (double)s).ToArray() };
        var scalars = new Dictionary<string, double>();
        foreach (var (name, get) in columns)
        {
            arrays[name] = skills.Select(s => get(perSkill[s])).ToArray();
            scalars[$"fallback_{name}"] = get(fallback);
        }

        return new ModelParameters(model, scalars, arrays);
    }

    /// <summary>Reads what <see cref="PerSkill"/> wrote: per skill index, and the fallback, the named columns in order.</summary>
    /// <exception cref="FormatException">On a missing column or columns of different lengths.</exception>
    public (IReadOnlyDictionary<int, double[]> PerSkill, double[] Fallback) ReadPerSkill(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var skills = Array("skills");
        var values = columns.Select(Array).ToArray();
        if (values.Any(v => v.Length != skills.Length))
        {
            throw new FormatException($"The {Model} parameter arrays differ in length.");
        }

        var perSkill = Enumerable.Range(0, skills.Length).ToDictionary(i => (int)skills[i], i => values.Select(v => v[i]).ToArray());
        return (perSkill, columns.Select(c => Scalar($"fallback_{c}")).ToArray());
    }

    /// <summary>The array called <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">When it is missing.</exception>
    public double[] Array(string name) =>
        Arrays.TryGetValue(name, out var value) ? value : throw new FormatException($"The {Model} model has no parameter array '{name}'.");
}
