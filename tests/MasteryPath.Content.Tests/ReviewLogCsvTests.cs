using MasteryPath.Content.Datasets;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Simulation;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Content.Tests;

public sealed class ReviewLogCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mp-reviews-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string text)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Written_histories_read_back_exactly()
    {
        var histories = ReviewSimulator.Simulate(new ReviewSimulationOptions { Learners = 5, SkillsPerLearner = 3 }, 2).ToList();
        histories.Add(new ReviewHistory("learner, \"quoted\"", SkillId.Parse("skill-01"), 2, [new(new DateTimeOffset(2026, 9, 1, 10, 0, 0, TimeSpan.FromHours(2)), Grade.Easy)]));
        var path = Path.Combine(_dir, "round-trip.csv");

        ReviewLogCsv.Write(path, histories);
        var read = ReviewLogCsv.Read(path);

        var expected = histories.OrderBy(h => h.Learner, StringComparer.Ordinal).ThenBy(h => h.Skill.Value, StringComparer.Ordinal).ThenBy(h => h.Episode).ToList();
        Assert.Equal(expected.Count, read.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((expected[i].Learner, expected[i].Skill, expected[i].Episode), (read[i].Learner, read[i].Skill, read[i].Episode));
            Assert.Equal(expected[i].Reviews, read[i].Reviews);
        }

        Assert.StartsWith(ReviewLogCsv.Header + "\n", System.IO.File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_in_any_order_form_time_ordered_histories_and_episode_and_digit_grades_are_optional_forms()
    {
        var read = ReviewLogCsv.Read(File("""
            grade,at,skill,learner
            3,2026-09-05T08:00:00Z,fractions,ana
            good,2026-09-01T08:00:00Z,fractions,ana
            Again,2026-09-03T08:00:00+02:00,fractions,ana
            hard,2026-09-02T08:00:00Z,slope,ana
            """));

        Assert.Equal(2, read.Count);
        Assert.Equal([Grade.Good, Grade.Again, Grade.Good], read[0].Reviews.Select(r => r.Grade));
        Assert.Equal(new DateTimeOffset(2026, 9, 3, 6, 0, 0, TimeSpan.Zero), read[0].Reviews[1].At);
        Assert.All(read, h => Assert.Equal(1, h.Episode));
        Assert.Equal("slope", read[1].Skill.Value);
    }

    [Theory]
    [InlineData("learner,skill,at\na,s,2026-09-01T08:00:00Z\n", 1, "no 'grade' column")]
    [InlineData("learner,skill,at,grade\na,s,2026-09-01T08:00:00Z,good\na,s,2026-09-02T08:00:00Z,perfect\n", 3, "'grade' is 'perfect'")]
    [InlineData("learner,skill,at,grade\na,s,yesterday,good\n", 2, "'at' is 'yesterday'")]
    [InlineData("learner,skill,at,grade\na,Not A Skill,2026-09-01T08:00:00Z,good\n", 2, "'Not A Skill' is not a skill id")]
    [InlineData("learner,skill,episode,at,grade\na,s,0,2026-09-01T08:00:00Z,good\n", 2, "'episode' is '0'")]
    [InlineData("learner,skill,at,grade\n", 1, "no reviews")]
    public void Malformed_input_names_the_line(string text, int line, string message)
    {
        var ex = Assert.Throws<AnswerLogFormatException>(() => ReviewLogCsv.Read(File(text)));

        Assert.Equal(line, ex.Line);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
