using System.Net;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Api;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>Spaced review: a mastered skill comes back in today's plan once its memory has faded.</summary>
public abstract class ReviewTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";

    [SkippableFact]
    public async Task A_month_after_mastery_today_plans_a_review_that_opens_and_restores_the_skill()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        await ada.SkipPlacementAsync(Algebra);
        await ada.MasterAsync(Algebra, RootSkill);
        var reviewUrl = $"/courses/{Algebra}/skills/{RootSkill}/review";
        Assert.DoesNotContain((await ada.GetJsonAsync<TodayDto>($"/api/courses/{Algebra}/today")).Plan, a => a.Kind == "Review");

        app.Time.Advance(TimeSpan.FromDays(35));
        using var later = await app.SignInAsync(Ada);
        var today = await later.GetJsonAsync<TodayDto>($"/api/courses/{Algebra}/today");

        var review = Assert.Single(today.Plan, a => a.Kind == "Review");
        Assert.Equal(RootSkill, review.SkillId);
        Assert.Equal(reviewUrl, review.Url);
        Assert.Equal("NeedsReview", (await later.SkillAsync(Algebra, RootSkill)).State);
        Assert.Contains(reviewUrl, await later.GetPageAsync($"/courses/{Algebra}"), StringComparison.Ordinal);

        var attemptUrl = await later.RedirectTargetAsync(review.Url);
        var page = await later.GetPageAsync(attemptUrl);
        Assert.Contains($"Review: {review.SkillTitle}", page, StringComparison.Ordinal);
        var attemptId = attemptUrl["/attempts/".Length..];
        var opened = await later.OpenAttemptAsync(Algebra, RootSkill, "Review");
        Assert.Equal(attemptId, opened.AttemptId);
        Assert.Equal("Review", opened.Mode);

        var answer = await later.AnswerCorrectlyAsync(attemptId);

        Assert.True(answer.Attempt.Verdict!.Correct);
        Assert.Equal(EvidenceKind.Review, Assert.Single(await app.EventsAsync(Ada, Algebra), e => e.EventId == attemptId).Kind);
        Assert.Equal("Mastered", (await later.SkillAsync(Algebra, RootSkill)).State);
        Assert.DoesNotContain((await later.GetJsonAsync<TodayDto>($"/api/courses/{Algebra}/today")).Plan, a => a.Kind == "Review");
        await Consistency.AssertLogMatchesSnapshotAsync(app, Ada, Algebra);
    }

    [SkippableFact]
    public async Task A_review_cannot_be_opened_before_the_skill_is_mastered()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);

        using var response = await ada.PostJsonAsync($"/api/courses/{Algebra}/skills/{RootSkill}/attempts", new { mode = "Review" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }
}

public sealed class SqliteReviewTests() : ReviewTests(TestDatabase.Sqlite);

public sealed class PostgresReviewTests() : ReviewTests(TestDatabase.Postgres);
