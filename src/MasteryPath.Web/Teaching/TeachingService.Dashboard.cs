using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching;

public sealed partial class TeachingService
{
    /// <summary>
    /// The class dashboard from the learner state cached on each enrollment; learners whose snapshot was computed under
    /// another model version or policy (or is missing) are replayed from the answer-event log, so the result is the replay's.
    /// </summary>
    public Task<ClassDashboard> DashboardAsync(ClaimsPrincipal teacher, long classId, string? courseId = null, CancellationToken cancellationToken = default) =>
        BuildDashboardAsync(teacher, classId, courseId, useSnapshots: true, cancellationToken);

    /// <summary>The class dashboard with every learner replayed from the answer-event log: what <see cref="DashboardAsync"/> must equal.</summary>
    public Task<ClassDashboard> ReplayedDashboardAsync(ClaimsPrincipal teacher, long classId, string? courseId = null, CancellationToken cancellationToken = default) =>
        BuildDashboardAsync(teacher, classId, courseId, useSnapshots: false, cancellationToken);

    private async Task<ClassDashboard> BuildDashboardAsync(ClaimsPrincipal teacher, long classId, string? courseId, bool useSnapshots, CancellationToken cancellationToken)
    {
        var schoolClass = await GetClassAsync(teacher, classId, cancellationToken);
        var course = CourseOf(schoolClass, courseId);
        var policy = ClassPolicy.For(schoolClass, course);
        var modelInForce = await models.GetAsync(course.Id, cancellationToken);
        var keyInForce = LearnerSnapshots.KeyFor(course, modelInForce, policy);
        var memberIds = schoolClass.Members.Select(m => m.LearnerId).ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => memberIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var (enrollments, statuses) = await ReadSnapshotsAsync(course, memberIds, useSnapshots ? keyInForce : null, now, cancellationToken);

        var stale = users.Select(u => u.Id).Where(id => !statuses.ContainsKey(id)).ToList();
        if (stale.Count > 0)
        {
            var events = (await db.AnswerEvents.AsNoTracking()
                    .Where(e => e.CourseId == course.Id && stale.Contains(e.UserId))
                    .OrderBy(e => e.Sequence)
                    .ToListAsync(cancellationToken))
                .ToLookup(e => e.UserId);
            foreach (var id in stale)
            {
                statuses[id] = LearnerState.Replay(course, modelInForce.Model, events[id], policy).Statuses(now).ToDictionary(s => s.Skill);
            }
        }

        var rows = users.Select(u =>
            {
                var skills = statuses[u.Id];
                var enrollment = enrollments.GetValueOrDefault(u.Id);
                return new LearnerRow(u.Id, u.DisplayName, u.Email ?? string.Empty, enrollment?.Placement ?? PlacementState.NotStarted, LearnerFigures.Of(skills.Values).Mastered, enrollment?.LastActivityAt, skills);
            })
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.LearnerId, StringComparer.Ordinal)
            .ToList();

        var needsHelp = ClassAlarms.NeedsHelp(rows, policy, now);
        var ready = rows.SelectMany(r => r.Skills.Values.Where(s => s.ReadyForCheck).Select(s => (r, s))).ToList();
        var stuckIds = needsHelp.Select(a => a.Learner.LearnerId).Distinct().ToList();
        var stuckSkills = needsHelp.Select(a => a.Status.Skill.Value).Distinct().ToList();
        var wrong = stuckIds.Count < 2
            ? []
            : await db.Attempts.AsNoTracking()
                .Where(a => a.CourseId == course.Id && stuckIds.Contains(a.UserId) && stuckSkills.Contains(a.SkillId) && a.Outcome == Domain.Items.AnswerOutcome.Incorrect && a.Misconception != null)
                .ToListAsync(cancellationToken);
        var reteach = ClassAlarms.Reteach(course, rows, ClassPolicy.ReteachMinLearners(schoolClass), wrong);
        return new ClassDashboard(schoolClass, policy, course, rows, needsHelp, ready, reteach) { Replayed = stale.Count };
    }

    /// <summary>
    /// The members' enrollments and the statuses of those whose snapshot was written under <paramref name="keyInForce"/>
    /// (none when null). The snapshots come as the UTF-8 the database stores (<see cref="SnapshotQueries"/>), and a large
    /// class's are read on the thread pool in batches while the rest of the rows still arrive from the database, so
    /// reading 200,000 skill-learner pairs overlaps the query that brings them.
    /// </summary>
    private async Task<(Dictionary<string, DashboardEnrollment> Enrollments, Dictionary<string, IReadOnlyDictionary<SkillId, SkillStatus>> Statuses)> ReadSnapshotsAsync(
        Domain.Courses.Course course, List<string> memberIds, string? keyInForce, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var enrollments = await db.Enrollments.AsNoTracking()
            .Where(e => e.CourseId == course.Id && memberIds.Contains(e.UserId))
            .Select(e => new DashboardEnrollment(e.UserId, e.Placement, e.LastActivityAt))
            .ToDictionaryAsync(e => e.UserId, StringComparer.Ordinal, cancellationToken);
        var statuses = new Dictionary<string, IReadOnlyDictionary<SkillId, SkillStatus>>(memberIds.Count, StringComparer.Ordinal);
        if (keyInForce is null)
        {
            return (enrollments, statuses);
        }

        var snapshots = db.EnrollmentSnapshotsUtf8()
            .Where(e => e.CourseId == course.Id && e.SnapshotKey == keyInForce && memberIds.Contains(e.UserId))
            .AsAsyncEnumerable();
        var inParallel = memberIds.Count >= SnapshotBatch * 2;
        var reads = new List<Task<(string UserId, IReadOnlyDictionary<SkillId, SkillStatus>? Skills)[]>>();
        var batch = new List<EnrollmentSnapshotUtf8>(SnapshotBatch);
        await foreach (var snapshot in snapshots.WithCancellation(cancellationToken))
        {
            batch.Add(snapshot);
            if (inParallel && batch.Count == SnapshotBatch)
            {
                var full = batch;
                reads.Add(Task.Run(() => Read(full), cancellationToken));
                batch = new List<EnrollmentSnapshotUtf8>(SnapshotBatch);
            }
        }

        foreach (var read in (await Task.WhenAll(reads)).Append(Read(batch)))
        {
            foreach (var (userId, skills) in read)
            {
                if (skills is not null)
                {
                    statuses[userId] = skills;
                }
            }
        }

        return (enrollments, statuses);

        (string, IReadOnlyDictionary<SkillId, SkillStatus>?)[] Read(List<EnrollmentSnapshotUtf8> chunk) =>
            [.. chunk.Select(e => (e.UserId, ClassSnapshots.Read(course, e.StateJson, now)))];
    }

    /// <summary>Snapshots read per task on the thread pool; classes of fewer than two batches are read on the request's thread.</summary>
    private const int SnapshotBatch = 50;

    private sealed record DashboardEnrollment(string UserId, PlacementState Placement, DateTimeOffset? LastActivityAt);
}
