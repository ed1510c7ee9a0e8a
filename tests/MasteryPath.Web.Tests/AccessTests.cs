using System.Net;
using System.Text.Json;
using MasteryPath.Web.Accounts;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>Who may see what: sign-in, skill locks, other learners' questions, antiforgery, lockout.</summary>
public abstract class AccessTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";
    private const string Ben = "ben@example.com";

    [SkippableFact]
    public async Task Anonymous_requests_are_sent_to_sign_in_on_pages_and_refused_with_401_problems_on_the_api()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var anonymous = app.Anonymous();

        foreach (var page in new[] { "/", $"/courses/{Algebra}", $"/courses/{Algebra}/map", $"/courses/{Algebra}/skills/{RootSkill}", $"/courses/{Algebra}/skills/{RootSkill}/practice", "/attempts/0123456789abcdef0123456789abcdef", "/account" })
        {
            using var response = await anonymous.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {page}: {(int)response.StatusCode}");
            var target = new Uri(new Uri("http://localhost"), response.Headers.Location!);
            Assert.Equal("/account/login", target.AbsolutePath);
            Assert.Equal(page, QueryHelpers.ParseQuery(target.Query)["ReturnUrl"].ToString());
        }

        foreach (var api in new[] { "/api/courses", $"/api/courses/{Algebra}/map", $"/api/courses/{Algebra}/today", "/openapi/v1.json" })
        {
            using var response = await anonymous.GetAsync(api);
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        using (var answer = await anonymous.PostJsonAsync("/api/attempts/0123456789abcdef0123456789abcdef/answer", new { response = "1" }))
        {
            await AssertProblemAsync(answer, HttpStatusCode.Unauthorized);
        }

        Assert.Contains("name=\"password\"", await anonymous.GetPageAsync("/account/login"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_openapi_document_is_served_to_a_signed_in_user_and_describes_only_the_api()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);

        using var response = await ada.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/attempts/{attemptId}/answer", paths);
        Assert.Contains("/api/courses/{courseId}/skills/{skillId}/attempts", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_locked_skill_is_forbidden_on_its_page_its_links_and_the_api()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var locked = (await ada.MapAsync(Algebra)).Skills.Last(s => s.State == "Locked");
        Assert.NotEmpty(locked.Prerequisites);
        Assert.DoesNotContain(RootSkill, locked.Prerequisites);

        foreach (var page in new[] { "", "/practice", "/check", "/review", "/challenge" })
        {
            using var response = await ada.GetAsync($"/courses/{Algebra}/skills/{locked.Id}{page}");
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"GET {locked.Id}{page}: {(int)response.StatusCode}");
        }

        using (var lesson = await ada.GetAsync($"/api/courses/{Algebra}/skills/{locked.Id}"))
        {
            await AssertProblemAsync(lesson, HttpStatusCode.Forbidden);
        }

        foreach (var mode in new[] { "Practice", "MasteryCheck", "Review", "Enrichment" })
        {
            using var response = await ada.PostJsonAsync($"/api/courses/{Algebra}/skills/{locked.Id}/attempts", new { mode });
            await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        }

        Assert.Equal(0, await app.QueryAsync(db => db.Attempts.CountAsync(a => a.SkillId == locked.Id)));
        await ada.GetPageAsync($"/courses/{Algebra}/skills/{RootSkill}");
    }

    [SkippableFact]
    public async Task Another_learners_question_is_not_found_on_the_page_the_api_and_the_forms()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        using var ben = await app.SignInAsync(Ben);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var right = await app.CorrectResponseAsync(attempt.AttemptId);
        var benToken = Html.AntiforgeryToken(await ben.GetPageAsync("/account"));

        using (var page = await ben.GetAsync($"/attempts/{attempt.AttemptId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.DoesNotContain(attempt.PromptHtml, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var get = await ben.GetAsync($"/api/attempts/{attempt.AttemptId}"))
        {
            await AssertProblemAsync(get, HttpStatusCode.NotFound);
        }

        using (var answer = await ben.PostJsonAsync($"/api/attempts/{attempt.AttemptId}/answer", new { response = right }))
        {
            await AssertProblemAsync(answer, HttpStatusCode.NotFound);
        }

        using (var hint = await ben.PostJsonAsync($"/api/attempts/{attempt.AttemptId}/hints", null))
        {
            await AssertProblemAsync(hint, HttpStatusCode.NotFound);
        }

        using (var form = await ben.PostFormAsync($"/forms/attempts/{attempt.AttemptId}/answer", benToken, ("response", right)))
        {
            Assert.Equal(HttpStatusCode.NotFound, form.StatusCode);
        }

        Assert.Empty(await app.QueryAsync(db => db.AnswerEvents.ToListAsync()));
        var untouched = await ada.GetJsonAsync<Learning.AttemptView>($"/api/attempts/{attempt.AttemptId}");
        Assert.Null(untouched.Verdict);
        Assert.Empty(untouched.HintsHtml);
    }

    [SkippableFact]
    public async Task An_unknown_course_skill_or_question_is_not_found()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);

        foreach (var page in new[] { "/courses/no-such-course", "/courses/no-such-course/map", $"/courses/{Algebra}/skills/no-such-skill", $"/courses/{Algebra}/skills/no-such-skill/practice", "/courses/no-such-course/skills/place-value", "/attempts/0123456789abcdef0123456789abcdef", "/no/such/page" })
        {
            using var response = await ada.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {page}: {(int)response.StatusCode}");
        }

        foreach (var api in new[] { "/api/courses/no-such-course/map", "/api/courses/no-such-course/today", $"/api/courses/{Algebra}/skills/no-such-skill", "/api/attempts/0123456789abcdef0123456789abcdef" })
        {
            using var response = await ada.GetAsync(api);
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }

        using (var open = await ada.PostJsonAsync($"/api/courses/{Algebra}/skills/no-such-skill/attempts", new { mode = "Practice" }))
        {
            await AssertProblemAsync(open, HttpStatusCode.NotFound);
        }

        using (var open = await ada.PostJsonAsync("/api/courses/no-such-course/skills/place-value/attempts", new { mode = "Practice" }))
        {
            await AssertProblemAsync(open, HttpStatusCode.NotFound);
        }
    }

    [SkippableFact]
    public async Task A_form_posted_without_its_antiforgery_token_is_rejected_and_changes_nothing()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var right = await app.CorrectResponseAsync(attempt.AttemptId);
        Assert.Contains("__RequestVerificationToken", await ada.GetPageAsync($"/attempts/{attempt.AttemptId}"), StringComparison.Ordinal);

        // A browser posting a form sends no token header; the client's API token would stand in for the form's.
        ada.Http.DefaultRequestHeaders.Remove(Hardening.ApiAntiforgery.HeaderName);

        foreach (var (action, fields) in new (string, (string, string)[])[]
        {
            ($"/forms/attempts/{attempt.AttemptId}/answer", [("response", right)]),
            ($"/forms/attempts/{attempt.AttemptId}/hint", []),
            ($"/forms/courses/{Algebra}/placement/start", [("choice", "skip")]),
            ($"/forms/courses/{Algebra}/goal", [("kind", "Skills"), ("target", "3")]),
            ("/account/logout", []),
        })
        {
            using var missing = await ada.PostFormAsync(action, null, fields);
            Assert.True(missing.StatusCode == HttpStatusCode.BadRequest, $"POST {action} without a token: {(int)missing.StatusCode}");
            using var forged = await ada.PostFormAsync(action, "CfDJ8-not-a-token", fields);
            Assert.True(forged.StatusCode == HttpStatusCode.BadRequest, $"POST {action} with a forged token: {(int)forged.StatusCode}");
        }

        Assert.Empty(await app.QueryAsync(db => db.AnswerEvents.ToListAsync()));
        var stored = await app.QueryAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attempt.AttemptId));
        Assert.Null(stored.AnsweredAt);
        Assert.Equal(0, stored.HintsShown);
        var enrollment = await app.EnrollmentAsync(Ada, Algebra);
        Assert.Equal(Data.PlacementState.NotStarted, enrollment.Placement);
        Assert.Equal(Data.WeeklyGoalKind.None, enrollment.GoalKind);
        using var stillSignedIn = await ada.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
    }

    [SkippableFact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var visitor = app.Anonymous();

        var errors = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            errors.Add(await SignInErrorAsync(visitor, Ada, "Wrong-password-" + i));
        }

        var withRightPassword = await SignInErrorAsync(visitor, Ada, DemoData.Password);

        // A locked account answers like a wrong password (docs/security.md): the answer does not tell accounts apart.
        Assert.Equal(["invalid", "invalid", "invalid", "invalid", "invalid"], errors);
        Assert.Equal("invalid", withRightPassword);
        using (var refused = await visitor.GetAsync("/api/courses"))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
        }

        Assert.Contains("After five wrong passwords an account waits 15 minutes", await visitor.GetPageAsync("/account/login?error=invalid"), StringComparison.Ordinal);
        using var ben = await app.SignInAsync(Ben);
        Assert.Equal(HttpStatusCode.OK, (await ben.GetAsync("/api/courses")).StatusCode);
    }

    private static async Task<string> SignInErrorAsync(LearnerClient visitor, string email, string password)
    {
        using var response = await visitor.PostSignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = new Uri(new Uri("http://localhost"), response.Headers.Location!);
        Assert.Equal("/account/login", target.AbsolutePath);
        return QueryHelpers.ParseQuery(target.Query)["error"].ToString();
    }
}

public sealed class SqliteAccessTests() : AccessTests(TestDatabase.Sqlite);

public sealed class PostgresAccessTests() : AccessTests(TestDatabase.Postgres);
