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

    public async Task<MotivationView> MotivationAsync(LearnerState state, CancellationToken cancellationToken = default)
    {
        var userId = state.Enrollment.UserId;
        var answers = await db.Attempts.AsNoTracking()
            .Where(a => a.UserId == userId && a.CourseId == state.Course.Id && a.AnsweredAt != null && (a.Outcome == Domain.Items.AnswerOutcome.Correct || a.Outcome == Domain.Items.AnswerOutcome.Incorrect))
            .Select(a => new AnsweredQuestion(a.CreatedAt, a.AnsweredAt!.Value, a.SkillId, a.Outcome == Domain.Items.AnswerOutcome.Correct && !a.SolutionShown))
            .ToListAsync(cancellationToken);
        var days = AccuratePoints.ByDay(answers);
        var weekStart = WeekStart(state.Now);
        var today = DateOnly.FromDateTime(state.Now.UtcDateTime);
        var mastered = state.Statuses.Where(s => s.State == SkillState.Mastered && s.MasteredBy is MasterySource.Check or MasterySource.Project && s.MasteredAt is not null).ToList();
        var weekPoints = days.Where(d => d.Day >= DateOnly.FromDateTime(weekStart.UtcDateTime)).Sum(d => d.Points)
            + (AccuratePoints.PerSkillMastered * mastered.Count(s => s.MasteredAt >= weekStart));
        var totalPoints = days.Sum(d => d.Points) + (AccuratePoints.PerSkillMastered * mastered.Count);
        var masteredToday = mastered.Where(s => DateOnly.FromDateTime(s.MasteredAt!.Value.UtcDateTime) == today).Select(s => state.Course.SkillsById[s.Skill].Title).ToList();
        return new MotivationView(
            await MotivationSwitchesAsync(userId, state.Course.Id, cancellationToken),
            weekPoints,
            totalPoints,
            AccuratePoints.Streak(days, today),
            days.Any(d => d.Day == today && d.AccurateSets > 0),
            masteredToday);
    }
}
