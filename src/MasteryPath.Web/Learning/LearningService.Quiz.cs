using MasteryPath.Data;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Learning;

/// <summary>The daily quiz, a learner's open assignments and weekly goals.</summary>
public sealed partial class LearningService
{
    public static string QuizGroup(DateTimeOffset now) => $"quiz-{now.UtcDateTime:yyyyMMdd}";

    /// <summary>Skills the daily quiz may ask about: due reviews first, then skills practised in the last two weeks.</summary>
    public async Task<IReadOnlyList<SkillId>> QuizCandidatesAsync(LearnerState state, CancellationToken cancellationToken = default)
    {
        var due = state.DueReviews.OrderBy(p => p.Value).Select(p => p.Key)
            .Concat(state.Statuses.Where(s => s.State == SkillState.NeedsReview).Select(s => s.Skill));
        var userId = state.Enrollment.UserId;
        var since = state.Now.AddDays(-14);
        var recent = await db.AnswerEvents.AsNoTracking()
            .Where(e => e.UserId == userId && e.CourseId == state.Course.Id && e.At >= since
                && (e.Kind == EvidenceKind.Practice || e.Kind == EvidenceKind.MasteryCheck || e.Kind == EvidenceKind.Review))
            .OrderByDescending(e => e.Sequence)
            .Select(e => e.SkillId)
            .ToListAsync(cancellationToken);
        return due.Concat(recent.Where(SkillId.IsValid).Select(SkillId.Parse).Where(state.Course.Graph.Contains))
            .Distinct()
            .Where(s => state.Status(s).State != SkillState.Locked)
            .ToList();
    }

    public async Task<QuizProgress> QuizProgressAsync(LearnerState state, CancellationToken cancellationToken = default)
    {
        var group = QuizGroup(state.Now);
        var userId = state.Enrollment.UserId;
        var attempts = await db.Attempts.AsNoTracking().Where(a => a.UserId == userId && a.CourseId == state.Course.Id && a.GroupId == group).ToListAsync(cancellationToken);
        var answered = attempts.Where(a => a.AnsweredAt is not null).ToList();
        var asked = attempts.Select(a => a.SkillId).ToHashSet(StringComparer.Ordinal);
        var remaining = (await QuizCandidatesAsync(state, cancellationToken)).Count(s => !asked.Contains(s.Value));
        var length = Math.Min(DailyQuizLength, answered.Count + remaining + attempts.Count(a => a.AnsweredAt is null));
        return new QuizProgress(answered.Count, answered.Count(a => a.Outcome == AnswerOutcome.Correct), length);
    }

    /// <summary>The next daily-quiz question, or null when today's quiz is done or there is nothing to quiz yet.</summary>
    public Task<Attempt?> NextQuizAttemptAsync(string userId, string courseId, CancellationToken cancellationToken = default) =>
        UntilOpenedAsync(() => TryNextQuizAttemptAsync(userId, courseId, cancellationToken), cancellationToken);

    private async Task<Attempt?> TryNextQuizAttemptAsync(string userId, string courseId, CancellationToken cancellationToken)
    {
        var state = await LoadAsync(userId, courseId, cancellationToken);
        var group = QuizGroup(state.Now);
        var attempts = await db.Attempts.Where(a => a.UserId == userId && a.CourseId == courseId && a.GroupId == group).ToListAsync(cancellationToken);
        var open = attempts.FirstOrDefault(a => a.AnsweredAt is null);
        if (open is not null)
        {
            return open;
        }

        if (attempts.Count >= DailyQuizLength)
        {
            return null;
        }

        var asked = attempts.Select(a => a.SkillId).ToHashSet(StringComparer.Ordinal);
        var next = (await QuizCandidatesAsync(state, cancellationToken)).FirstOrDefault(s => !asked.Contains(s.Value));
        if (next == default)
        {
            return null;
        }

        var kind = state.Status(next).MasteredAt is not null ? EvidenceKind.Review : EvidenceKind.Practice;
        return await CreateAttemptAsync(state, next, AttemptMode.DailyQuiz, kind, group, state.Mastery.PredictCorrect(next), cancellationToken);
    }

    /// <summary>
    /// Skills of this course the learner's teachers assigned (to them or their whole class) that are not mastered yet,
    /// one per skill: the soonest due first, then the newest.
    /// </summary>
    public async Task<IReadOnlyList<AssignedSkill>> OpenAssignmentsAsync(LearnerState state, CancellationToken cancellationToken = default)
    {
        var userId = state.Enrollment.UserId;
        var courseId = state.Course.Id;
        var assigned = await db.AssignedTo(userId).AsNoTracking()
            .Where(a => a.CourseId == courseId)
            .Include(a => a.Skills)
            .ToListAsync(cancellationToken);
        return [.. assigned
            .SelectMany(a => a.Skills.Select(s => new AssignedSkill(s.SkillId, a.Title, a.Note, a.AssignedAt, a.DueOn)))
            .Where(a => SkillId.IsValid(a.SkillId) && state.Course.Graph.Contains(SkillId.Parse(a.SkillId)) && state.Status(SkillId.Parse(a.SkillId)).State != SkillState.Mastered)
            .OrderBy(a => a.DueOn ?? DateOnly.MaxValue)
            .ThenByDescending(a => a.AssignedAt)
            .DistinctBy(a => a.SkillId)];
    }

    // ---------- Weekly goal ----------

    public async Task SetGoalAsync(string userId, string courseId, WeeklyGoalKind kind, int target, CancellationToken cancellationToken = default)
    {
        if (kind != WeeklyGoalKind.None && target is < 1 or > 10_000)
        {
            throw LearningException.Invalid("A weekly goal is between 1 and 10000.");
        }

        var enrollment = await EnsureEnrollmentAsync(userId, courseId, cancellationToken);
        enrollment.GoalKind = kind;
        enrollment.GoalTarget = kind == WeeklyGoalKind.None ? 0 : target;
        await db.SaveChangesAsync(cancellationToken);
    }

    public static DateTimeOffset WeekStart(DateTimeOffset now)
    {
        var day = now.UtcDateTime.Date;
        var offset = ((int)day.DayOfWeek + 6) % 7;
        return new DateTimeOffset(day.AddDays(-offset), TimeSpan.Zero);
    }
}
