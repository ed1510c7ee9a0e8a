namespace MasteryPath.Domain.Items;

/// <summary>The kinds of practice items, each with its own way of checking an answer.</summary>
public enum ItemKind
{
    /// <summary>Pick exactly one of several choices.</summary>
    SingleChoice,

    /// <summary>Pick every correct choice and no wrong one.</summary>
    MultipleSelect,

    /// <summary>A number, correct within a tolerance.</summary>
    Numeric,

    /// <summary>An exact fraction (optionally required in lowest terms).</summary>
    Fraction,

    /// <summary>An algebraic expression or equation, correct when equivalent to the answer.</summary>
    Expression,

    /// <summary>Short text matched against accepted alternatives after normalisation.</summary>
    Text,
}

/// <summary>Reads and writes the kind names used in course files.</summary>
public static class ItemKinds
{
    /// <summary>The course-file spelling of each kind.</summary>
    public static readonly IReadOnlyDictionary<string, ItemKind> ByName = new Dictionary<string, ItemKind>(StringComparer.Ordinal)
    {
        ["single-choice"] = ItemKind.SingleChoice,
        ["multiple-select"] = ItemKind.MultipleSelect,
        ["numeric"] = ItemKind.Numeric,
        ["fraction"] = ItemKind.Fraction,
        ["expression"] = ItemKind.Expression,
        ["text"] = ItemKind.Text,
    };

    /// <summary>The course-file spelling of <paramref name="kind"/>.</summary>
    public static string Name(ItemKind kind) => ByName.First(p => p.Value == kind).Key;
}
