using MasteryPath.Content.Checking;
using MasteryPath.Content.Loading;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Items;

namespace MasteryPath.Content.Tests;

/// <summary>The checker warns on choice items worded so that a test-wise learner finds the answer without the skill.</summary>
public sealed class GiveawayCheckTests : IDisposable
{
    private readonly CourseFixture _course = new();

    public void Dispose() => _course.Dispose();

    private void ChoiceItem(string choices, string parameters = "a: { range: [2, 20] }", string extra = "") =>
        _course.Write("items/counting.yaml", $"""
            skill: counting
            templates:
              - id: c1
                kind: single-choice
                parameters:
                  {parameters}
                prompt: "Which is right about [[a]]?"
            {extra}    choices:
            {choices}
                hints: ["Think."]
                solution: "Because."
              - id: c2
                kind: numeric
                parameters:
                  a: {"{ range: [2, 30] }"}
                prompt: "Add one to [[a]]."
                answer: "a + 1"
                hints: ["Count on."]
                solution: "[[a + 1]]"
            """);

    private List<Diagnostic> Warnings(string code) =>
        CourseChecker.Check(_course.Root).Diagnostics.Where(d => d.Code == code).ToList();

    [Fact]
    public void A_right_option_that_is_mostly_the_longest_is_a_warning_at_its_choices_line()
    {
        ChoiceItem("""
                  - { text: "[[a + 1]] comes right after [[a]] when you count up by ones", correct: true }
                  - { text: "[[a - 1]]", feedback: "Before." }
                  - { text: "[[a + 2]]", feedback: "Two after." }
                  - { text: "[[a * 2]]", feedback: "Double." }
            """);

        var d = Assert.Single(Warnings("longest-answer"));

        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal("items/counting.yaml", Path.GetRelativePath(_course.Root, d.Location.File).Replace('\\', '/'));
        Assert.Equal(9, d.Location.Line);
        Assert.Contains("template 'c1'", d.Message, StringComparison.Ordinal);
        Assert.Contains("100 %", d.Message, StringComparison.Ordinal);
        Assert.Matches(@"^.+counting\.yaml:9:\d+: warning longest-answer: ", d.ToString());
    }

    [Fact]
    public void Options_whose_lengths_say_nothing_get_no_warning()
    {
        ChoiceItem("""
                  - { text: "[[a + 1]]", correct: true }
                  - { text: "[[a - 1]]", feedback: "Before." }
                  - { text: "[[a + 2]]", feedback: "Two after." }
                  - { text: "[[a + 11]]", feedback: "Eleven after." }
            """);

        var report = CourseChecker.Check(_course.Root);

        Assert.True(report.Warnings == 0, string.Join("\n", report.Diagnostics));
    }

    [Fact]
    public void A_catch_all_that_is_always_right_is_a_warning()
    {
        ChoiceItem("""
                  - { text: "[[a + 1]]", feedback: "Also true, but not alone." }
                  - { text: "[[a - 1]] + 2", feedback: "Also true, but not alone." }
                  - { text: "All of the above", correct: true }
            """);

        Assert.Single(Warnings("catch-all-answer"));
    }

    [Fact]
    public void A_catch_all_that_is_wrong_is_no_warning()
    {
        ChoiceItem("""
                  - { text: "[[a + 1]]", correct: true }
                  - { text: "[[a + 3]]", feedback: "Count again." }
                  - { text: "[[a - 1]]", feedback: "Count again." }
                  - { text: "None of these", feedback: "One of them is right." }
            """);

        Assert.Empty(Warnings("catch-all-answer"));
    }

    [Fact]
    public void Wrong_options_that_never_change_while_the_answer_does_are_a_warning()
    {
        ChoiceItem("""
                  - { text: "[[a + 1]]", correct: true }
                  - { text: "100", feedback: "Too big." }
                  - { text: "200", feedback: "Too big." }
                  - { text: "300", feedback: "Too big." }
            """);

        Assert.Single(Warnings("fixed-distractors"));
        Assert.Empty(Warnings("fixed-answer"));
    }

    [Fact]
    public void A_right_option_that_never_changes_while_the_wrong_ones_do_is_a_warning()
    {
        ChoiceItem("""
                  - { text: "It is a whole number", correct: true }
                  - { text: "It is [[a + 100]] exactly", feedback: "No." }
                  - { text: "It is [[a + 200]] exactly", feedback: "No." }
            """);

        Assert.Single(Warnings("fixed-answer"));
    }

    [Fact]
    public void Longest_picks_right_counts_ties_at_random_and_multiple_select_by_the_longest_set()
    {
        var single = new ChoiceAnswerKey([new Choice("a", "12", true, null), new Choice("b", "34", false, null), new Choice("c", "5", false, null)], MultipleSelect: false);
        var multiple = new ChoiceAnswerKey([new Choice("a", "123", true, null), new Choice("b", "456", true, null), new Choice("c", "78", false, null), new Choice("d", "9", false, null)], MultipleSelect: true);
        var tiedSet = new ChoiceAnswerKey([new Choice("a", "123", true, null), new Choice("b", "45", true, null), new Choice("c", "78", false, null)], MultipleSelect: true);

        Assert.Equal(0.5, GiveawayCheck.LongestPicksRight(single));
        Assert.Equal(1.0, GiveawayCheck.LongestPicksRight(multiple));
        Assert.Equal(0.5, GiveawayCheck.LongestPicksRight(tiedSet));
        Assert.Equal(0.0, GiveawayCheck.LongestPicksRight(single with { Choices = [.. single.Choices.Take(2), new Choice("c", "56789", false, null)] }));
    }

    [Fact]
    public void The_course_feedback_settings_are_read_checked_and_default_sensibly()
    {
        Assert.Equal(new FeedbackSettings(1, RevealAnswer.AfterLastTry, CheckReview: true), CourseLoader.Load(_course.Root).Course!.Feedback);

        _course.Replace("course.yaml", "units:", """
            feedback:
              practice-retries: 2
              reveal-answer: on-request
              check-review: false
            units:
            """);
        Assert.Equal(new FeedbackSettings(2, RevealAnswer.OnRequest, CheckReview: false), CourseLoader.Load(_course.Root).Course!.Feedback);

        _course.Replace("course.yaml", "practice-retries: 2", "practice-retries: 7");
        _course.Replace("course.yaml", "reveal-answer: on-request", "reveal-answer: never");
        _course.Replace("course.yaml", "check-review: false", "check-review: false\n  retries: 1");
        var report = CourseChecker.Check(_course.Root);
        Assert.Null(report.Load.Course);
        Assert.Contains(report.Diagnostics, d => d.Code == "out-of-range" && d.Message.Contains("practice-retries", StringComparison.Ordinal) && d.Location.Line == 9);
        Assert.Contains(report.Diagnostics, d => d.Code == "out-of-range" && d.Message.Contains("'never'", StringComparison.Ordinal) && d.Location.Line == 10);
        Assert.Contains(report.Diagnostics, d => d.Code == "unknown-field" && d.Message.Contains("retries", StringComparison.Ordinal));
    }
}
