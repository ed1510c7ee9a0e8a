using System.Net;
using MasteryPath.Content.Markdown;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Items;

namespace MasteryPath.Web.Learning;

/// <summary>
/// A choice as the learner sees it: a key drawn at random for this attempt and the rendered text, never whether it
/// is correct. The same markup for every option.
/// </summary>
public sealed record ChoiceView(string Key, string Html);

/// <summary>A second try at a practice question: what was given and how it was judged (not evidence).</summary>
public sealed record RetryView(string Response, bool Correct, string? FeedbackHtml);

/// <summary>
/// The verdict on an answered attempt. <paramref name="Correct"/> and <paramref name="Response"/> are the first answer,
/// the evidence; a choice response is in the keys this attempt showed. The answer and the solution appear after the
/// last try, or when asked for.
/// </summary>
public sealed record VerdictView(
    bool Correct,
    string Response,
    string? FeedbackHtml,
    string? CorrectAnswer,
    double ProbabilityBefore,
    double ProbabilityAfter,
    string CheckOutcome,
    IReadOnlyList<string> Unlocked,
    bool DontKnow = false,
    RetryView? Retry = null,
    bool CanRetry = false,
    bool CanShowAnswer = false,
    string? CorrectAnswerHtml = null)
{
    /// <summary>The try a new answer would be: 2 for the first retry.</summary>
    public int NextTry => Retry is null ? 2 : 3;
}

/// <summary>
/// What the page and the API show of an attempt. Before submission it holds the prompt, the choices and only
/// the hints the learner asked for; the answer and the worked solution appear only after the verdict (or the
/// solution, when the learner asked for it after the last hint), and in a mastery check only in the review once the
/// check is over.
/// </summary>
public sealed record AttemptView(
    string AttemptId,
    string CourseId,
    string SkillId,
    string SkillTitle,
    string Mode,
    string Kind,
    string PromptHtml,
    IReadOnlyList<ChoiceView> Choices,
    IReadOnlyList<string> HintsHtml,
    int HintsAvailable,
    bool HintsAllowed,
    string? SolutionHtml,
    VerdictView? Verdict,
    QuestionProgress? Progress = null,
    bool CanSayDontKnow = false,
    bool CheckReviewAvailable = false)
{
    public bool Answered => Verdict is not null;

    public bool MultipleSelect => Kind == ItemKinds.Name(ItemKind.MultipleSelect);

    public bool HasChoices => Choices.Count > 0;

    public bool CanRevealMore => HintsAllowed && !Answered && SolutionHtml is null;

    public static AttemptView From(Attempt attempt, AttemptItem shown, Course course, QuestionProgress? progress = null, bool checkReviewAvailable = false)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(course);
        var item = shown.Item;
        var media = CourseMedia.CourseMediaEndpoints.Links(course.Id);
        var choices = item.Key is ChoiceAnswerKey choiceKey
            ? choiceKey.Choices.Select(c => new ChoiceView(c.Key, CourseMarkdown.ToHtml(c.Text, media))).ToList()
            : [];
        var answered = attempt.AnsweredAt is not null;
        var hintsAllowed = LearningService.Teaches(attempt.Mode);
        var showSolution = attempt.SolutionShown && (answered || hintsAllowed);
        VerdictView? verdict = null;
        if (answered)
        {
            var correct = attempt.Outcome == AnswerOutcome.Correct;
            var revealAnswer = showSolution && LearningService.LastTryWrong(attempt);
            verdict = new VerdictView(
                correct,
                shown.Shown(attempt.Response),
                attempt.Feedback is null ? null : CourseMarkdown.ToHtml(attempt.Feedback, media),
                revealAnswer ? item.Key.DisplayAnswer : null,
                attempt.ProbabilityBefore ?? 0,
                attempt.ProbabilityAfter ?? 0,
                attempt.CheckOutcome.ToString(),
                string.IsNullOrEmpty(attempt.Unlocked) ? [] : attempt.Unlocked.Split(',').Select(s => course.SkillsById[Domain.Skills.SkillId.Parse(s)].Title).ToList(),
                attempt.DontKnow,
                attempt.Retries == 0 ? null : new RetryView(
                    shown.Shown(attempt.RetryResponse),
                    attempt.RetryOutcome == AnswerOutcome.Correct,
                    attempt.RetryFeedback is null ? null : CourseMarkdown.ToHtml(attempt.RetryFeedback, media)),
                LearningService.CanRetry(course.Feedback, attempt),
                LearningService.CanShowAnswer(attempt),
                revealAnswer ? CorrectAnswerHtml(shown) : null);
        }

        return new AttemptView(
            attempt.Id,
            attempt.CourseId,
            attempt.SkillId,
            course.SkillsById[Domain.Skills.SkillId.Parse(attempt.SkillId)].Title,
            attempt.Mode.ToString(),
            ItemKinds.Name(item.Kind),
            CourseMarkdown.ToHtml(item.Prompt, media),
            choices,
            item.Hints.Take(attempt.HintsShown).Select(h => CourseMarkdown.ToHtml(h, media)).ToList(),
            item.Hints.Count,
            hintsAllowed,
            showSolution && !string.IsNullOrWhiteSpace(item.Solution) ? CourseMarkdown.ToHtml(item.Solution, media) : null,
            verdict,
            progress,
            !answered && (!hintsAllowed || !attempt.SolutionShown),
            checkReviewAvailable);
    }

    /// <summary>The right answer as HTML: the right options' rendered text, or the answer as written, escaped.</summary>
    public static string CorrectAnswerHtml(AttemptItem shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        return shown.Item.Key is ChoiceAnswerKey choices
            ? string.Join("; ", choices.Choices.Where(c => c.IsCorrect).Select(c => InlineHtml(c.Text)))
            : WebUtility.HtmlEncode(shown.Item.Key.DisplayAnswer);
    }

    /// <summary>Markdown rendered for use inside a sentence: a single paragraph loses its &lt;p&gt;.</summary>
    public static string InlineHtml(string markdown)
    {
        var html = CourseMarkdown.ToHtml(markdown).Trim();
        return html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal) && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0
            ? html[3..^4]
            : html;
    }
}
