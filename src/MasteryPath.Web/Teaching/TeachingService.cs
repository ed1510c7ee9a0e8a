using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching;

/// <summary>One learner's row on the class dashboard.</summary>
public sealed record LearnerRow(string LearnerId, string Name, string Email, PlacementState Placement, int Mastered, DateTimeOffset? LastActivity, IReadOnlyDictionary<SkillId, SkillStatus> Skills);

/// <summary>The class dashboard: every learner's state (from their cached snapshot, or replayed when it is stale) and the alarms.</summary>
public sealed record ClassDashboard(
    SchoolClass Class,
    MasteryPolicy Policy,
    Course Course,
    IReadOnlyList<LearnerRow> Learners,
    IReadOnlyList<HelpAlert> NeedsHelp,
    IReadOnlyList<(LearnerRow Learner, SkillStatus Status)> ReadyToMoveOn,
    IReadOnlyList<ReteachGroup> Reteach)
{
    /// <summary>Learners replayed from the answer-event log because their snapshot was stale or missing.</summary>
    public int Replayed { get; init; }
}

/// <summary>One entry of a learner's evidence timeline on a skill.</summary>
public sealed record EvidenceEntry(DateTimeOffset At, string Kind, bool? Correct, bool UsedHint, string? Response, double? Before, double? After)
{
    public int HintsShown { get; init; }

    public string? DefinitionId { get; init; }

    public string? Misconception { get; init; }

    public string? Feedback { get; init; }

    public CheckOutcome CheckOutcome { get; init; }

    /// <summary>For a choice item, the options picked (as the learner saw them, inline HTML); null for typed answers.</summary>
    public string? PickedHtml { get; init; }
}

/// <summary>A learner seen by their teacher.</summary>
public sealed record LearnerDetail(SchoolClass Class, Course Course, AppUser Learner, LearnerState State, PlacementProgress Placement, IReadOnlyList<string> PlacedSkills, double MinutesSpent, int Answers);

/// <summary>What a teacher sees of their classes; every method refuses classes that are not the teacher's (admins see all).</summary>
public sealed partial class TeachingService(MasteryPathDb db, CourseCatalog catalog, LearningService learning, TimeProvider time, LearnerModelRegistry models)
{
    public async Task<IReadOnlyList<SchoolClass>> ClassesAsync(ClaimsPrincipal teacher, CancellationToken cancellationToken = default)
    {
        var query = db.Classes.AsNoTracking().Include(c => c.Members).Include(c => c.Courses).AsQueryable();
        if (!teacher.IsInRole(Roles.Admin))
        {
            var id = teacher.UserId();
            query = query.Where(c => c.TeacherId == id);
        }

        return await query.OrderBy(c => c.Name).ToListAsync(cancellationToken);
    }

    public async Task<SchoolClass> GetClassAsync(ClaimsPrincipal teacher, long classId, CancellationToken cancellationToken = default)
    {
        var found = await db.Classes.AsNoTracking().Include(c => c.Members).Include(c => c.Courses).SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        if (found is null || (found.TeacherId != teacher.UserId() && !teacher.IsInRole(Roles.Admin)))
        {
            // Someone else's class is indistinguishable from no class.
            throw LearningException.NotFound("There is no such class among yours.");
        }

        return found;
    }

    /// <summary>The class's course named <paramref name="courseId"/>, or its first course.</summary>
    public Course CourseOf(SchoolClass schoolClass, string? courseId)
    {
        var ids = schoolClass.Courses.Select(c => c.CourseId).Order(StringComparer.Ordinal).ToList();
        var id = string.IsNullOrEmpty(courseId) ? ids.FirstOrDefault() : ids.FirstOrDefault(i => i == courseId);
        return id is null
            ? throw LearningException.NotFound(string.IsNullOrEmpty(courseId) ? "This class has no course yet." : $"The class does not take the course '{courseId}'.")
            : catalog.Get(id);
    }

