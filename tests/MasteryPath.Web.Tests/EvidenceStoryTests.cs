using MasteryPath.Data;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Tests;

public class EvidenceStoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static int _minute;

    private static EvidenceEntry Answer(bool correct, string kind = "Practice", int hints = 0, string? misconception = null, string definition = "d1", CheckOutcome check = CheckOutcome.None) =>
        new(Start.AddMinutes(_minute++), kind, correct, hints > 0, "x", null, null)
        {
            HintsShown = hints,
            DefinitionId = definition,
            Misconception = misconception,
            Feedback = misconception is null ? null : "You changed the sign of the subtracted term. Subtracting a negative adds.",
            CheckOutcome = check,
        };

    [Fact]
    public void A_run_of_wrong_answers_with_one_misconception_then_a_hint_and_a_right_answer_reads_as_a_story()
    {
        var story = EvidenceStory.Tell([Answer(false, misconception: "0"), Answer(false, misconception: "0"), Answer(false, misconception: "0"), Answer(true, hints: 1)]);
        Assert.Equal("3 wrong in a row (same misconception: You changed the sign of the subtracted term.) → hint → right", story);
    }

    [Fact]
    public void Different_mistakes_are_not_called_the_same_and_a_check_is_one_step()
    {
        var story = EvidenceStory.Tell([
            Answer(false, misconception: "0"),
            Answer(false, misconception: "1", definition: "d2"),
            Answer(true),
            Answer(true),
            Answer(true, "Mastery check"),
            Answer(false, "Mastery check"),
            Answer(true, "Mastery check"),
            Answer(true, "Mastery check"),
            Answer(true, "Mastery check", check: CheckOutcome.Passed),
            new(Start.AddDays(1), "Reset by teacher", null, false, null, null, null),
        ]);
        Assert.Equal("2 wrong in a row → 2 right in a row → mastery check 4/5: passed → reset by teacher", story);
    }

    [Fact]
    public void Nothing_to_tell_is_an_empty_story() => Assert.Equal(string.Empty, EvidenceStory.Tell([]));

    [Fact]
    public void Misconception_feedback_is_shortened_to_its_first_sentence() =>
        Assert.Equal("First sentence.", ClassAlarms.Shorten("First sentence. Second one is longer."));
}
