using System.Net.Http.Json;
using MasteryPath.Web.Nodes;
using MasteryPath.Web.Teaching;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>Two app instances on one PostgreSQL database: a sign-in on one is honoured by the other, and both see one state.</summary>
public sealed class TwoNodeTests
{
    [SkippableFact]
    public async Task A_cookie_from_node_a_answers_on_node_b_and_both_nodes_see_one_state()
    {
        var database = await MasteryPathAppFactory.CreateDatabaseAsync(TestDatabase.Postgres);
        try
        {
            await using var nodeA = await MasteryPathAppFactory.StartAsync(TestDatabase.Postgres, migrateOnStart: true, connectionString: database);
            await using var nodeB = await MasteryPathAppFactory.StartAsync(TestDatabase.Postgres, migrateOnStart: false, connectionString: database);

            using var onA = nodeA.Anonymous();
            using var signedIn = await onA.PostSignInAsync("ada@example.com");
            var cookies = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
            Assert.Contains(cookies, c => c.StartsWith("MasteryPath.Auth=", StringComparison.Ordinal));

            var http = nodeB.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            http.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));

            // Node B hands out the API antiforgery token for the session node A signed in, paired with its cookie.
            using (var token = await http.GetAsync(new Uri("/api/antiforgery", UriKind.Relative)))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, token.StatusCode);
                cookies.AddRange(token.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
                var dto = await token.Content.ReadFromJsonAsync<Hardening.AntiforgeryTokenDto>();
                http.DefaultRequestHeaders.Remove("Cookie");
                http.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
                http.DefaultRequestHeaders.Add(dto!.HeaderName, dto.Token);
            }

            using var onB = new LearnerClient(nodeB, http);
            await onB.SkipPlacementAsync(Algebra);
            var attempt = await onB.OpenAttemptAsync(Algebra, RootSkill);
            var answered = await onB.AnswerCorrectlyAsync(attempt.AttemptId);
            Assert.True(answered.Attempt.Verdict!.Correct);

            var seenOnA = await onA.SkillAsync(Algebra, RootSkill);
            var seenOnB = await onB.SkillAsync(Algebra, RootSkill);
            Assert.Equal(1, seenOnA.Evidence);
            Assert.Equal(seenOnB, seenOnA with { Prerequisites = seenOnB.Prerequisites, Explanation = seenOnB.Explanation });
            Assert.Equal(seenOnB.Probability, seenOnA.Probability);
            Assert.Single(await nodeA.EventsAsync("ada@example.com", Algebra));
            Assert.Equal(1, await nodeB.QueryAsync(db => db.AnswerEvents.CountAsync()));
        }
        finally
        {
            await MasteryPathAppFactory.DropDatabaseAsync(TestDatabase.Postgres, database);
        }
    }

    [SkippableFact]
    public async Task A_teachers_live_dashboard_on_node_a_hears_an_answer_given_on_node_b()
    {
        var database = await MasteryPathAppFactory.CreateDatabaseAsync(TestDatabase.Postgres);
        try
        {
            await using var nodeA = await MasteryPathAppFactory.StartAsync(TestDatabase.Postgres, migrateOnStart: true, connectionString: database);
            await using var nodeB = await MasteryPathAppFactory.StartAsync(TestDatabase.Postgres, migrateOnStart: false, connectionString: database);
            await WaitUntilListeningAsync(nodeA);

            using var teacher = await nodeA.SignInAsync(ReportsAndSurveysFixture.Teacher);
            var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
            using var ada = await nodeB.SignInAsync(ReportsAndSurveysFixture.Ada);
            await ada.SkipPlacementAsync(Algebra);
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/teach/classes/{period1.Id}/events", UriKind.Relative));
            using var response = await teacher.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal("retry: 5000", await reader.ReadLineAsync().WaitAsync(Soon));
            Assert.Equal(": connected", await reader.ReadLineAsync().WaitAsync(Soon));
            Assert.Equal(string.Empty, await reader.ReadLineAsync().WaitAsync(Soon));

            // Node B has no stream open: only PostgreSQL's notification can carry the answer to node A.
            Assert.Equal(0, nodeB.Services.GetRequiredService<ClassActivity>().Listeners);
            await ada.AnswerCorrectlyAsync(attempt.AttemptId);
            Assert.Equal("id: 1", await reader.ReadLineAsync().WaitAsync(Soon));
            Assert.Equal("event: changed", await reader.ReadLineAsync().WaitAsync(Soon));
        }
        finally
        {
            await MasteryPathAppFactory.DropDatabaseAsync(TestDatabase.Postgres, database);
        }
    }

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(8);

    private static async Task WaitUntilListeningAsync(MasteryPathAppFactory node)
    {
        var listener = node.Services.GetRequiredService<LearnerModelChangeListener>();
        for (var waited = 0; !listener.Listening; waited += 50)
        {
            Assert.True(waited < 10_000, "node A never started listening for notifications");
            await Task.Delay(50);
        }
    }
}
