using System.Net;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Teaching;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The class dashboard's live updates: a server-sent event reaches the class's teacher when a learner answers, and nobody else may listen.</summary>
public abstract class LiveDashboardTests(TestDatabase database)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(8);

    [SkippableFact]
    public async Task The_teacher_gets_a_changed_event_when_a_learner_of_the_class_answers()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(ReportsAndSurveysFixture.Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));

        // The page opens the stream with the script, and keeps a refresh for browsers without script.
        var page = await teacher.GetPageAsync($"/teach/classes/{period1.Id}");
        Assert.Contains($"data-live-events=\"/teach/classes/{period1.Id}/events\"", page, StringComparison.Ordinal);
        Assert.Matches("<script src=\"[^\"]*live-dashboard[^\"]*\\.js\" defer>", page);
        Assert.Contains("<noscript><meta http-equiv=\"refresh\" content=\"30\"", page, StringComparison.Ordinal);

        using var ada = await app.SignInAsync(ReportsAndSurveysFixture.Ada);
        await ada.SkipPlacementAsync(Algebra);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/teach/classes/{period1.Id}/events", UriKind.Relative));
        using var response = await teacher.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DashboardEvents.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("retry: 5000", await ReadLineAsync(reader));
        Assert.Equal(": connected", await ReadLineAsync(reader));
        Assert.Equal(string.Empty, await ReadLineAsync(reader));

        // Opening a question and skipping the placement are not answers: nothing is sent yet.
        var early = reader.ReadLineAsync();
        Assert.NotSame(early, await Task.WhenAny(early, Task.Delay(TimeSpan.FromMilliseconds(1500))));

        await ada.AnswerCorrectlyAsync(attempt.AttemptId);
        Assert.Equal("id: 1", await early.WaitAsync(Soon));
        Assert.Equal("event: changed", await ReadLineAsync(reader));
        Assert.Equal($"data: {period1.Id}", await ReadLineAsync(reader));
        Assert.Equal(string.Empty, await ReadLineAsync(reader));

        // Several answers in a burst are coalesced: the next event comes, but not one per answer at once.
        for (var i = 0; i < 3; i++)
        {
            await ada.AnswerWronglyAsync((await ada.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        Assert.Equal("id: 2", await ReadLineAsync(reader));
    }

    [SkippableFact]
    public async Task Only_the_classs_teacher_or_an_admin_may_listen()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        await app.CreateAccountAsync("other-teacher@example.com", Roles.Teacher);
        using var teacher = await app.SignInAsync(ReportsAndSurveysFixture.Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        var events = $"/teach/classes/{period1.Id}/events";

        using var other = await app.SignInAsync("other-teacher@example.com");
        await other.AssertStatusAsync(events, HttpStatusCode.NotFound);
        await other.AssertStatusAsync($"/teach/classes/{period1.Id + 1000}/events", HttpStatusCode.NotFound);
        using var ada = await app.SignInAsync(ReportsAndSurveysFixture.Ada);
        await ada.AssertAccessDeniedAsync(events);
        using var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(events)).StatusCode);

        using var admin = await app.SignInAsync(ReportsAndSurveysFixture.Admin);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(events, UriKind.Relative));
        using var response = await admin.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Signals_coalesce_and_reach_only_the_classes_of_the_learner()
    {
        var activity = new ClassActivity();
        using var period1 = activity.Subscribe(1, ["ada", "ben"]);
        using var period2 = activity.Subscribe(2, ["cleo"]);
        activity.LearnerChanged("ada");
        activity.LearnerChanged("ben");
        activity.LearnerChanged("ada");
        Assert.True(await period1.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await period1.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await period2.WaitAsync(TimeSpan.Zero, CancellationToken.None));

        period2.SetLearners(["cleo", "ada"]);
        activity.LearnerChanged("ada");
        Assert.True(await period2.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(2, activity.Listeners);
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader) => await reader.ReadLineAsync().WaitAsync(Soon);
}

public sealed class SqliteLiveDashboardTests() : LiveDashboardTests(TestDatabase.Sqlite);

public sealed class PostgresLiveDashboardTests() : LiveDashboardTests(TestDatabase.Postgres);
