using System.Globalization;

namespace MasteryPath.Domain.Mastery;

/// <summary>
/// Why a skill has its state and what would change it, in plain words a learner or a parent can read: no
/// probabilities, no internal names. <see cref="Headline"/> is a short label ("Not yet"), <see cref="Why"/>
/// the evidence behind it, <see cref="Next"/> what would change it.
/// </summary>
/// <param name="Headline">A short label for the state.</param>
/// <param name="Why">The evidence behind it.</param>
/// <param name="Next">What would change it, or null when nothing is asked of the learner.</param>
public sealed record MasteryExplanation(string Headline, string Why, string? Next);

/// <summary>Turns a <see cref="SkillStatus"/> into a <see cref="MasteryExplanation"/>.</summary>
public static class MasteryExplainer
{
    /// <summary>Explains <paramref name="status"/>.</summary>
    /// <param name="status">The skill's status.</param>
    /// <param name="policy">The bar in force.</param>
    /// <param name="now">The current instant (dates are written relative to it).</param>
    /// <param name="nextReview">When the next review of a mastered skill falls due, if it is mastered.</param>
    /// <param name="missingPrerequisites">For a locked skill: the titles of the prerequisites still to master.</param>
    public static MasteryExplanation Explain(SkillStatus status, MasteryPolicy policy, DateTimeOffset now, DateTimeOffset? nextReview = null, IReadOnlyList<string>? missingPrerequisites = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(policy);
        return status.State switch
        {
            SkillState.Locked => new("Locked", $"It opens once you have mastered {List(missingPrerequisites ?? [])}.", null),
            SkillState.Ready => new("Not started", "Every skill it builds on is mastered.", $"Read the lesson, then practise: {RightAnswers(status.RightAnswersToCheck)} will open the mastery check."),
            SkillState.Placed => new(
                "Placed — to confirm",
                $"The placement{On(status.MasteredAt, now)} showed you probably know it, but no question on this skill itself has been answered yet.",
                "Answer one question on it to confirm."),
            SkillState.Mastered => Mastered(status, now, nextReview),
            SkillState.NeedsReview when status.Lapsed => new(
                "Mastery on hold",
                status.WrongInARow >= 2 ? $"{status.WrongInARow} wrong answers in a row on a mastered skill." : "A review question was answered wrong.",
                status.RightAnswersToCheck is { } n and > 0 ? $"{Capitalise(RightAnswers(n))} in review will win it back." : "Answer review questions right to win it back."),
            SkillState.NeedsReview => new(
                "Review due",
                $"Mastered{On(status.MasteredAt, now)}; it has been a while, and memory fades.",
                "Answer a review question to keep it."),
            SkillState.NeedsHelp => Stuck(status),
            _ => NotYet(status, policy, now),
        };
    }

    /// <summary>The figures behind a status, for teachers who ask for them.</summary>
    public static string Figures(SkillStatus status, double predictCorrect)
    {
        ArgumentNullException.ThrowIfNull(status);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"P(knows) {status.Probability:0.00} (best {status.Best:0.00}) · P(right next) {predictCorrect:0.00} · {status.Evidence} answers · {status.WrongInARow} wrong in a row · checks failed in a row {status.ChecksFailedInARow} · state {status.State}");
    }

    private static MasteryExplanation Mastered(SkillStatus status, DateTimeOffset now, DateTimeOffset? nextReview)
    {
        var on = On(status.MasteredAt, now);
        var why = status.MasteredBy switch
        {
            MasterySource.Check when status.LastCheck is { Passed: true } check => $"Mastered{on}: mastery check {check.Correct}/{check.Answered} right.",
            MasterySource.Placement => $"Placed{on} by the placement and confirmed by a right answer since.",
            MasterySource.Project => $"Mastered{on}: a project was accepted.",
            MasterySource.Teacher => $"Marked mastered{on} by your teacher.",
            MasterySource.Review => $"Mastered again{on} after a review.",
            _ => $"Mastered{on}.",
        };
        var next = nextReview is { } due
            ? due <= now ? "A review is due now." : $"Next review in {Span(due - now)}."
            : null;
        return new("Mastered", why, next);
    }

    private static MasteryExplanation Stuck(SkillStatus status)
    {
        var why = status.HelpReason switch
        {
            HelpReason.WrongInARow => $"{status.WrongInARow} wrong answers in a row.",
            HelpReason.FailedChecks => $"{status.ChecksFailedInARow} mastery checks in a row did not reach the bar.",
            HelpReason.Falling => $"Most recent answers were wrong: {Recent(status)}.",
            _ => $"{status.Evidence} answers without getting closer: {Recent(status)}.",
        };
        return new("Stuck — time for help", why, "Read the other explanation, use a hint, or ask your teacher; then practise again.");
    }

    private static MasteryExplanation NotYet(SkillStatus status, MasteryPolicy policy, DateTimeOffset now)
    {
        var why = Recent(status) + ".";
        if (status.LastCheck is { Passed: false } failed)
        {
            why += $" Last mastery check{On(failed.At, now)}: {failed.Correct} of {failed.Answered} right ({policy.CheckPassCount} of {policy.CheckItems} needed).";
        }

        if (status.CheckInProgress > 0)
        {
            return new("Mastery check under way", why, $"Finish the check: {status.CheckInProgress} of {policy.CheckItems} questions answered.");
        }

        if (status.ReadyForCheck)
        {
            return new("Ready for the mastery check", why, $"Take the mastery check: {policy.CheckItems} fresh questions, {policy.CheckPassCount} right to pass.");
        }

        var next = status.RightAnswersToCheck is { } n
            ? $"{Capitalise(RightAnswers(n, more: true))} will open the mastery check."
            : "Keep practising.";
        return new("Not yet", why, next);
    }

    private static string Recent(SkillStatus status) => status.RecentAnswers switch
    {
        0 => "No answers yet",
        1 => status.RecentCorrect == 1 ? "The one answer so far was right" : "The one answer so far was wrong",
        _ => $"{status.RecentCorrect} of the last {status.RecentAnswers} right",
    };

    private static string RightAnswers(int? count, bool more = false) => count switch
    {
        null => "more practice",
        1 => more ? "one more right answer" : "one right answer",
        var n => $"{n} {(more ? "more " : string.Empty)}right answers in a row",
    };

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string On(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } when ? " on " + when.ToString(when.Year == now.Year ? "d MMM" : "d MMM yyyy", CultureInfo.InvariantCulture) : string.Empty;

    private static string Span(TimeSpan span) => span.TotalDays switch
    {
        < 1 => "less than a day",
        < 1.5 => "about a day",
        < 60 => $"about {System.Math.Round(span.TotalDays):0} days",
        _ => $"about {System.Math.Round(span.TotalDays / 30.4):0} months",
    };

    private static string List(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "the skills it builds on",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };
}
