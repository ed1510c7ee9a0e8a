namespace MasteryPath.Domain.Motivation;

/// <summary>One answered question, as points and streaks see it.</summary>
/// <param name="Shown">When the question was shown.</param>
/// <param name="Answered">When it was answered.</param>
/// <param name="Skill">The skill it practised.</param>
/// <param name="Correct">Right (without the worked solution shown first).</param>
public sealed record AnsweredQuestion(DateTimeOffset Shown, DateTimeOffset Answered, string Skill, bool Correct);

/// <summary>Points of one day.</summary>
/// <param name="Day">The calendar day (UTC).</param>
/// <param name="Points">Points earned that day.</param>
/// <param name="Sets">Sets that day (a skill practised that day).</param>
/// <param name="AccurateSets">Sets at or above the accuracy bar.</param>
public sealed record DayPoints(DateOnly Day, int Points, int Sets, int AccurateSets);

/// <summary>
/// Points that reward only accurate work. The answers on one skill on one day are a set; a set earns
/// <see cref="PerRightAnswer"/> for each right answer when its accuracy is at least <see cref="AccuracyBar"/>, and
/// nothing below it. A rapid guess (answered in under <see cref="FocusedTime.RapidGuess"/>) counts as a wrong answer, so
/// guessing fast lowers a set's accuracy instead of farming points. Each skill newly mastered (a check passed or a
/// project accepted) adds <see cref="PerSkillMastered"/>.
/// </summary>
public static class AccuratePoints
{
    /// <summary>A set below this share of right answers earns nothing.</summary>
    public const double AccuracyBar = 0.8;

    /// <summary>Points for each right answer of a set at or above the accuracy bar.</summary>
    public const int PerRightAnswer = 10;

    /// <summary>Points for each skill newly mastered.</summary>
    public const int PerSkillMastered = 100;

    /// <summary>Points per day of practice, oldest first, from the answers alone (mastery bonuses are added by the caller).</summary>
    public static IReadOnlyList<DayPoints> ByDay(IEnumerable<AnsweredQuestion> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return [.. answers
            .GroupBy(a => DateOnly.FromDateTime(a.Answered.UtcDateTime))
            .OrderBy(day => day.Key)
            .Select(day =>
            {
                var sets = day.GroupBy(a => a.Skill, StringComparer.Ordinal).Select(SetPoints).ToList();
                return new DayPoints(day.Key, sets.Sum(s => s ?? 0), sets.Count, sets.Count(s => s is not null));
            })];
    }

    /// <summary>The points of one set, or null when it falls below the accuracy bar.</summary>
    private static int? SetPoints(IEnumerable<AnsweredQuestion> set)
    {
        var (right, total) = (0, 0);
        foreach (var answer in set)
        {
            total++;
            if (answer.Correct && answer.Answered - answer.Shown >= FocusedTime.RapidGuess)
            {
                right++;
            }
        }

        return total > 0 && right >= AccuracyBar * total ? right * PerRightAnswer : null;
    }

    /// <summary>
    /// The current daily streak: consecutive days with at least one accurate set, ending today, or yesterday when
    /// today has none yet (the streak is still alive until the day ends).
    /// </summary>
    public static int Streak(IEnumerable<DayPoints> days, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(days);
        var active = days.Where(d => d.AccurateSets > 0).Select(d => d.Day).ToHashSet();
        var day = active.Contains(today) ? today : today.AddDays(-1);
        var streak = 0;
        while (active.Contains(day))
        {
            streak++;
            day = day.AddDays(-1);
        }

        return streak;
    }
}
