using MasteryPath.Domain.Items;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Motivation;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Learning;

/// <summary>Which motivation elements a learner sees in a course: each is on unless a teacher of one of their classes taking the course turned it off.</summary>
public sealed record MotivationSwitches(bool Points, bool Streak, bool WeeklyGoal, bool Celebrations)
{
    public static readonly MotivationSwitches AllOn = new(true, true, true, true);
}

/// <summary>Points for accurate work (this week and in all), the daily streak, and what to celebrate today.</summary>
public sealed record MotivationView(MotivationSwitches Switches, int WeekPoints, int TotalPoints, int Streak, bool PracticedAccuratelyToday, IReadOnlyList<string> MasteredToday);

public sealed partial class LearningService
{
    public async Task<MotivationSwitches> MotivationSwitchesAsync(string userId, string courseId, CancellationToken cancellationToken = default)
    {
        var classes = await db.ClassMemberships.AsNoTracking()
            .Where(m => m.LearnerId == userId)
            .Join(db.Classes.AsNoTracking().Where(c => c.Courses.Any(x => x.CourseId == courseId)), m => m.ClassId, c => c.Id, (m, c) => new { c.HidePoints, c.HideStreak, c.HideWeeklyGoal, c.HideCelebrations })
            .ToListAsync(cancellationToken);
        return new MotivationSwitches(!classes.Any(c => c.HidePoints), !classes.Any(c => c.HideStreak), !classes.Any(c => c.HideWeeklyGoal), !classes.Any(c => c.HideCelebrations));
    }

    /// <summary>The learner's week in the course (answers, focused time, skills newly mastered).</summary>
    public async Task<WeekProgress> WeekProgressAsync(LearnerState state, CancellationToken cancellationToken = default) =>
        WeekProgressOf(state, await AnsweredAsync(state, cancellationToken));

    /// <summary>The week and the motivation figures, from one read of the learner's answered questions.</summary>
    public async Task<(WeekProgress Week, MotivationView Motivation)> WeekAndMotivationAsync(LearnerState state, CancellationToken cancellationToken = default)
    {
        var answered = await AnsweredAsync(state, cancellationToken);
        var switches = await MotivationSwitchesAsync(state.Enrollment.UserId, state.Course.Id, cancellationToken);
        return (WeekProgressOf(state, answered), MotivationOf(state, answered, switches));
    }

    private sealed record AnsweredRow(DateTimeOffset Shown, DateTimeOffset Answered, string SkillId, AnswerOutcome? Outcome, bool SolutionShown);

    private async Task<List<AnsweredRow>> AnsweredAsync(LearnerState state, CancellationToken cancellationToken)
    {
        var userId = state.Enrollment.UserId;
        return await db.Attempts.AsNoTracking()
            .Where(a => a.UserId == userId && a.CourseId == state.Course.Id && a.AnsweredAt != null)
            .Select(a => new AnsweredRow(a.CreatedAt, a.AnsweredAt!.Value, a.SkillId, a.Outcome, a.SolutionShown))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// New mastery only: a check passed or a project accepted; placement and test-out credit, a teacher's override and
    /// mastery regained in a review count towards neither the weekly goal nor the points.
    /// </summary>
    private static bool IsNewMastery(SkillStatus status) =>
        status.State == SkillState.Mastered && status.MasteredBy is MasterySource.Check or MasterySource.Project && status.MasteredAt is not null;

    private static WeekProgress WeekProgressOf(LearnerState state, IReadOnlyList<AnsweredRow> answered)
    {
        var start = WeekStart(state.Now);
        var thisWeek = answered.Where(a => a.Answered >= start).ToList();
        var focused = FocusedTime.Of(thisWeek.Select(a => (a.Shown, a.Answered)));
        return new WeekProgress(thisWeek.Count, focused, state.Statuses.Count(s => IsNewMastery(s) && s.MasteredAt >= start));
    }

    private static MotivationView MotivationOf(LearnerState state, IReadOnlyList<AnsweredRow> answered, MotivationSwitches switches)
    {
        var days = AccuratePoints.ByDay(answered
            .Where(a => a.Outcome is AnswerOutcome.Correct or AnswerOutcome.Incorrect)
            .Select(a => new AnsweredQuestion(a.Shown, a.Answered, a.SkillId, a.Outcome == AnswerOutcome.Correct && !a.SolutionShown)));
        var weekStart = WeekStart(state.Now);
        var today = DateOnly.FromDateTime(state.Now.UtcDateTime);
        var mastered = state.Statuses.Where(IsNewMastery).ToList();
        var weekPoints = days.Where(d => d.Day >= DateOnly.FromDateTime(weekStart.UtcDateTime)).Sum(d => d.Points)
            + (AccuratePoints.PerSkillMastered * mastered.Count(s => s.MasteredAt >= weekStart));
        var totalPoints = days.Sum(d => d.Points) + (AccuratePoints.PerSkillMastered * mastered.Count);
        var masteredToday = mastered.Where(s => DateOnly.FromDateTime(s.MasteredAt!.Value.UtcDateTime) == today).Select(s => state.Course.SkillsById[s.Skill].Title).ToList();
        return new MotivationView(switches, weekPoints, totalPoints, AccuratePoints.Streak(days, today), days.Any(d => d.Day == today && d.AccurateSets > 0), masteredToday);
    }
}
