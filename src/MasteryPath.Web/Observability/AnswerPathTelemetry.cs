using System.Diagnostics;
using System.Diagnostics.Metrics;
using MasteryPath.Data;
using MasteryPath.Domain.Items;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Observability;

/// <summary>
/// The answer path's traces and metrics, under the name "MasteryPath": a span around every answer and every opened
/// question, a counter of answers by outcome and mode, their duration, and a counter of opened questions. Nothing is
/// measured unless a listener (OpenTelemetry, dotnet-counters, a test) subscribes.
/// </summary>
public sealed class AnswerPathTelemetry
{
    public const string Name = "MasteryPath";

    public const string AnswersCounter = "masterypath.answers";

    public const string AnswerDurationHistogram = "masterypath.answer.duration";

    public const string AttemptsOpenedCounter = "masterypath.attempts.opened";

    public const string AnswerSpan = "masterypath.answer";

    public const string OpenAttemptSpan = "masterypath.attempt.open";

    /// <summary>The spans' source; static because an <see cref="ActivitySource"/> is process-wide by nature.</summary>
    public static readonly ActivitySource Source = new(Name);

    public AnswerPathTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        Answers = meter.CreateCounter<long>(AnswersCounter, "{answer}", "Answers handled, by outcome (correct, incorrect, unreadable, duplicate, dont-know, retry-…, refused, failed) and mode.");
        AnswerDuration = meter.CreateHistogram<double>(
            AnswerDurationHistogram,
            "s",
            "Time to handle an answer, from the endpoint's view (checking, storing, the new state).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        AttemptsOpened = meter.CreateCounter<long>(AttemptsOpenedCounter, "{question}", "Questions put in front of a learner (a fresh variant or the one still open), by mode.");
    }

    public Counter<long> Answers { get; }

    public Histogram<double> AnswerDuration { get; }

    public Counter<long> AttemptsOpened { get; }

    /// <summary>The outcome tag of a handled answer: what the learner's answer came to, as the receipt tells it.</summary>
    public static string OutcomeOf(AnswerReceipt receipt, int tryNumber)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var attempt = receipt.Attempt;
        if (receipt.Duplicate)
        {
            return "duplicate";
        }

        if (receipt.Unreadable is not null)
        {
            return "unreadable";
        }

        if (tryNumber > 1)
        {
            return attempt.RetryOutcome == AnswerOutcome.Correct ? "retry-correct" : "retry-incorrect";
        }

        if (attempt.DontKnow)
        {
            return "dont-know";
        }

        return attempt.Outcome switch
        {
            AnswerOutcome.Correct => "correct",
            AnswerOutcome.Incorrect => "incorrect",
            null => "unanswered",
            AnswerOutcome other => other.ToString().ToLowerInvariant(),
        };
    }

    public static string ModeOf(AttemptMode mode) => mode.ToString();
}
