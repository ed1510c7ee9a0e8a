using System.Globalization;
using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Reports;

/// <summary>One level of the standards-based scale: the score a teacher pastes into a gradebook and its word.</summary>
public sealed record GradebookLevel(int Score, string Label, string Meaning);

/// <summary>A learner's standing on one skill: its score on the scale and, for mastered skills, when it was earned.</summary>
public sealed record GradebookCell(int Score, string Label, DateTimeOffset? Earned);

/// <summary>A learner's row: who (name, MasteryPath id, email or username, the SIS sourcedId when they came from OneRoster) and a cell per skill.</summary>
public sealed record GradebookLearner(string LearnerId, string Name, string? Email, string? Username, string? SourcedId, IReadOnlyDictionary<SkillId, GradebookCell> Skills)
{
    /// <summary>A unit's score: the mean of its skills' scores, to one decimal.</summary>
    public double UnitScore(GradebookUnit unit) => Math.Round(unit.Skills.Average(s => (double)Skills[s.Id].Score), 1, MidpointRounding.AwayFromZero);

    /// <summary>The latest date a skill of the unit was earned, when all of them are.</summary>
    public DateTimeOffset? UnitEarned(GradebookUnit unit) =>
        unit.Skills.All(s => Skills[s.Id].Earned is not null) ? unit.Skills.Max(s => Skills[s.Id].Earned) : null;
}

/// <summary>A unit and its skills in prerequisite order; <c>Id</c> is null for skills outside any unit.</summary>
public sealed record GradebookUnit(string? Id, string Title, IReadOnlyList<Skill> Skills);

/// <summary>
/// The class's mastery as a standards-based gradebook: per learner, a score per skill and per unit on the class's
/// scale. The scale follows the class's display bands (set on the class settings page): 0 for a skill not started,
/// 1 to n for the bands from the lowest, and n + 1 for a mastered skill; with the default bands that is
/// 0 Not started, 1 Beginning, 2 Developing, 3 Approaching, 4 Mastered.
/// </summary>
public sealed record Gradebook(SchoolClass Class, Course Course, DateTimeOffset GeneratedAt, IReadOnlyList<GradebookLevel> Scale, IReadOnlyList<GradebookUnit> Units, IReadOnlyList<GradebookLearner> Learners)
{
    public const string NotStarted = "Not started";

    public int MaxScore => Scale[0].Score;

    /// <summary>The scale from the class's bands, highest first.</summary>
    public static IReadOnlyList<GradebookLevel> ScaleOf(IReadOnlyList<Band> bands)
    {
        var levels = new List<GradebookLevel> { new(bands.Count + 1, ClassBands.MasteredLabel, "passed the mastery check (or confirmed by placement or the teacher)") };
        for (var i = bands.Count - 1; i >= 0; i--)
        {
            levels.Add(new GradebookLevel(i + 1, bands[i].Label, $"practising; estimated {ClassBands.RangeOf(bands, i)} of having mastered it"));
        }

        levels.Add(new GradebookLevel(0, NotStarted, "no answer on the skill yet"));
        return levels;
    }

    /// <summary>The cell of a skill: mastered (or placed, or mastered and due for review) scores highest, no evidence 0, else the band.</summary>
    public static GradebookCell CellOf(IReadOnlyList<Band> bands, SkillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.State is SkillState.Mastered or SkillState.NeedsReview or SkillState.Placed)
        {
            return new GradebookCell(bands.Count + 1, ClassBands.MasteredLabel, status.MasteredAt);
        }

        if (status.Evidence == 0)
        {
            return new GradebookCell(0, NotStarted, null);
        }

        var index = 0;
        for (var i = 0; i < bands.Count; i++)
        {
            if (status.Probability >= bands[i].Min)
            {
                index = i;
            }
        }

        return new GradebookCell(index + 1, bands[index].Label, null);
    }

    public static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Score(double score) => score.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>Builds the gradebook of a teacher's class (a class that is not theirs is not found).</summary>
public sealed class GradebookService(MasteryPathDb db, TeachingService teaching, TimeProvider time)
{
    public async Task<Gradebook> BuildAsync(ClaimsPrincipal teacher, long classId, string? courseId, CancellationToken cancellationToken = default)
    {
        var dashboard = await teaching.DashboardAsync(teacher, classId, courseId, cancellationToken);
        var bands = ClassBands.Parse(dashboard.Class.BandsJson);
        var ids = dashboard.Learners.Select(l => l.LearnerId).ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, StringComparer.Ordinal, cancellationToken);
        var links = (await db.OneRosterLinks.AsNoTracking().Where(l => l.ClassId == classId && ids.Contains(l.LearnerId)).ToListAsync(cancellationToken))
            .GroupBy(l => l.LearnerId).ToDictionary(g => g.Key, g => g.First().SourcedId, StringComparer.Ordinal);
        var course = dashboard.Course;
        var learners = dashboard.Learners
            .Select(row =>
            {
                var account = accounts.GetValueOrDefault(row.LearnerId);
                var username = account is { Email: null } ? account.UserName : null;
                return new GradebookLearner(row.LearnerId, row.Name, account?.Email, username, links.GetValueOrDefault(row.LearnerId), row.Skills.ToDictionary(s => s.Key, s => Gradebook.CellOf(bands, s.Value)));
            })
            .OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(l => l.LearnerId, StringComparer.Ordinal)
            .ToList();
        return new Gradebook(dashboard.Class, course, time.GetUtcNow(), Gradebook.ScaleOf(bands), UnitsOf(course), learners);
    }

    /// <summary>The usernames of accounts without an email (learners from a OneRoster export), by account id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> UsernamesAsync(IReadOnlyList<string> learnerIds, CancellationToken cancellationToken = default) =>
        learnerIds.Count == 0
            ? new Dictionary<string, string>()
            : await db.Users.AsNoTracking().Where(u => learnerIds.Contains(u.Id) && u.UserName != null).ToDictionaryAsync(u => u.Id, u => u.UserName!, StringComparer.Ordinal, cancellationToken);

    public static IReadOnlyList<GradebookUnit> UnitsOf(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var ordered = course.Graph.TopologicalOrder.Select(s => course.SkillsById[s]).ToList();
        var units = course.Units
            .Select(u => new GradebookUnit(u.Id, u.Title, ordered.Where(s => s.UnitId == u.Id).ToList()))
            .Where(u => u.Skills.Count > 0)
            .ToList();
        var unitIds = course.Units.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        var other = ordered.Where(s => s.UnitId is null || !unitIds.Contains(s.UnitId)).ToList();
        if (other.Count > 0)
        {
            units.Add(new GradebookUnit(null, units.Count == 0 ? "Skills" : "Other skills", other));
        }

        return units;
    }
}
