namespace MasteryPath.Domain.Templates;

/// <summary>
/// An item definition is unusable: a formula does not parse, a variant cannot be drawn, or a variant is
/// invalid. <see cref="Field"/> names where (e.g. "answer", "hints[1]", "parameters.a"); <see cref="Seed"/> the variant.
/// </summary>
public sealed class TemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TemplateException(string field, string message, long? seed = null)
        : base(message)
    {
        Field = field;
        Seed = seed;
    }

    /// <summary>Creates the exception.</summary>
    public TemplateException()
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>The field of the definition at fault.</summary>
    public string Field { get; }

    /// <summary>The seed of the variant at fault, when it is about one variant.</summary>
    public long? Seed { get; }

    /// <summary>Offset of the problem inside the field's text, when known.</summary>
    public int? Offset { get; init; }
}