    public async Task<LearnerDetail> LearnerAsync(ClaimsPrincipal teacher, long classId, string learnerId, string? courseId = null, CancellationToken cancellationToken = default)
    {
        var schoolClass = await GetClassAsync(teacher, classId, cancellationToken);
        var course = CourseOf(schoolClass, courseId);
        if (schoolClass.Members.All(m => m.LearnerId != learnerId))
        {
            throw LearningException.NotFound("That learner is not in this class.");
        }

        var learner = await db.Users.AsNoTracking().SingleAsync(u => u.Id == learnerId, cancellationToken);
        var state = await learning.LoadAsync(learnerId, course.Id, cancellationToken, withHistory: true);
        var placement = await learning.PlacementProgressAsync(learnerId, course.Id, cancellationToken);
        var placed = state.Events.Where(e => e.Kind == EvidenceKind.PlacedKnown).Select(e => e.SkillId).Distinct().ToList();
        var durations = await db.Attempts.AsNoTracking()
            .Where(a => a.UserId == learnerId && a.CourseId == course.Id && a.AnsweredAt != null)
            .Select(a => new { a.CreatedAt, a.AnsweredAt })
            .ToListAsync(cancellationToken);
        var minutes = Domain.Motivation.FocusedTime.Of(durations.Select(a => (a.CreatedAt, a.AnsweredAt!.Value))).TotalMinutes;
        return new LearnerDetail(schoolClass, course, learner, state, placement, placed, minutes, durations.Count);
    }

    /// <summary>The learner's evidence on one skill, oldest first, with how each answer moved P(mastered).</summary>
    public async Task<IReadOnlyList<EvidenceEntry>> TimelineAsync(LearnerDetail detail, SkillId skill, CancellationToken cancellationToken = default)
    {
        var attempts = await db.Attempts.AsNoTracking()
            .Where(a => a.UserId == detail.Learner.Id && a.CourseId == detail.Course.Id && a.SkillId == skill.Value && a.AnsweredAt != null)
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        return detail.State.Events
            .Where(e => e.SkillId == skill.Value)
            .Select(e =>
            {
                attempts.TryGetValue(e.EventId, out var attempt);
                var kind = e.Kind switch
                {
                    EvidenceKind.Practice when attempt?.Mode == AttemptMode.DailyQuiz => "Daily quiz",
                    EvidenceKind.Practice when attempt?.Mode == AttemptMode.Enrichment => "Challenge",
                    EvidenceKind.MasteryCheck => "Mastery check",
                    EvidenceKind.PlacedKnown => "Placed as known",
                    EvidenceKind.Reset => "Reset by teacher",
                    EvidenceKind.Assessed => e.Correct ? "Project accepted" : "Project scored",
                    EvidenceKind.Override => e.Correct ? "Marked mastered by a teacher" : "Mastery taken back by a teacher",
                    _ => e.Kind.ToString(),
                };
                var isAnswer = e.Kind is not (EvidenceKind.PlacedKnown or EvidenceKind.Reset or EvidenceKind.Assessed or EvidenceKind.Override);
                return new EvidenceEntry(e.At, kind, isAnswer ? e.Correct : null, e.UsedHint, e.Response, attempt?.ProbabilityBefore, attempt?.ProbabilityAfter)
                {
                    HintsShown = attempt?.HintsShown ?? 0,
                    DefinitionId = attempt?.DefinitionId,
                    Misconception = attempt?.Misconception,
                    Feedback = attempt?.Feedback,
                    CheckOutcome = attempt?.CheckOutcome ?? CheckOutcome.None,
                    PickedHtml = PickedHtml(detail.Course, attempt, e.Response),
                };
            })
            .ToList();
    }

    /// <summary>A choice answer as the options' text: the log stores authored keys, which mean nothing to a teacher.</summary>
    private static string? PickedHtml(Course course, Attempt? attempt, string? response)
    {
        if (attempt is null || response is null || !course.Items.Any(d => d.Id == attempt.DefinitionId))
        {
            return null;
        }

        var shown = AttemptItem.For(course, attempt);
        return shown.Choices is null ? null : string.Join("; ", shown.Picked(response).Select(c => AttemptView.InlineHtml(c.Text)));
    }

