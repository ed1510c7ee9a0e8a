using System.Net;
using MasteryPath.Content.Markdown;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Items;
using MasteryPath.Web.Api;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>
/// Feedback that teaches: a second try in practice (not evidence), "Show me the answer", "I don't know" (a hint in
/// practice, a miss in the placement and a check), "Question n of N", and the review of a finished mastery check,
/// which never shows an answer while the check goes on.
/// </summary>
public abstract class FeedbackTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";

    [SkippableFact]
    public async Task A_second_try_is_kept_on_the_attempt_not_in_the_log_and_is_idempotent_and_a_third_is_refused()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var right = await app.CorrectResponseAsync(attempt.AttemptId);
        var wrong = await app.WrongResponseAsync(attempt.AttemptId);

        var first = await ada.AnswerAsync(attempt.AttemptId, wrong);
        var second = await ada.PostJsonAsync<AnswerResponse>($"/api/attempts/{attempt.AttemptId}/answer", new { response = right, @try = 2 });
        var again = await ada.PostJsonAsync<AnswerResponse>($"/api/attempts/{attempt.AttemptId}/answer", new { response = wrong, @try = 2 });
        using var third = await ada.PostJsonAsync($"/api/attempts/{attempt.AttemptId}/answer", new { response = right, @try = 3 });

        Assert.True(first.Attempt.Verdict!.CanRetry);
        Assert.False(second.Duplicate);
        Assert.True(second.Attempt.Verdict!.Retry!.Correct);
        Assert.False(second.Attempt.Verdict.Correct);
        Assert.Null(second.Attempt.Verdict.CorrectAnswer);
        Assert.False(second.Attempt.Verdict.CanRetry);
        Assert.Equal(right, second.Attempt.Verdict.Retry.Response);
        Assert.True(again.Duplicate);
        Assert.True(again.Attempt.Verdict!.Retry!.Correct);
        await AssertProblemAsync(third, HttpStatusCode.Conflict);

        // The log holds the first answer only; the retry is on the attempt row, in the authored keys for choices.
        var stored = Assert.Single(await app.EventsAsync(Ada, Algebra));
        Assert.False(stored.Correct);
        var row = await app.QueryAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attempt.AttemptId));
        var shown = await app.AttemptItemAsync(attempt.AttemptId);
        Assert.Equal(1, row.Retries);
        Assert.Equal(AnswerOutcome.Correct, row.RetryOutcome);
        Assert.Equal(shown.Choices?.ToAuthored(right) ?? right, row.RetryResponse);
        if (shown.Choices is not null)
        {
            // A wrong choice's misconception id is its authored key, whatever key it was shown under.
            Assert.Equal(shown.Choices.ToAuthored(wrong), shown.Judge(wrong).Verdict.Misconception);
            Assert.Matches("^[a-z]$", row.Response!);
        }

        Assert.Equal(row.Response, stored.Response);
        Assert.Equal(first.Attempt.Verdict.ProbabilityAfter, second.Attempt.Verdict.ProbabilityAfter);
        await Consistency.AssertLogMatchesSnapshotAsync(app, Ada, Algebra);
    }

    [SkippableFact]
    public async Task Show_me_the_answer_comes_after_a_miss_only_and_ends_the_tries()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var item = await app.ItemAsync(attempt.AttemptId);
        using (var early = await ada.PostJsonAsync($"/api/attempts/{attempt.AttemptId}/reveal", null))
        {
            await AssertProblemAsync(early, HttpStatusCode.Conflict);
        }

        await ada.AnswerWronglyAsync(attempt.AttemptId);
        var page = await ada.GetPageAsync($"/attempts/{attempt.AttemptId}");
        Assert.Contains("id=\"show-answer\"", page, StringComparison.Ordinal);
        using (var posted = await ada.SubmitFormAsync($"/attempts/{attempt.AttemptId}", $"/forms/attempts/{attempt.AttemptId}/reveal"))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }

        var revealed = await ada.GetJsonAsync<AttemptView>($"/api/attempts/{attempt.AttemptId}");
        Assert.Equal(item.Key.DisplayAnswer, revealed.Verdict!.CorrectAnswer);
        Assert.Equal(CourseMarkdown.ToHtml(item.Solution), revealed.SolutionHtml);
        Assert.False(revealed.Verdict.CanRetry);
        Assert.False(revealed.Verdict.CanShowAnswer);
        Assert.Contains("The answer:", await ada.GetPageAsync($"/attempts/{attempt.AttemptId}"), StringComparison.Ordinal);
        using var retry = await ada.PostJsonAsync($"/api/attempts/{attempt.AttemptId}/answer", new { response = await app.CorrectResponseAsync(attempt.AttemptId), @try = 2 });
        await AssertProblemAsync(retry, HttpStatusCode.Conflict);
        Assert.Single(await app.EventsAsync(Ada, Algebra));
    }

    [SkippableFact]
    public async Task I_dont_know_in_practice_shows_the_next_hint_and_records_nothing()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var item = await app.ItemAsync(attempt.AttemptId);
        Assert.True(attempt.CanSayDontKnow);

        var once = await ada.PostJsonAsync<AnswerResponse>($"/api/attempts/{attempt.AttemptId}/dont-know", null);
        using var posted = await ada.SubmitFormAsync($"/attempts/{attempt.AttemptId}", $"/forms/attempts/{attempt.AttemptId}/dont-know");

        Assert.False(once.Attempt.Answered);
        Assert.Equal([CourseMarkdown.ToHtml(item.Hints[0])], once.Attempt.HintsHtml);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(item.Hints.Take(2).Select(CourseMarkdown.ToHtml), (await ada.GetJsonAsync<AttemptView>($"/api/attempts/{attempt.AttemptId}")).HintsHtml);
        Assert.Empty(await app.EventsAsync(Ada, Algebra));
    }

    [SkippableFact]
    public async Task I_dont_know_in_the_placement_is_a_recorded_miss_and_the_placement_goes_on_counting_its_questions()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        await ada.PostJsonAsync<PlacementProgress>($"/api/courses/{Algebra}/placement", null);
        var first = await ada.PostJsonAsync<AttemptView>($"/api/courses/{Algebra}/placement/next", null);
        Assert.Equal(new QuestionProgress(1, 25, AtMost: true), first.Progress);
        Assert.True(first.CanSayDontKnow);
        Assert.Contains("Question 1 of at most 25", await ada.GetPageAsync($"/attempts/{first.AttemptId}"), StringComparison.Ordinal);

        var answer = await ada.PostJsonAsync<AnswerResponse>($"/api/attempts/{first.AttemptId}/dont-know", null);
        var next = await ada.PostJsonAsync<AttemptView>($"/api/courses/{Algebra}/placement/next", null);

        Assert.Null(answer.Unreadable);
        Assert.True(answer.Attempt.Verdict!.DontKnow);
        Assert.False(answer.Attempt.Verdict.Correct);
        Assert.Null(answer.Attempt.Verdict.CorrectAnswer);
        var stored = Assert.Single(await app.EventsAsync(Ada, Algebra));
        Assert.Equal(first.AttemptId, stored.EventId);
        Assert.False(stored.Correct);
        Assert.Null(stored.Response);
        Assert.NotEqual(first.AttemptId, next.AttemptId);
        Assert.Equal(new QuestionProgress(2, 25, AtMost: true), next.Progress);
        Assert.Equal(1, (await ada.GetJsonAsync<PlacementProgress>($"/api/courses/{Algebra}/placement")).Answered);
    }

    [SkippableFact]
    public async Task Words_typed_in_a_number_box_get_a_plain_could_not_read_and_record_nothing()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        for (var i = 0; (await app.ItemAsync(attempt.AttemptId)).Kind is not (ItemKind.Numeric or ItemKind.Fraction); i++)
        {
            Assert.True(i < 20, "no number question in 20 draws");
            await ada.AnswerCorrectlyAsync(attempt.AttemptId);
            attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        }

        var before = (await app.EventsAsync(Ada, Algebra)).Count;
        foreach (var typed in new[] { "I don't know", "idk", "no idea", "five hundred" })
        {
            var answer = await ada.AnswerAsync(attempt.AttemptId, typed);
            Assert.False(answer.Attempt.Answered);
            Assert.NotNull(answer.Unreadable);
            Assert.DoesNotContain("''", answer.Unreadable, StringComparison.Ordinal);
            Assert.DoesNotContain("Unexpected", answer.Unreadable, StringComparison.Ordinal);
            var page = await ada.GetPageAsync($"/attempts/{attempt.AttemptId}?response={Uri.EscapeDataString(typed)}");
            Assert.Contains(answer.Unreadable, Html.Text(page), StringComparison.Ordinal);
        }

        Assert.Equal(before, (await app.EventsAsync(Ada, Algebra)).Count);
    }

    [SkippableFact]
    public void Expression_boxes_read_I_dont_know_as_unreadable_with_no_parser_quotes()
    {
        var catalog = CourseCatalog.Load(RepositoryPaths.Courses);
        var course = catalog.Get(Algebra);
        var definition = course.Items.First(i => i.Kind == ItemKind.Expression);
        var attempt = LearningService.NewAttempt("u", Algebra, definition.PrimarySkill, new Domain.Planning.ItemChoice(definition.Id, 7, $"{definition.Id}@7"), AttemptMode.Practice, Domain.Mastery.EvidenceKind.Practice, null, DateTimeOffset.UnixEpoch);
        var shown = AttemptItem.For(course, attempt);

        foreach (var typed in new[] { "I don't know", "i dont know", "not sure", "?" })
        {
            var (verdict, _) = shown.Judge(typed);
            Assert.Equal(AnswerOutcome.Unreadable, verdict.Outcome);
            Assert.Contains("I don't know", verdict.Feedback, StringComparison.Ordinal);
        }

        var (apostrophe, _) = shown.Judge("x'");
        Assert.Equal(AnswerOutcome.Unreadable, apostrophe.Outcome);
        Assert.DoesNotContain("'''", apostrophe.Feedback, StringComparison.Ordinal);
        Assert.True(shown.Judge(shown.Item.Key.CanonicalResponse).Verdict.IsCorrect);
    }

    [SkippableFact]
    public void Course_settings_decide_retries_and_when_the_answer_shows()
    {
        var wrong = new Attempt { Id = "a", UserId = "u", CourseId = "c", SkillId = "s", DefinitionId = "d", VariantId = "d", Mode = AttemptMode.Practice, AnsweredAt = DateTimeOffset.UnixEpoch, Outcome = AnswerOutcome.Incorrect };

        Assert.True(LearningService.CanRetry(new FeedbackSettings(), wrong));
        Assert.False(LearningService.CanRetry(new FeedbackSettings(PracticeRetries: 0), wrong));
        Assert.False(LearningService.CanRetry(new FeedbackSettings(), new Attempt { Id = "b", UserId = "u", CourseId = "c", SkillId = "s", DefinitionId = "d", VariantId = "d", Mode = AttemptMode.Review, AnsweredAt = DateTimeOffset.UnixEpoch, Outcome = AnswerOutcome.Incorrect }));
        Assert.True(LearningService.CanRetry(new FeedbackSettings(PracticeRetries: 2), new Attempt { Id = "b", UserId = "u", CourseId = "c", SkillId = "s", DefinitionId = "d", VariantId = "d", Mode = AttemptMode.Practice, AnsweredAt = DateTimeOffset.UnixEpoch, Outcome = AnswerOutcome.Incorrect, Retries = 1, RetryOutcome = AnswerOutcome.Incorrect }));
        Assert.True(LearningService.CanShowAnswer(wrong));
        Assert.False(LearningService.CanShowAnswer(new Attempt { Id = "c", UserId = "u", CourseId = "c", SkillId = "s", DefinitionId = "d", VariantId = "d", Mode = AttemptMode.MasteryCheck, AnsweredAt = DateTimeOffset.UnixEpoch, Outcome = AnswerOutcome.Incorrect }));
    }

    [SkippableFact]
    public async Task A_failed_check_shows_its_review_only_once_it_is_over_and_counts_its_questions()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        await ada.SkipPlacementAsync(Algebra);
        await ada.PractiseUntilReadyAsync(Algebra, RootSkill);

        var asked = new List<(AttemptView View, Item Item)>();
        for (var question = 1; ; question++)
        {
            Assert.True(question <= 5, "the check did not end after 5 wrong answers");
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill, "MasteryCheck");
            Assert.Equal(new QuestionProgress(question, 5, AtMost: false), attempt.Progress);
            Assert.Contains($"Question {question} of 5", await ada.GetPageAsync($"/attempts/{attempt.AttemptId}"), StringComparison.Ordinal);
            asked.Add((attempt, await app.ItemAsync(attempt.AttemptId)));
            using (var early = await ada.GetAsync($"/api/attempts/{attempt.AttemptId}/check-review"))
            {
                await AssertProblemAsync(early, HttpStatusCode.Conflict);
            }

            // One "I don't know" (a miss) and wrong answers: no answer or solution while the check goes on.
            var answer = question == 1
                ? await ada.PostJsonAsync<AnswerResponse>($"/api/attempts/{attempt.AttemptId}/dont-know", null)
                : await ada.AnswerWronglyAsync(attempt.AttemptId);
            Assert.False(answer.Attempt.Verdict!.Correct);
            Assert.False(answer.Attempt.Verdict.CanRetry);
            Assert.False(answer.Attempt.Verdict.CanShowAnswer);
            app.Time.Advance(TimeSpan.FromSeconds(30));
            if (answer.Attempt.Verdict.CheckOutcome == "Failed")
            {
                break;
            }

            Assert.Null(answer.Attempt.Verdict.CorrectAnswer);
            Assert.Null(answer.Attempt.SolutionHtml);
            Assert.False(answer.Attempt.CheckReviewAvailable);
            var during = await ada.GetPageAsync($"/attempts/{attempt.AttemptId}");
            Assert.DoesNotContain("id=\"check-review\"", during, StringComparison.Ordinal);
            Assert.DoesNotContain("The answer:", during, StringComparison.Ordinal);
            using var reveal = await ada.PostJsonAsync($"/api/attempts/{attempt.AttemptId}/reveal", null);
            await AssertProblemAsync(reveal, HttpStatusCode.Conflict);
        }

        var last = asked[^1].View.AttemptId;
        var review = await ada.GetJsonAsync<CheckReview>($"/api/attempts/{asked[0].View.AttemptId}/check-review");
        var page = await ada.GetPageAsync($"/attempts/{last}");

        Assert.Equal("Failed", review.Outcome);
        Assert.Equal(0, review.Right);
        Assert.Equal((4, 5), (review.Needed, review.Of));
        Assert.True(review.EndedEarly);
        Assert.Equal(asked.Count, review.Questions.Count);
        Assert.True(review.Questions[0].DontKnow);
        for (var i = 0; i < asked.Count; i++)
        {
            var (view, item) = asked[i];
            var question = review.Questions[i];
            Assert.Equal(i + 1, question.Number);
            Assert.Equal(view.PromptHtml, question.PromptHtml);
            Assert.False(question.Correct);
            Assert.False(string.IsNullOrWhiteSpace(question.CorrectAnswerHtml));
            Assert.Equal(CourseMarkdown.ToHtml(item.Solution), question.SolutionHtml);
            Assert.Contains(question.CorrectAnswerHtml, page, StringComparison.Ordinal);
        }

        Assert.Contains("id=\"check-review\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"check-failed\"", page, StringComparison.Ordinal);
        Assert.True((await ada.GetJsonAsync<AttemptView>($"/api/attempts/{last}")).CheckReviewAvailable);
    }
}

public sealed class SqliteFeedbackTests() : FeedbackTests(TestDatabase.Sqlite);

public sealed class PostgresFeedbackTests() : FeedbackTests(TestDatabase.Postgres);
