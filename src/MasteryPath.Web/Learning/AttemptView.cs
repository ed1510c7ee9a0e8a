using MasteryPath.Content.Markdown;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Items;

namespace MasteryPath.Web.Learning;

/// <summary>A choice as the learner sees it: its key and rendered text, never whether it is correct.</summary>
public sealed record ChoiceView(string Key, string Html);

/// <summary>The verdict on an answered attempt.</summary>
public sealed record VerdictView(
    bool Correct,
    string Response,
    string? FeedbackHtml,
    string? CorrectAnswer,
    double ProbabilityBefore,
    double ProbabilityAfter,
    string CheckOutcome,
    IReadOnlyList<string> Unlocked);

/// <summary>
/// What the page and the API show of an attempt. Before submission it holds the prompt, the choices and only
/// the hints the learner asked for; the answer and the worked solution appear only after the verdict (or the
/// solution, when the learner asked for it after the last hint).
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
    VerdictView? Verdict)
{
    public bool Answered => Verdict is not null;

    public bool MultipleSelect => Kind == ItemKinds.Name(ItemKind.MultipleSelect);

    public bool HasChoices => Choices.Count > 0;

    public bool CanRevealMore => HintsAllowed && !Answered && SolutionHtml is null;

    public static AttemptView From(Attempt attempt, Item item, Course course)
    {
        var choices = item.Key is ChoiceAnswerKey choiceKey
            ? choiceKey.Choices.Select(c => new ChoiceView(c.Key, CourseMarkdown.ToHtml(c.Text))).ToList()
            : [];
        var answered = attempt.AnsweredAt is not null;
        var hintsAllowed = attempt.Mode is not (AttemptMode.MasteryCheck or AttemptMode.Placement);
        var showSolution = attempt.SolutionShown && (answered || hintsAllowed);
        VerdictView? verdict = null;
        if (answered)
        {
            var correct = attempt.Outcome == AnswerOutcome.Correct;
            verdict = new VerdictView(
                correct,
                attempt.Response ?? string.Empty,
                attempt.Feedback is null ? null : CourseMarkdown.ToHtml(attempt.Feedback),
                !correct && showSolution ? item.Key.DisplayAnswer : null,
                attempt.ProbabilityBefore ?? 0,
                attempt.ProbabilityAfter ?? 0,
                attempt.CheckOutcome.ToString(),
                string.IsNullOrEmpty(attempt.Unlocked) ? [] : attempt.Unlocked.Split(',').Select(s => course.SkillsById[Domain.Skills.SkillId.Parse(s)].Title).ToList());
        }

        return new AttemptView(
            attempt.Id,
            attempt.CourseId,
            attempt.SkillId,
            course.SkillsById[Domain.Skills.SkillId.Parse(attempt.SkillId)].Title,
            attempt.Mode.ToString(),
            ItemKinds.Name(item.Kind),
            CourseMarkdown.ToHtml(item.Prompt),
            choices,
            item.Hints.Take(attempt.HintsShown).Select(CourseMarkdown.ToHtml).ToList(),
            item.Hints.Count,
            hintsAllowed,
            showSolution && !string.IsNullOrWhiteSpace(item.Solution) ? CourseMarkdown.ToHtml(item.Solution) : null,
            verdict);
    }
}
