using MasteryPath.Content.Checking;

namespace MasteryPath.Content.Loading;

/// <summary>Where an item or template was written: its start, and the position of each field ("answer", "hints[1]", ...).</summary>
public sealed record ItemSource(SourceLocation Location, IReadOnlyDictionary<string, SourceLocation> Fields)
{
    /// <summary>The position of <paramref name="field"/>, or of its closest enclosing field, or of the item.</summary>
    public SourceLocation Find(string field)
    {
        var key = field;
        while (key.Length > 0)
        {
            if (Fields.TryGetValue(key, out var location))
            {
                return location;
            }

            var cut = System.Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
            if (cut <= 0)
            {
                break;
            }

            key = key[..cut];
        }

        return Location;
    }
}

/// <summary>Where each part of a course was written, so later checks can point at the right line.</summary>
public sealed class CourseSources
{
    /// <summary>Skill id → where its file starts.</summary>
    public Dictionary<string, SourceLocation> Skills { get; } = new(StringComparer.Ordinal);

    /// <summary>Skill id → where each Markdown section ("lesson", "corrective", "enrichment") starts (line of its heading).</summary>
    public Dictionary<string, Dictionary<string, SourceLocation>> SkillSections { get; } = new(StringComparer.Ordinal);

    /// <summary>Item or template id → where it is.</summary>
    public Dictionary<string, ItemSource> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>Task id → where it is.</summary>
    public Dictionary<string, SourceLocation> Tasks { get; } = new(StringComparer.Ordinal);

    /// <summary>Where course.yaml is.</summary>
    public SourceLocation? CourseFile { get; set; }
}