    /// <summary>Undoes a placement: skills it placed as known (and not since proven by a check) are reset, and the learner is placed again on next entry.</summary>
    public async Task ResetPlacementAsync(ClaimsPrincipal teacher, long classId, string learnerId, string? courseId = null, CancellationToken cancellationToken = default)
    {
        var detail = await LearnerAsync(teacher, classId, learnerId, courseId, cancellationToken);
        var resets = new List<SkillId>();
        foreach (var skill in detail.PlacedSkills.Distinct())
        {
            var lastPlaced = detail.State.Events.Last(e => e.SkillId == skill && e.Kind == EvidenceKind.PlacedKnown);
            var provenSince = detail.State.Events.Any(e => e.SkillId == skill && e.Sequence > lastPlaced.Sequence && e.Kind is EvidenceKind.MasteryCheck or EvidenceKind.Reset);
            if (!provenSince)
            {
                resets.Add(SkillId.Parse(skill));
            }
        }

        await learning.AppendDecisionsAsync(learnerId, detail.Course.Id, resets, EvidenceKind.Reset, enrollment =>
        {
            enrollment.Placement = PlacementState.NotStarted;
            enrollment.PlacementId = null;
            enrollment.PlacementUnit = null;
        }, cancellationToken);
        await AuditAsync(teacher, "reset-placement", learnerId, classId, detail.Course.Id, null, string.Join(',', resets.Select(r => r.Value)), cancellationToken);
    }

    /// <summary>Resets one skill: evidence before the reset no longer counts toward its mastery.</summary>
    public async Task ResetSkillAsync(ClaimsPrincipal teacher, long classId, string learnerId, string skillId, string? courseId = null, CancellationToken cancellationToken = default)
    {
        var detail = await LearnerAsync(teacher, classId, learnerId, courseId, cancellationToken);
        var skill = LearningService.ParseSkill(detail.State.Course, skillId);
        await learning.AppendDecisionsAsync(learnerId, detail.Course.Id, [skill], EvidenceKind.Reset, null, cancellationToken);
        await AuditAsync(teacher, "reset-skill", learnerId, classId, detail.Course.Id, skill.Value, null, cancellationToken);
    }

    private async Task AuditAsync(ClaimsPrincipal teacher, string action, string learnerId, long classId, string courseId, string? skillId, string? details, CancellationToken cancellationToken)
    {
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = teacher.UserId(), Action = action, SubjectUserId = learnerId, ClassId = classId, CourseId = courseId, SkillId = skillId, Details = details });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Overrides a learner's mastery of a skill, with a reason kept in the audit log; replay keeps the override in force.</summary>
    public async Task OverrideAsync(ClaimsPrincipal teacher, long classId, string learnerId, string? courseId, string skillId, bool mastered, string? reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw LearningException.Invalid("Give a reason for the override: it is kept in the audit log.");
        }

        var detail = await LearnerAsync(teacher, classId, learnerId, courseId, cancellationToken);
        var skill = LearningService.ParseSkill(detail.Course, skillId);
        await learning.AppendDecisionsAsync(learnerId, detail.Course.Id, [skill], EvidenceKind.Override, null, cancellationToken, correct: mastered);
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            ActorId = teacher.UserId(),
            Action = mastered ? "override-mastered" : "override-not-mastered",
            SubjectUserId = learnerId,
            ClassId = classId,
            CourseId = detail.Course.Id,
            SkillId = skill.Value,
            Reason = reason.Trim(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The audit trail about a learner in a course in this class, newest first. Entries of the learner's other classes
    /// (another teacher's overrides, their reasons and notes, roster changes) belong to those classes and are not shown.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(LearnerDetail detail, CancellationToken cancellationToken = default) =>
        await db.AuditLog.AsNoTracking()
            .Where(a => a.SubjectUserId == detail.Learner.Id && a.ClassId == detail.Class.Id && (a.CourseId == null || a.CourseId == detail.Course.Id))
            .OrderByDescending(a => a.Id)
            .Take(50)
            .ToListAsync(cancellationToken);
}
