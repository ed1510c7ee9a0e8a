namespace MasteryPath.Domain.Items;

/// <summary>How an answer was judged.</summary>
public enum AnswerOutcome
{
    /// <summary>Right.</summary>
    Correct,

    /// <summary>Wrong.</summary>
    Incorrect,

    /// <summary>Could not be read (not a number, not an expression): not counted as an attempt.</summary>
    Unreadable,

    /// <summary>
    /// The right value in a form the item does not accept (6/8 where lowest terms are asked, 23/6 where a
    /// mixed number is, x + x² − 2 where standard form is), or written in the wrong variable: the learner is
    /// told and may answer again; nothing is recorded, like <see cref="Unreadable"/>.
    /// </summary>
    WrongForm,
}

/// <summary>The verdict on one response: outcome, the feedback to show, and which misconception matched (if any).</summary>
/// <param name="Outcome">Right, wrong, or unreadable.</param>
/// <param name="Feedback">A message for the learner: the misconception's explanation, or why the input could not be read.</param>
/// <param name="Misconception">The index of the matched misconception (or wrong choice's key), when one matched.</param>
public sealed record AnswerResult(AnswerOutcome Outcome, string? Feedback = null, string? Misconception = null)
{
    /// <summary>A plain correct verdict.</summary>
    public static AnswerResult Right { get; } = new(AnswerOutcome.Correct);

    /// <summary>True when correct.</summary>
    public bool IsCorrect => Outcome == AnswerOutcome.Correct;

    /// <summary>An unreadable-input verdict with its message.</summary>
    public static AnswerResult Unreadable(string message) => new(AnswerOutcome.Unreadable, message);

    /// <summary>A wrong-form verdict with the message that says which form is wanted.</summary>
    public static AnswerResult WrongForm(string message) => new(AnswerOutcome.WrongForm, message, "form");

    /// <summary>True when the verdict is evidence about the learner (right or wrong); unreadable and wrong-form answers are not.</summary>
    public bool IsEvidence => Outcome is AnswerOutcome.Correct or AnswerOutcome.Incorrect;
}
