using System.Net;
using MasteryPath.Web.Learning;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>
/// SQLite's group commit (ADR 0016, 0035): answers from many learners share the writer's transactions on its own
/// connection; each acknowledged answer is committed (another connection reads it), and a write that fails is rolled
/// back alone.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Concurrent_answers_share_the_writers_transactions_and_a_failing_write_spoils_none_of_the_others()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite);
        var queue = app.Services.GetRequiredService<LearnerWriteQueue>();
        Assert.True(queue.Enabled);
        using var ada = await app.SignInAsync("ada@example.com");
        using var ben = await app.SignInAsync("ben@example.com");
        await ada.SkipPlacementAsync(Algebra);
        await ben.SkipPlacementAsync(Algebra);
        var before = queue.Committed;

        var answered = 0;
        for (var round = 0; round < 6; round++)
        {
            var adaAttempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
            var benAttempt = await ben.OpenAttemptAsync(Algebra, RootSkill);
            var answers = new[]
            {
                ada.AnswerWronglyAsync(adaAttempt.AttemptId),
                ben.AnswerWronglyAsync(benAttempt.AttemptId),
            };
            // In the same moment: a write that fails on the writer (someone else's question is not found for this learner).
            using var refused = await ben.PostJsonAsync($"/api/attempts/{adaAttempt.AttemptId}/answer", new { response = "1" });
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            await Task.WhenAll(answers);
            answered += 2;
        }

        var after = queue.Committed;
        Assert.True(after.Writes - before.Writes >= answered * 2, $"{after.Writes - before.Writes} writes for {answered} answers and their opens");
        Assert.True(after.Transactions > before.Transactions);

        // The writer's statements are prepared once and reused (SqliteStatementCache): far fewer texts than executions.
        var (kept, reused) = queue.Statements;
        Assert.True(kept > 0 && reused > answered * 2, $"{kept} statements kept, {reused} executions reused one, for {answered} answers and their opens");

        // Read back on a connection of our own: every acknowledged answer is committed, none of the refused ones.
        await using var connection = new SqliteConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AnswerEvents WHERE CourseId = $course";
        command.Parameters.AddWithValue("$course", Algebra);
        Assert.Equal(answered, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        await Consistency.AssertLogMatchesSnapshotAsync(app, "ada@example.com", Algebra);
        await Consistency.AssertLogMatchesSnapshotAsync(app, "ben@example.com", Algebra);
    }
}
