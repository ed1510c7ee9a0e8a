using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MasteryPath.Domain.Mastery;

namespace MasteryPath.Web.Teaching;

/// <summary>A display band: skills whose P(mastered) is at least <see cref="Min"/> (and below the next band's) show <see cref="Label"/>.</summary>
public sealed record Band(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("min")] double Min);

/// <summary>
/// A class's display bands on P(mastered), stored as JSON in <c>SchoolClass.BandsJson</c>. A mastered skill
/// always shows <see cref="MasteredLabel"/>: only a passed mastery check earns it, never P alone.
/// </summary>
public static class ClassBands
{
    public const string MasteredLabel = "Mastered";
    public const int MaxBands = 8;
    public const int MaxLabelLength = 40;

    public static IReadOnlyList<Band> Defaults { get; } = [new("Beginning", 0), new("Developing", 0.4), new("Approaching", 0.7)];

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.Strict };

    /// <summary>The bands in <paramref name="json"/>, or the defaults when it is empty or unreadable.</summary>
    public static IReadOnlyList<Band> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Defaults;
        }

        try
        {
            var bands = JsonSerializer.Deserialize<List<Band>>(json, Json);
            return bands is { Count: > 0 } && Validate(bands).Count == 0 ? bands : Defaults;
        }
        catch (JsonException)
        {
            return Defaults;
        }
    }

    /// <summary>The JSON to store; the default bands are stored as an empty list so that they follow future defaults.</summary>
    public static string Serialize(IReadOnlyList<Band>? bands) =>
        bands is null || bands.Count == 0 || bands.SequenceEqual(Defaults) ? "[]" : JsonSerializer.Serialize(bands, Json);

    /// <summary>What is wrong with <paramref name="bands"/>: empty when they may be stored.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<Band> bands)
    {
        var problems = new List<string>();
        if (bands.Count > MaxBands)
        {
            problems.Add($"At most {MaxBands} bands.");
        }

        for (var i = 0; i < bands.Count; i++)
        {
            var band = bands[i];
            var unsafeLabel = ControlCharacters.Find(band.Label ?? string.Empty, isName: true);
            var name = string.IsNullOrWhiteSpace(band.Label) || unsafeLabel is not null ? $"Band {i + 1}" : $"Band {i + 1} ('{band.Label}')";
            if (string.IsNullOrWhiteSpace(band.Label))
            {
                problems.Add($"{name} needs a label.");
            }
            else if (unsafeLabel is not null)
            {
                problems.Add($"{name}: the label holds {unsafeLabel}; remove it.");
            }
            else if (band.Label.Length > MaxLabelLength)
            {
                problems.Add($"{name}: a label has at most {MaxLabelLength} characters.");
            }

            if (double.IsNaN(band.Min) || band.Min < 0 || band.Min > 1)
            {
                problems.Add($"{name}: the minimum P must be between 0 and 1.");
            }
            else if (i == 0 && band.Min != 0)
            {
                problems.Add($"{name}: the first band starts at 0, so that every skill has a band.");
            }
            else if (i > 0 && band.Min <= bands[i - 1].Min)
            {
                problems.Add($"{name}: minimums must go up ({Format(band.Min)} is not above {Format(bands[i - 1].Min)}).");
            }
        }

        var duplicate = bands.Where(b => !string.IsNullOrWhiteSpace(b.Label)).GroupBy(b => b.Label.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            problems.Add($"The label '{duplicate.Key}' is used twice.");
        }

        return problems;
    }

    /// <summary>The band label of a skill: <see cref="MasteredLabel"/> when mastered, otherwise the highest band whose minimum P it reaches.</summary>
    public static string LabelOf(IReadOnlyList<Band> bands, SkillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.State == SkillState.Mastered)
        {
            return MasteredLabel;
        }

        var label = bands.Count > 0 ? bands[0].Label : Defaults[0].Label;
        foreach (var band in bands)
        {
            if (status.Probability >= band.Min)
            {
                label = band.Label;
            }
        }

        return label;
    }

    /// <summary>The range a band covers, for legends: "P 0.40–0.70".</summary>
    public static string RangeOf(IReadOnlyList<Band> bands, int index)
    {
        var min = bands[index].Min;
        return index + 1 < bands.Count ? $"P {Format(min)}–{Format(bands[index + 1].Min)}" : $"P ≥ {Format(min)}";
    }

    public static string Format(double p) => p.ToString("0.00", CultureInfo.InvariantCulture);
}
