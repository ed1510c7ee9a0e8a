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
        var enrollments = await db.Enrollments.AsNoTracking()
            .Where(e => e.CourseId == course.Id && memberIds.Contains(e.UserId))
            .Select(e => new { e.UserId, e.Placement, e.LastActivityAt, e.SnapshotKey, StateJson = useSnapshots ? e.StateJson : null })
            .ToDictionaryAsync(e => e.UserId, cancellationToken);
        var now = time.GetUtcNow();

        var statuses = new Dictionary<string, IReadOnlyDictionary<SkillId, SkillStatus>>(StringComparer.Ordinal);
        var current = enrollments.Values.Where(e => useSnapshots && e.SnapshotKey == keyInForce).ToList();
        var read = ClassSnapshots.ReadAll(course, current.ConvertAll(e => e.StateJson), now);
        for (var i = 0; i < current.Count; i++)
        {
            if (read[i] is { } skills)
            {
                statuses[current[i].UserId] = skills;
            }
        }

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
}
