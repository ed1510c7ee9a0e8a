using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
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
}
