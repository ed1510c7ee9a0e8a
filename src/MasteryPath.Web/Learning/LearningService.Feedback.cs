using System.Net;
using MasteryPath.Content.Markdown;
using MasteryPath.Data;
using MasteryPath.Data.Privacy;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Diagnostics;
using MasteryPath.Domain.Items;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Learning;

/// <summary>
/// Feedback that teaches: a second try in practice, "I don't know", the answer shown after the last try or on
/// request, "Question n of N", and the review of a finished mastery check. Only the first answer is evidence.
/// </summary>
public sealed partial class LearningService
{
    private const int MaxOpenRaces = 5;

    /// <summary>Modes whose questions give hints and show the answer after a miss (not a mastery check or the placement).</summary>
    public static bool Teaches(AttemptMode mode) => mode is not (AttemptMode.MasteryCheck or AttemptMode.Placement);

    /// <summary>Further tries allowed after a wrong first answer: the course's practice retries, in practice only.</summary>
    public static int AllowedRetries(FeedbackSettings settings, AttemptMode mode) =>
        mode == AttemptMode.Practice ? settings.PracticeRetries : 0;

    /// <summary>True when the latest try was wrong (the first answer, or the latest retry).</summary>
    public static bool LastTryWrong(Attempt attempt) =>
        attempt.AnsweredAt is not null && (attempt.Retries == 0 ? attempt.Outcome : attempt.RetryOutcome) != AnswerOutcome.Correct;

    /// <summary>A wrong answer may be tried again: practice, tries left, and neither the solution nor the answer seen yet.</summary>
    public static bool CanRetry(FeedbackSettings settings, Attempt attempt) =>
        LastTryWrong(attempt) && !attempt.SolutionShown && attempt.Retries < AllowedRetries(settings, attempt.Mode);

    /// <summary>After a miss, a learner may ask for the answer and the worked solution, wherever feedback is given.</summary>
    public static bool CanShowAnswer(Attempt attempt) => Teaches(attempt.Mode) && LastTryWrong(attempt) && !attempt.SolutionShown;

    /// <summary>True when a miss used up the last try (after <paramref name="retries"/> retries) and the course shows the answer then.</summary>
    private static bool RevealsNow(FeedbackSettings settings, AttemptMode mode, int retries) =>
        Teaches(mode) && settings.RevealAnswer == RevealAnswer.AfterLastTry && retries >= AllowedRetries(settings, mode);

