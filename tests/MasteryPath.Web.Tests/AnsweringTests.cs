using System.Net;
using System.Text.RegularExpressions;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>One answer from the learner's side to the event log, through the JSON API and through the pages.</summary>
public abstract partial class AnsweringTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";

    [SkippableFact]
    public async Task A_right_answer_through_the_api_is_stored_once_and_raises_mastery()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        await ada.SkipPlacementAsync(Algebra);
        var before = await app.EnrollmentAsync(Ada, Algebra);

        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill, "Practice");
        Assert.Equal(RootSkill, attempt.SkillId);
        Assert.Equal("Practice", attempt.Mode);
        Assert.Null(attempt.Verdict);

        var answer = await ada.AnswerCorrectlyAsync(attempt.AttemptId);

        Assert.False(answer.Duplicate);
        Assert.Null(answer.Unreadable);
        var verdict = answer.Attempt.Verdict;
        Assert.NotNull(verdict);
        Assert.True(verdict.Correct);
        Assert.True(verdict.ProbabilityAfter > verdict.ProbabilityBefore, $"P(mastered) went from {verdict.ProbabilityBefore} to {verdict.ProbabilityAfter}");

        var events = await app.EventsAsync(Ada, Algebra);
        var stored = Assert.Single(events, e => e.EventId == attempt.AttemptId);
        Assert.True(stored.Correct);
        Assert.Equal(RootSkill, stored.SkillId);
        var after = await app.EnrollmentAsync(Ada, Algebra);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(before.EventCount + 1, after.EventCount);
        Assert.Equal(events.Count, after.EventCount);

        var skill = await ada.SkillAsync(Algebra, RootSkill);
        Assert.Equal(verdict.ProbabilityAfter, skill.Probability, 6);
        Assert.Equal("InProgress", skill.State);
    }

    [SkippableFact]
    public async Task The_practice_link_opens_a_question_whose_form_records_the_answer_and_shows_the_verdict()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);

        var location = await ada.RedirectTargetAsync($"/courses/{Algebra}/skills/{RootSkill}/practice");
        var attemptId = AttemptUrl().Match(location) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"redirected to {location}");
        Assert.Equal(location, await ada.RedirectTargetAsync($"/courses/{Algebra}/skills/{RootSkill}/practice"));

        var page = await ada.GetPageAsync(location);
        Assert.Contains("id=\"answer-form\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"verdict\"", page, StringComparison.Ordinal);

        var response = await app.CorrectResponseAsync(attemptId);
        using var posted = await ada.PostFormAsync($"/forms/attempts/{attemptId}/answer", Html.AntiforgeryToken(page), response.Split(',').Select(r => ("response", r)).ToArray());
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/attempts/{attemptId}", posted.Headers.Location?.OriginalString);

        var answered = await ada.GetPageAsync(location);
        Assert.Contains("class=\"verdict correct\"", answered, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"answer-form\"", answered, StringComparison.Ordinal);
        Assert.Single(await app.EventsAsync(Ada, Algebra), e => e.EventId == attemptId && e.Correct);

        var next = await ada.RedirectTargetAsync($"/courses/{Algebra}/skills/{RootSkill}/practice");
        Assert.NotEqual(location, next);
        var wrongPage = await ada.GetPageAsync(next);
        var nextId = AttemptUrl().Match(next).Groups[1].Value;
        using var wrong = await ada.PostFormAsync($"/forms/attempts/{nextId}/answer", Html.AntiforgeryToken(wrongPage), ("response", await app.WrongResponseAsync(nextId)));
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Contains("class=\"verdict incorrect\"", await ada.GetPageAsync(next), StringComparison.Ordinal);
        Assert.Equal(2, (await app.EnrollmentAsync(Ada, Algebra)).EventCount);
    }

    [GeneratedRegex("^/attempts/([0-9a-f]{32})$")]
    private static partial Regex AttemptUrl();
}

public sealed class SqliteAnsweringTests() : AnsweringTests(TestDatabase.Sqlite);

public sealed class PostgresAnsweringTests() : AnsweringTests(TestDatabase.Postgres);
