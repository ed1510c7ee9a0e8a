using System.Text.RegularExpressions;

namespace MasteryPath.Domain.Skills;

/// <summary>A skill's id: lower-case letters, digits and dashes, starting with a letter or digit, at most 64 characters.</summary>
public readonly partial record struct SkillId
{
    private SkillId(string value) => Value = value;

    /// <summary>The id text.</summary>
    public string Value { get; }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z")]
    private static partial Regex Pattern();

    /// <summary>True when <paramref name="text"/> is a valid id.</summary>
    public static bool IsValid(string? text) => text is not null && Pattern().IsMatch(text);

    /// <summary>Parses an id.</summary>
    /// <exception cref="FormatException">When <paramref name="text"/> is not a valid id.</exception>
    public static SkillId Parse(string text) =>
        IsValid(text)
            ? new SkillId(text)
            : throw new FormatException($"'{text}' is not a valid id: use lower-case letters, digits and dashes (at most 64).");

    /// <inheritdoc/>
    public override string ToString() => Value;
}