    /// <summary>
    /// Runs an open-a-question step until it is not refused by the one-open-question indexes: a racing request that
    /// opened the question first wins, and the next round finds and returns that question.
    /// </summary>
    private async Task<T> UntilOpenedAsync<T>(Func<Task<T>> open, CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            try
            {
                return await open();
            }
            catch (OpenedConcurrentlyException ex) when (round < MaxOpenRaces)
            {
                logger.LogDebug(ex.InnerException, "Opening a question raced another request; using the question it opened ({Round})", round);
                await Task.Delay(RandomNumberGeneratorDelay(round), cancellationToken);
            }
        }
    }

    private static int RandomNumberGeneratorDelay(int round) => System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 10 * round);

    /// <summary>
    /// Another try at a practice question whose answer was wrong. <paramref name="tryNumber"/> counts the first answer as
    /// 1, so it is idempotent: the same try submitted twice returns its first verdict. Nothing is added to the event
    /// log; the try is kept on the attempt. After the last try, the answer and the solution are shown (course setting).
    /// </summary>
    public async Task<AnswerReceipt> RetryAsync(string userId, string attemptId, string? response, int tryNumber, CancellationToken cancellationToken = default)
    {
        response = (response ?? string.Empty).Trim();
        if (response.Length > 500)
        {
            throw LearningException.Invalid("That answer is too long (500 characters at most).");
        }

        for (var round = 1; ; round++)
        {
            db.ChangeTracker.Clear();
            var attempt = await db.Attempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId, cancellationToken)
                ?? throw LearningException.NotFound("There is no such question for you.");
            if (attempt.AnsweredAt is null)
            {
                throw LearningException.NotReady("Answer the question first; a second try comes after a wrong answer.");
            }

            if (attempt.Retries >= tryNumber - 1)
            {
                return new AnswerReceipt(attempt, null, Duplicate: true);
            }

            var settings = catalog.Get(attempt.CourseId).Feedback;
            if (tryNumber - 1 != attempt.Retries + 1 || !CanRetry(settings, attempt))
            {
                throw LearningException.NotReady(attempt.Mode != AttemptMode.Practice
                    ? "Only practice questions can be tried again."
                    : "There is no try left on this question: move on to the next one.");
            }

            var (verdict, recorded) = Instantiate(attempt).Judge(response);
            if (!verdict.IsEvidence)
            {
                return new AnswerReceipt(attempt, verdict.Feedback ?? "That answer could not be read.", Duplicate: false);
            }

            var retries = attempt.Retries + 1;
            var reveal = !verdict.IsCorrect && RevealsNow(settings, attempt.Mode, retries);
            var now = Now;

            // Only the request that moves Retries from n to n + 1 records this try; a racing twin finds it recorded.
            var updated = await db.Attempts
                .Where(a => a.Id == attemptId && a.Retries == attempt.Retries)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(a => a.Retries, retries)
                        .SetProperty(a => a.RetryResponse, recorded)
                        .SetProperty(a => a.RetryOutcome, verdict.Outcome)
                        .SetProperty(a => a.RetryFeedback, verdict.Feedback)
                        .SetProperty(a => a.RetriedAt, now)
                        .SetProperty(a => a.SolutionShown, a => a.SolutionShown || reveal),
                    cancellationToken);
            var stored = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attemptId, cancellationToken);
            if (updated == 1 || round >= MaxOpenRaces)
            {
                return new AnswerReceipt(stored, null, Duplicate: updated == 0);
            }
        }
    }

    /// <summary>
    /// "I don't know". Where hints are given it shows the next hint (after the last one, the worked solution) and
    /// records nothing; in the placement and a mastery check it is recorded as a miss, so they go on.
    /// </summary>
    public async Task<AnswerReceipt> DontKnowAsync(string userId, string attemptId, CancellationToken cancellationToken = default)
    {
        var attempt = await GetAttemptAsync(userId, attemptId, cancellationToken);
        if (attempt.AnsweredAt is not null)
        {
            return new AnswerReceipt(attempt, null, Duplicate: true);
        }

        if (Teaches(attempt.Mode))
        {
            return new AnswerReceipt(await RevealHintAsync(userId, attemptId, cancellationToken), null, Duplicate: false);
        }

        return await RetryOnConflictAsync(() => TryAnswerAsync(userId, attemptId, string.Empty, dontKnow: true, judged: null, cancellationToken), cancellationToken);
    }

    /// <summary>"Show me the answer" after a miss: the right answer and the worked solution; no further try after that.</summary>
    public async Task<Attempt> RevealAnswerAsync(string userId, string attemptId, CancellationToken cancellationToken = default)
    {
        var attempt = await db.Attempts.SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId, cancellationToken)
            ?? throw LearningException.NotFound("There is no such question for you.");
        if (attempt.AnsweredAt is null)
        {
            throw LearningException.NotReady("Answer first (or press “I don't know”); the answer is shown after that.");
        }

        if (!Teaches(attempt.Mode))
        {
            throw LearningException.NotReady(attempt.Mode == AttemptMode.MasteryCheck
                ? "Answers are shown in the review when the mastery check is over."
                : "The placement does not show answers.");
        }

        if (!attempt.SolutionShown)
        {
            attempt.SolutionShown = true;
            await db.SaveChangesAsync(cancellationToken);
        }

        return attempt;
    }

    /// <summary>What the page and the API show of an attempt, with its place in a placement, quiz or check.</summary>
    public async Task<AttemptView> ViewAsync(Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var course = catalog.Get(attempt.CourseId);
        var progress = await ProgressAsync(attempt, course, cancellationToken);
        var reviewable = attempt.Mode == AttemptMode.MasteryCheck && course.Feedback.CheckReview && await CheckOverAsync(attempt, cancellationToken);
        return AttemptView.From(attempt, Instantiate(attempt), course, progress, reviewable);
    }

    private async Task<QuestionProgress?> ProgressAsync(Attempt attempt, Course course, CancellationToken cancellationToken)
    {
        if (attempt.GroupId is null || attempt.Mode is not (AttemptMode.Placement or AttemptMode.MasteryCheck or AttemptMode.DailyQuiz))
        {
            return null;
        }

        var number = (await InAnswerOrderAsync(attempt.UserId, attempt.CourseId, attempt.GroupId, cancellationToken)).IndexOf(attempt.Id) + 1;
        switch (attempt.Mode)
        {
            case AttemptMode.Placement:
                return new QuestionProgress(number, new DiagnosticSettings().MaxQuestions, AtMost: true);
            case AttemptMode.MasteryCheck:
                var policy = ClassPolicy.For(await ClassOfAsync(attempt.UserId, attempt.CourseId, cancellationToken), course);
                return new QuestionProgress(number, Math.Max(number, policy.CheckItems), AtMost: false);
            default:
                var quiz = await QuizProgressAsync(await LoadAsync(attempt.UserId, attempt.CourseId, cancellationToken), cancellationToken);
                return new QuestionProgress(number, Math.Max(number, quiz.Length), AtMost: false);
        }
    }

    /// <summary>
    /// The ids of a placement's, check's or quiz's attempts in the order they were answered (the event log's order,
    /// exact even when two answers share an instant), then the open one.
    /// </summary>
    private async Task<List<string>> InAnswerOrderAsync(string userId, string courseId, string groupId, CancellationToken cancellationToken)
    {
        var group = await db.Attempts.AsNoTracking()
            .Where(a => a.UserId == userId && a.GroupId == groupId)
            .Select(a => new { a.Id, a.CreatedAt })
            .ToListAsync(cancellationToken);
        var ids = group.Select(a => a.Id).ToList();
        var sequence = await db.AnswerEvents.AsNoTracking()
            .Where(e => e.UserId == userId && e.CourseId == courseId && ids.Contains(e.EventId))
            .ToDictionaryAsync(e => e.EventId, e => e.Sequence, cancellationToken);
        return group
            .OrderBy(a => sequence.GetValueOrDefault(a.Id, long.MaxValue))
            .ThenBy(a => a.CreatedAt)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => a.Id)
            .ToList();
    }

    private Task<bool> CheckOverAsync(Attempt attempt, CancellationToken cancellationToken) =>
        db.Attempts.AnyAsync(a => a.UserId == attempt.UserId && a.GroupId == attempt.GroupId && a.Mode == AttemptMode.MasteryCheck && a.CheckOutcome != CheckOutcome.None, cancellationToken);

    /// <summary>
    /// The review of a finished mastery check: each question, the learner's answer, the right one and the worked
    /// solution. Refused while the check is still going on, and when the course turns reviews off.
    /// </summary>
    public async Task<CheckReview> CheckReviewAsync(string userId, string attemptId, CancellationToken cancellationToken = default)
    {
        var attempt = await GetAttemptAsync(userId, attemptId, cancellationToken);
        var course = catalog.Get(attempt.CourseId);
        if (attempt.Mode != AttemptMode.MasteryCheck || attempt.GroupId is null)
        {
            throw LearningException.NotReady("This question is not part of a mastery check: only a check has a review.");
        }

        if (!course.Feedback.CheckReview)
        {
            throw LearningException.NotReady($"{course.Title} does not show reviews of mastery checks.");
        }

        if (!await CheckOverAsync(attempt, cancellationToken))
        {
            throw LearningException.NotReady("The review opens when the mastery check is over.");
        }

        var answered = await db.Attempts.AsNoTracking()
            .Where(a => a.UserId == userId && a.GroupId == attempt.GroupId && a.AnsweredAt != null)
            .ToListAsync(cancellationToken);
        var order = await InAnswerOrderAsync(userId, attempt.CourseId, attempt.GroupId, cancellationToken);
        var questions = answered.OrderBy(a => order.IndexOf(a.Id)).Select((a, i) => ReviewOf(a, i + 1, course)).ToList();
        var decisive = answered.First(a => a.CheckOutcome != CheckOutcome.None);
        var policy = ClassPolicy.For(await ClassOfAsync(userId, attempt.CourseId, cancellationToken), course);
        return new CheckReview(
            course.Id,
            attempt.SkillId,
            course.SkillsById[Domain.Skills.SkillId.Parse(attempt.SkillId)].Title,
            decisive.CheckOutcome.ToString(),
            questions.Count(q => q.Correct),
            questions,
            policy.CheckPassCount,
            policy.CheckItems);
    }

    private CheckReviewQuestion ReviewOf(Attempt attempt, int number, Course course)
    {
        var shown = AttemptItem.For(course, attempt);
        var item = shown.Item;
        var media = CourseMedia.CourseMediaEndpoints.Links(course.Id);
        var correct = attempt.Outcome == AnswerOutcome.Correct;
        var yours = attempt.DontKnow ? "<em>I don't know</em>"
            : AnswerTextRetention.IsRemoved(attempt.Response) ? "<em>no longer kept (answers are kept for a limited time)</em>"
            : shown.Choices is not null ? string.Join("; ", shown.Picked(attempt.Response).Select(c => AttemptView.InlineHtml(c.Text)))
            : $"<code>{WebUtility.HtmlEncode(attempt.Response ?? string.Empty)}</code>";
        return new CheckReviewQuestion(
            number,
            CourseMarkdown.ToHtml(item.Prompt, media),
            shown.Choices is null ? [] : shown.Choices.Shown.Choices.Select(c => new ChoiceView(c.Key, CourseMarkdown.ToHtml(c.Text, media))).ToList(),
            yours,
            correct,
            attempt.DontKnow,
            AttemptView.CorrectAnswerHtml(shown),
            attempt.Feedback is null ? null : CourseMarkdown.ToHtml(attempt.Feedback, media),
            string.IsNullOrWhiteSpace(item.Solution) ? null : CourseMarkdown.ToHtml(item.Solution, media));
    }

    /// <summary>A racing request opened the question first: the one-open-question index refused this one.</summary>
    private sealed class OpenedConcurrentlyException(Exception inner) : Exception("A question was opened concurrently.", inner);
}

/// <summary>A question's place in a placement, a mastery check or the daily quiz: "Question 3 of 5" ("of at most 25").</summary>
public sealed record QuestionProgress(int Number, int Of, bool AtMost)
{
    public override string ToString() => AtMost ? $"Question {Number} of at most {Of}" : $"Question {Number} of {Of}";
}

/// <summary>One question of a finished mastery check, as the review shows it.</summary>
public sealed record CheckReviewQuestion(
    int Number,
    string PromptHtml,
    IReadOnlyList<ChoiceView> Choices,
    string YourAnswerHtml,
    bool Correct,
    bool DontKnow,
    string CorrectAnswerHtml,
    string? FeedbackHtml,
    string? SolutionHtml);

/// <summary>The review of a finished mastery check: its questions, and how many right answers of how many it needed.</summary>
public sealed record CheckReview(string CourseId, string SkillId, string SkillTitle, string Outcome, int Right, IReadOnlyList<CheckReviewQuestion> Questions, int Needed, int Of)
{
    /// <summary>The check was decided before its last question: passed, or no longer passable.</summary>
    public bool EndedEarly => Questions.Count < Of;
}
