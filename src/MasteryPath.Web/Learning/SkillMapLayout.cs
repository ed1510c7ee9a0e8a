using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Web.Learning;

/// <summary>
/// Where each skill sits on the course map, drawn top to bottom: one band per prerequisite depth, so every arrow points
/// down; a band with more skills than fit the width wraps into rows; skills sit under what they build on (barycentre of
/// their prerequisites, then the course's order). The drawing has a fixed width and scales to the page.
/// </summary>
public sealed record SkillMapLayout(IReadOnlyDictionary<SkillId, (double X, double Y)> Positions, IReadOnlyDictionary<SkillId, IReadOnlyList<string>> Lines, double Height)
{
    public double Width => DrawingWidth;

    public const double NodeWidth = 196;
    public const double NodeHeight = 74;
    public const double DrawingWidth = 1064;
    public const int MaxTitleLines = 3;
    private const double Gap = 16;
    private const double BandGap = 44;
    private const double RowGap = 22;
    private const double Margin = 12;

    /// <summary>Characters per title line at the map's 13 px font in a node's width.</summary>
    private const int LineChars = 24;

    public static int PerRow => (int)((DrawingWidth - (2 * Margin) + Gap) / (NodeWidth + Gap));

    public static SkillMapLayout For(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var graph = course.Graph;
        var depths = graph.Depths();
        var order = graph.TopologicalOrder.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var positions = new Dictionary<SkillId, (double X, double Y)>();
        var y = Margin;
        foreach (var band in depths.GroupBy(p => p.Value).OrderBy(g => g.Key))
        {
            var ranked = band.Select(p => p.Key)
                .OrderBy(s => graph.PrerequisitesOf(s).Count == 0 ? double.MaxValue : graph.PrerequisitesOf(s).Average(p => positions[p].X))
                .ThenBy(s => order[s])
                .ToList();
            foreach (var row in ranked.Chunk(PerRow))
            {
                var rowWidth = (row.Length * (NodeWidth + Gap)) - Gap;
                var x = (DrawingWidth - rowWidth) / 2;
                foreach (var skill in row)
                {
                    positions[skill] = (x, y);
                    x += NodeWidth + Gap;
                }

                y += NodeHeight + RowGap;
            }

            y += BandGap - RowGap;
        }

        var lines = course.SkillsById.ToDictionary(p => p.Key, p => Wrap(p.Value.Title));
        return new SkillMapLayout(positions, lines, y - BandGap + Margin);
    }

    /// <summary>The title in lines of at most <see cref="LineChars"/> characters, broken between words; the last line ends in … when it is cut.</summary>
    public static IReadOnlyList<string> Wrap(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (candidate.Length <= LineChars || line.Length == 0)
            {
                line = candidate;
                continue;
            }

            lines.Add(line);
            line = word;
        }

        if (line.Length > 0)
        {
            lines.Add(line);
        }

        lines = lines.Select(l => l.Length <= LineChars ? l : l[..(LineChars - 1)] + "…").ToList();
        if (lines.Count > MaxTitleLines)
        {
            var last = lines[MaxTitleLines - 1];
            lines = [.. lines.Take(MaxTitleLines - 1), (last.Length < LineChars ? last : last[..(LineChars - 1)]) + "…"];
        }

        return lines;
    }
}
