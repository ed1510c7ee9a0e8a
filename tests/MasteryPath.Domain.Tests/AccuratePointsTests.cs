using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Motivation;

namespace MasteryPath.Domain.Tests;

/// <summary>Points reward only accurate work: a set below the accuracy bar earns nothing, and fast guesses count as wrong.</summary>
public sealed class AccuratePointsTests
{
    private static readonly DateTimeOffset Morning = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static IEnumerable<AnsweredQuestion> Set(string skill, int right, int wrong, int seconds = 30, DateTimeOffset? start = null)
    {
        var at = start ?? Morning;
        for (var i = 0; i < right + wrong; i++)
        {
            yield return new AnsweredQuestion(at, at.AddSeconds(seconds), skill, i < right);
            at = at.AddMinutes(1);
        }
    }

    [Theory]
    [InlineData(8, 2, 80)]
    [InlineData(10, 0, 100)]
    [InlineData(7, 3, 0)]
    [InlineData(0, 4, 0)]
    public void A_set_earns_ten_a_right_answer_only_at_80_percent_or_more(int right, int wrong, int points)
    {
        var day = Assert.Single(AccuratePoints.ByDay(Set("fractions", right, wrong)));
        Assert.Equal(points, day.Points);
        Assert.Equal(points > 0 ? 1 : 0, day.AccurateSets);
    }

    [Fact]
    public void Rapid_guesses_count_as_wrong_so_guessing_fast_earns_nothing()
    {
        var careful = Set("fractions", 7, 0);
        var guessed = Set("fractions", 3, 0, seconds: 1, start: Morning.AddHours(1));

        Assert.Equal(0, Assert.Single(AccuratePoints.ByDay(careful.Concat(guessed))).Points);
        Assert.Equal(70, Assert.Single(AccuratePoints.ByDay(careful)).Points);
    }

    [Fact]
    public void Each_skill_of_a_day_is_its_own_set()
    {
        var day = Assert.Single(AccuratePoints.ByDay(Set("fractions", 9, 1).Concat(Set("decimals", 1, 3))));
        Assert.Equal((90, 2, 1), (day.Points, day.Sets, day.AccurateSets));
    }

    [Fact]
    public void The_streak_counts_days_with_accurate_work_back_from_today_or_yesterday()
    {
        var today = new DateOnly(2026, 12, 10);
        DayPoints Active(int daysAgo) => new(today.AddDays(-daysAgo), 50, 1, 1);
        DayPoints Inaccurate(int daysAgo) => new(today.AddDays(-daysAgo), 0, 1, 0);

        Assert.Equal(3, AccuratePoints.Streak([Active(0), Active(1), Active(2), Active(4)], today));
        Assert.Equal(2, AccuratePoints.Streak([Active(1), Active(2)], today));
        Assert.Equal(0, AccuratePoints.Streak([Active(2), Active(3)], today));
        Assert.Equal(1, AccuratePoints.Streak([Active(0), Inaccurate(1), Active(2)], today));
    }

    [Property(MaxTest = 300)]
    public Property Points_never_exceed_ten_per_careful_right_answer_and_sets_below_the_bar_earn_nothing(bool[] correct, byte[] seconds)
    {
        var answers = correct.Select((c, i) => new AnsweredQuestion(Morning.AddMinutes(i), Morning.AddMinutes(i).AddSeconds(seconds.Length == 0 ? 10 : seconds[i % seconds.Length] % 20), "s", c)).ToList();
        var careful = answers.Count(a => a.Correct && a.Answered - a.Shown >= FocusedTime.RapidGuess);
        var points = AccuratePoints.ByDay(answers).Sum(d => d.Points);
        var bar = answers.Count > 0 && careful >= AccuratePoints.AccuracyBar * answers.Count;
        return (points == (bar ? careful * AccuratePoints.PerRightAnswer : 0)).ToProperty();
    }
}
