using Npgsql;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>
/// More learners answering at once than the node has database connections: every answer holds a connection for its
/// transaction, and the cached course model and course list are re-read from inside it. When every such request
/// fetched a second connection for that re-read, a burst as large as the pool waited on itself until the pool's
/// timeout and failed (found by the load driver at 200 learners on a pool of 40: no answer in 20 seconds).
/// </summary>
public sealed class PoolStarvationTests
{
    private static readonly string[] Learners = ["ada@example.com", "ben@example.com", "cleo@example.com", "dev@example.com"];

    [SkippableFact]
    public async Task Concurrent_answers_on_a_small_pool_are_all_served_while_the_model_in_force_is_re_read()
    {
        // Three connections: the node's LISTEN connection keeps one, which leaves two for four learners answering at once.
        var connectionString = new NpgsqlConnectionStringBuilder(await MasteryPathAppFactory.CreateDatabaseAsync(TestDatabase.Postgres))
        {
            MaxPoolSize = 3,
            Timeout = 5,
        }.ConnectionString;
        try
        {
            // Every request finds the model in force due for a re-read.
            await using var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Postgres, connectionString: connectionString, settings: new Dictionary<string, string> { ["MasteryPath:ModelRefreshSeconds"] = "0" });
            var learners = new List<LearnerClient>();
            foreach (var email in Learners)
            {
                var learner = await app.SignInAsync(email);
                await learner.SkipPlacementAsync(Algebra);
                learners.Add(learner);
            }

            var answered = 0;
            for (var round = 0; round < 5; round++)
            {
                var open = await Task.WhenAll(learners.Select(l => l.OpenAttemptAsync(Algebra, RootSkill)));
                var responses = new List<string>();
                foreach (var attempt in open)
                {
                    responses.Add(await app.WrongResponseAsync(attempt.AttemptId));
                }

                var answers = await Task.WhenAll(learners.Select((l, i) => l.AnswerAsync(open[i].AttemptId, responses[i])));
                Assert.All(answers, a => Assert.False(a.Duplicate));
                answered += answers.Length;
            }

            foreach (var email in Learners)
            {
                Assert.Equal(5, (await app.EventsAsync(email, Algebra)).Count);
                await Consistency.AssertLogMatchesSnapshotAsync(app, email, Algebra);
            }

            Assert.Equal(20, answered);
            learners.ForEach(l => l.Dispose());
        }
        finally
        {
            await MasteryPathAppFactory.DropDatabaseAsync(TestDatabase.Postgres, connectionString);
        }
    }
}
