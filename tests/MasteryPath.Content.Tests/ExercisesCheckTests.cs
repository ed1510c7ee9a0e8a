using MasteryPath.Content.Checking;

namespace MasteryPath.Content.Tests;

/// <summary>An item's <c>exercises:</c> names prerequisites of its skill that a right answer proves (ADR 0014).</summary>
public sealed class ExercisesCheckTests : IDisposable
{
    private readonly CourseFixture _course = new();

    public void Dispose() => _course.Dispose();

    private void Exercises(string skill, string list) =>
        _course.Replace($"items/{skill}.yaml", "    kind: numeric", $"    kind: numeric\n    exercises: {list}");

    private Diagnostic Single(CheckReport report, string code)
    {
        var matches = report.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one '{code}', got:\n{string.Join("\n", report.Diagnostics)}");
        return matches[0];
    }

    [Fact]
    public void Prerequisites_direct_or_not_are_accepted_and_loaded()
    {
        Exercises("multiplying", "[counting, adding]");

        var report = CourseChecker.Check(_course.Root);

        Assert.True(report.Diagnostics.Count == 0, string.Join("\n", report.Diagnostics));
        var item = report.Load.Course!.Items.Single(i => i.Id == "m1");
        Assert.Equal(["counting", "adding"], item.ExercisedSkills.Select(s => s.Value));
        Assert.Null(report.Load.Course.Items.Single(i => i.Id == "a1").Exercises);
    }

    [Fact]
    public void An_unknown_skill_is_an_error_at_its_entry()
    {
        Exercises("multiplying", "[counting, countng]");

        var d = Single(CourseChecker.Check(_course.Root), "unknown-skill");

        Assert.Equal(Severity.Error, d.Severity);
        Assert.EndsWith("items/multiplying.yaml", d.Location.File.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Equal(5, d.Location.Line);
        Assert.Equal(27, d.Location.Column);
        Assert.Contains("'countng'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_skill_that_is_not_a_prerequisite_or_is_the_items_own_skill_is_an_error()
    {
        Exercises("adding", "[multiplying]");
        Exercises("counting", "[counting]");

        var report = CourseChecker.Check(_course.Root);

        var errors = report.Diagnostics.Where(d => d.Code == "not-a-prerequisite").ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, d => Assert.Equal(Severity.Error, d.Severity));
        Assert.Contains(errors, d => d.Message.Contains("'multiplying'", StringComparison.Ordinal) && d.Message.Contains("not a prerequisite of its skill 'adding'", StringComparison.Ordinal));
        Assert.Contains(errors, d => d.Message.Contains("its own skill", StringComparison.Ordinal));
        Assert.Null(report.Load.Course);
    }

    [Fact]
    public void A_malformed_id_is_a_bad_id_and_a_repeated_one_a_warning()
    {
        Exercises("multiplying", "[Counting!, adding, adding]");

        var report = CourseChecker.Check(_course.Root);

        Assert.Contains("'Counting!'", Single(report, "bad-id").Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Warning, Single(report, "duplicate-tag").Severity);
    }
}
