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
}
