using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// One course of one class on the school overview: the figures its class dashboard shows in summary. Pairs are
/// skill-learner pairs (learners × the course's skills); Mastered, the pairs mastered (<see cref="LearnerFigures"/>: the
/// dashboard's "Mastered" column summed); NeedingHelp, learners with a skill on the dashboard's "Needs help now" list.
/// </summary>
public sealed record ClassOverviewRow(long ClassId, string ClassName, string Teacher, Course Course, int Learners, long Pairs, long Mastered, int NeedingHelp, DateTimeOffset? LastActivity)
{
    public double MasteredShare => Pairs == 0 ? 0 : (double)Mastered / Pairs;
}

/// <summary>One course across the school: each learner counted once, through the class they joined last for it (the class whose bar they learn under).</summary>
public sealed record CourseOverviewRow(Course Course, int Classes, int Learners, long Pairs, long Mastered, int NeedingHelp)
{
    public double MasteredShare => Pairs == 0 ? 0 : (double)Mastered / Pairs;
}

/// <summary>The whole instance (the school) at a glance; Replayed counts the learners of a class replayed from the log because their snapshot was stale or missing.</summary>
public sealed record SchoolOverview(IReadOnlyList<ClassOverviewRow> Classes, IReadOnlyList<CourseOverviewRow> Courses, int Learners, int Replayed);

/// <summary>
/// The school overview for admins, from the snapshots the answer path maintains on enrollments: one pass over the
/// enrollments of class members (streamed, no tracking, only the snapshot columns); learners whose snapshot is stale
/// for a class are replayed as on the class dashboard, with one query per course for their events.
/// </summary>
public sealed class SchoolOverviewService(MasteryPathDb db, CourseCatalog catalog, TimeProvider time, LearnerModelRegistry models)
{
    private const int ReplayBatch = 500;

    public async Task<SchoolOverview> BuildAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var classes = await db.Classes.AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var classCourses = await db.ClassCourses.AsNoTracking().ToListAsync(cancellationToken);
        var members = await db.ClassMemberships.AsNoTracking().Select(m => new { m.ClassId, m.LearnerId, m.JoinedAt }).ToListAsync(cancellationToken);
        var teacherIds = classes.Select(c => c.TeacherId).Distinct().ToList();
        var teachers = await db.Users.AsNoTracking().Where(u => teacherIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        // One tally per course of a class, in the order the page lists them.
        var units = new List<Tally>();
        var membersOf = members.ToLookup(m => m.ClassId);
        foreach (var schoolClass in classes)
        {
            foreach (var classCourse in classCourses.Where(c => c.ClassId == schoolClass.Id).OrderBy(c => c.CourseId, StringComparer.Ordinal))
            {
                if (catalog.Find(classCourse.CourseId) is not { } course)
                {
                    continue;
                }

                var policy = ClassPolicy.For(schoolClass, course);
                var model = await models.GetAsync(course.Id, cancellationToken);
                units.Add(new Tally(schoolClass, course, policy, model, LearnerSnapshots.KeyFor(course, model, policy), membersOf[schoolClass.Id].ToDictionary(m => m.LearnerId, m => m.JoinedAt, StringComparer.Ordinal)));
            }
        }

        var unitsOf = units
            .SelectMany(u => u.Members.Keys.Select(learner => (Key: (learner, u.Course.Id), Tally: u)))
            .ToLookup(x => x.Key, x => x.Tally);

        // The snapshots, streamed: only the columns read, one row at a time.
        var enrollments = db.Enrollments.AsNoTracking()
            .Where(e => db.ClassMemberships.Any(m => m.LearnerId == e.UserId))
            .Select(e => new { e.UserId, e.CourseId, e.SnapshotKey, e.StateJson, e.LastActivityAt })
            .AsAsyncEnumerable();
        await foreach (var enrollment in enrollments.WithCancellation(cancellationToken))
        {
            foreach (var unit in unitsOf[(enrollment.UserId, enrollment.CourseId)])
            {
                unit.LastActivity = Max(unit.LastActivity, enrollment.LastActivityAt);
                var statuses = enrollment.SnapshotKey == unit.Key ? ClassSnapshots.Read(unit.Course, enrollment.StateJson, now) : null;
                if (statuses is null)
                {
                    continue;
                }

                unit.Add(enrollment.UserId, statuses.Values);
            }
        }

        var replayed = 0;
        foreach (var course in units.GroupBy(u => u.Course.Id))
        {
            replayed += await ReplayStaleAsync(course.ToList(), now, cancellationToken);
        }

        return new SchoolOverview(
            units.Select(u => new ClassOverviewRow(u.Class.Id, u.Class.Name, teachers.GetValueOrDefault(u.Class.TeacherId) ?? u.Class.TeacherId, u.Course, u.Members.Count, (long)u.Members.Count * u.Course.Graph.TopologicalOrder.Count, u.Mastered, u.NeedingHelp, u.LastActivity)).ToList(),
            CourseRows(units),
            members.Select(m => m.LearnerId).Distinct(StringComparer.Ordinal).Count(),
            replayed);
    }

