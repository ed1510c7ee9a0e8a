using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Motivation;

namespace MasteryPath.Domain.Tests;

public class FocusedTimeTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static (DateTimeOffset, DateTimeOffset) Question(double seconds) => (Monday, Monday.AddSeconds(seconds));

    [Fact]
    public void Rapid_guesses_count_nothing_and_a_question_left_open_counts_at_most_three_minutes()
    {
        Assert.Equal(TimeSpan.Zero, FocusedTime.Of(Enumerable.Repeat(Question(1.5), 40)));
        Assert.Equal(TimeSpan.FromSeconds(20 + 45), FocusedTime.Of([Question(20), Question(45), Question(2)]));
        Assert.Equal(FocusedTime.IdleAfter, FocusedTime.Of([Question(3600)]));
    }

    [Property(MaxTest = 300)]
    public Property Focused_time_is_never_more_than_the_time_spent_nor_more_than_three_minutes_a_question(PositiveInt[] seconds)
    {
        var questions = seconds.Select(s => Question(s.Get % 7200)).ToList();
        var focused = FocusedTime.Of(questions);
        var spent = questions.Aggregate(TimeSpan.Zero, (sum, q) => sum + (q.Item2 - q.Item1));
        return (focused >= TimeSpan.Zero && focused <= spent && focused <= FocusedTime.IdleAfter * questions.Count).ToProperty();
    }

    [Theory]
    [InlineData(0, "no minutes")]
    [InlineData(20, "less than a minute")]
    [InlineData(60, "1 minute")]
    [InlineData(119, "1 minute")]
    [InlineData(720, "12 minutes")]
    public void Focused_time_reads_in_words(int seconds, string words) => Assert.Equal(words, FocusedTime.Describe(TimeSpan.FromSeconds(seconds)));
}
