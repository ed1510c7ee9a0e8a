using System.Net;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The attempt id is the idempotency key: a resubmission returns the first verdict and stores nothing.</summary>
public abstract class IdempotencyTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";

    [SkippableFact]
    public async Task A_resubmitted_api_answer_returns_the_first_verdict_and_stores_one_event()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var right = await app.CorrectResponseAsync(attempt.AttemptId);
        var wrong = await app.WrongResponseAsync(attempt.AttemptId);

        var first = await ada.AnswerAsync(attempt.AttemptId, right);
        var again = await ada.AnswerAsync(attempt.AttemptId, right);
        var changed = await ada.AnswerAsync(attempt.AttemptId, wrong);

        Assert.False(first.Duplicate);
        Assert.True(first.Attempt.Verdict!.Correct);
        foreach (var repeat in new[] { again, changed })
        {
            Assert.True(repeat.Duplicate);
            var verdict = repeat.Attempt.Verdict!;
            Assert.Equal(first.Attempt.Verdict, verdict with { Unlocked = first.Attempt.Verdict.Unlocked });
            Assert.Equal(first.Attempt.Verdict.Unlocked, verdict.Unlocked);
        }

        Assert.Equal(right, changed.Attempt.Verdict!.Response);
        var stored = Assert.Single(await app.EventsAsync(Ada, Algebra));
        Assert.Equal(attempt.AttemptId, stored.EventId);
        Assert.True(stored.Correct);
        var enrollment = await app.EnrollmentAsync(Ada, Algebra);
        Assert.Equal(1, enrollment.EventCount);
        Assert.True((await ada.GetJsonAsync<Learning.AttemptView>($"/api/attempts/{attempt.AttemptId}")).Verdict!.Correct);
    }

    [SkippableFact]
    public async Task A_resubmitted_form_keeps_the_first_verdict_and_stores_one_event()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var attemptUrl = await ada.RedirectTargetAsync($"/courses/{Algebra}/skills/{RootSkill}/practice");
        var attemptId = attemptUrl["/attempts/".Length..];
        var page = await ada.GetPageAsync(attemptUrl);
        var token = Html.AntiforgeryToken(page);
        var action = $"/forms/attempts/{attemptId}/answer";
        var wrong = await app.WrongResponseAsync(attemptId);
        var right = await app.CorrectResponseAsync(attemptId);

        foreach (var response in new[] { wrong, wrong, right })
        {
            using var posted = await ada.PostFormAsync(action, token, response.Split(',').Select(r => ("response", r)).ToArray());
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Equal(attemptUrl, posted.Headers.Location?.OriginalString);
        }

        var answered = await ada.GetPageAsync(attemptUrl);
        Assert.Contains("class=\"verdict incorrect\"", answered, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"verdict correct\"", answered, StringComparison.Ordinal);
        var stored = Assert.Single(await app.EventsAsync(Ada, Algebra));
        Assert.False(stored.Correct);

        // The log stores a choice by its authored key; the learner's view shows it under the key it was shown with.
        var shown = await app.AttemptItemAsync(attemptId);
        Assert.Equal(shown.Choices?.ToAuthored(wrong) ?? wrong, stored.Response);
        Assert.Equal(1, (await app.EnrollmentAsync(Ada, Algebra)).EventCount);
        var api = await ada.GetJsonAsync<Learning.AttemptView>($"/api/attempts/{attemptId}");
        Assert.False(api.Verdict!.Correct);
        Assert.Equal(wrong, api.Verdict.Response);
    }
}

public sealed class SqliteIdempotencyTests() : IdempotencyTests(TestDatabase.Sqlite);

public sealed class PostgresIdempotencyTests() : IdempotencyTests(TestDatabase.Postgres);