    /// <summary>Replays, under each class's model and bar, the members of <paramref name="units"/> (one course) not read from a snapshot.</summary>
    private async Task<int> ReplayStaleAsync(IReadOnlyList<Tally> units, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var course = units[0].Course;
        var stale = units.SelectMany(u => u.Members.Keys.Where(l => !u.Figures.ContainsKey(l)).Select(l => (Tally: u, Learner: l))).ToList();
        foreach (var batch in stale.Select(s => s.Learner).Distinct(StringComparer.Ordinal).Chunk(ReplayBatch))
        {
            var events = (await db.AnswerEvents.AsNoTracking()
                    .Where(e => e.CourseId == course.Id && batch.Contains(e.UserId))
                    .OrderBy(e => e.Sequence)
                    .ToListAsync(cancellationToken))
                .ToLookup(e => e.UserId);
            var inBatch = batch.ToHashSet(StringComparer.Ordinal);
            foreach (var (unit, learner) in stale.Where(s => inBatch.Contains(s.Learner)))
            {
                // A learner with no answers yet is the same fresh state for everyone in the class: replayed once.
                var statuses = events.Contains(learner)
                    ? LearnerState.Replay(course, unit.Model.Model, events[learner], unit.Policy).Statuses(now)
                    : unit.Fresh ??= LearnerState.Replay(course, unit.Model.Model, [], unit.Policy).Statuses(now);
                unit.Add(learner, statuses);
            }
        }

        return stale.Count;
    }

    /// <summary>Per course, each learner once: through the class they joined last that takes it.</summary>
    private static List<CourseOverviewRow> CourseRows(IReadOnlyList<Tally> units) =>
        units.GroupBy(u => u.Course.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var course = g.First().Course;
                var learners = g.SelectMany(u => u.Members.Select(m => (Learner: m.Key, JoinedAt: m.Value, Tally: u)))
                    .GroupBy(x => x.Learner, StringComparer.Ordinal)
                    .Select(x => x.OrderByDescending(y => y.JoinedAt).ThenByDescending(y => y.Tally.Class.Id).First())
                    .Select(x => x.Tally.Figures[x.Learner])
                    .ToList();
                return new CourseOverviewRow(course, g.Count(), learners.Count, (long)learners.Count * course.Graph.TopologicalOrder.Count, learners.Sum(f => (long)f.Mastered), learners.Count(f => f.NeedsHelp));
            })
            .OrderBy(c => c.Course.Title, StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>One course of one class while the overview is built: its members and their figures so far.</summary>
    private sealed class Tally(SchoolClass schoolClass, Course course, MasteryPolicy policy, ModelInForce model, string key, Dictionary<string, DateTimeOffset> members)
    {
        public SchoolClass Class => schoolClass;

        public Course Course => course;

        public MasteryPolicy Policy => policy;

        public ModelInForce Model => model;

        public string Key => key;

        /// <summary>Learner id → when they joined the class.</summary>
        public Dictionary<string, DateTimeOffset> Members => members;

        public Dictionary<string, LearnerFigures> Figures { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<SkillStatus>? Fresh { get; set; }

        public long Mastered { get; private set; }

        public int NeedingHelp { get; private set; }

        public DateTimeOffset? LastActivity { get; set; }

        public void Add(string learner, IEnumerable<SkillStatus> statuses)
        {
            var figures = LearnerFigures.Of(statuses);
            Figures[learner] = figures;
            Mastered += figures.Mastered;
            NeedingHelp += figures.NeedsHelp ? 1 : 0;
        }
    }
}

/// <summary>What the overviews keep of a learner's statuses: the dashboard's "Mastered" count and whether they are on "Needs help now".</summary>
public readonly record struct LearnerFigures(int Mastered, bool NeedsHelp)
{
    public static LearnerFigures Of(IEnumerable<SkillStatus> statuses)
    {
        var mastered = 0;
        var needsHelp = false;
        foreach (var status in statuses)
        {
            mastered += status.State == SkillState.Mastered ? 1 : 0;
            needsHelp |= ClassAlarms.IsStuck(status);
        }

        return new LearnerFigures(mastered, needsHelp);
    }
}
