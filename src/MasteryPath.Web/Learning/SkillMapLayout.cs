using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Web.Learning;

/// <summary>Where each skill sits on the course map: one column per prerequisite depth, rows ordered to keep edges short.</summary>
public sealed record SkillMapLayout(IReadOnlyDictionary<SkillId, (double X, double Y)> Positions, double Width, double Height)
{
    public const double NodeWidth = 170;
    public const double NodeHeight = 46;
    private const double ColumnGap = 60;
    private const double RowGap = 14;
    private const double Margin = 10;

    public static SkillMapLayout For(Course course)
    {
        var graph = course.Graph;
        var depths = graph.Depths();
        var columns = depths.GroupBy(p => p.Value).OrderBy(g => g.Key).Select(g => g.Select(p => p.Key).ToList()).ToList();
        var row = new Dictionary<SkillId, double>();
        var order = graph.TopologicalOrder.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        foreach (var column in columns)
        {
            // Barycentre of the prerequisites' rows, then the course's own order: dependents sit beside what they build on.
            var ranked = column
                .OrderBy(s => graph.PrerequisitesOf(s).Count == 0 ? order[s] : graph.PrerequisitesOf(s).Average(p => row[p]))
                .ThenBy(s => order[s])
                .ToList();
            for (var i = 0; i < ranked.Count; i++)
            {
                row[ranked[i]] = i;
            }
        }

        var positions = new Dictionary<SkillId, (double X, double Y)>();
        foreach (var (skill, depth) in depths)
        {
            positions[skill] = (Margin + (depth * (NodeWidth + ColumnGap)), Margin + (row[skill] * (NodeHeight + RowGap)));
        }

        var maxRows = columns.Max(c => c.Count);
        return new SkillMapLayout(
            positions,
            (2 * Margin) + (columns.Count * (NodeWidth + ColumnGap)) - ColumnGap,
            (2 * Margin) + (maxRows * (NodeHeight + RowGap)) - RowGap);
    }
}
