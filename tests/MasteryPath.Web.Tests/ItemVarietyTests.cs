using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>Practice through the API never serves the same item or template twice in a row on a skill that has others.</summary>
public sealed class ItemVarietyTests
{
    private const string Algebra = "algebra-1";

    [SkippableFact]
    public async Task Consecutive_practice_questions_come_from_different_templates()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite);
        var course = app.Services.GetRequiredService<CourseCatalog>().Get(Algebra);
        var root = course.Graph.TopologicalOrder.First(s => course.Graph.PrerequisitesOf(s).Count == 0 && course.ItemsBySkill.GetValueOrDefault(s)?.Count >= 2);
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);

        var served = new List<string>();
        for (var question = 0; question < 8; question++)
        {
            var attempt = await ada.OpenAttemptAsync(Algebra, root.Value, "Practice");
            served.Add(await app.QueryAsync(db => db.Attempts.Where(a => a.Id == attempt.AttemptId).Select(a => a.DefinitionId).SingleAsync()));
            // Wrong answers keep the learner's level low, where one easy template is always the nearest.
            await ada.AnswerWronglyAsync(attempt.AttemptId);
        }

        var repeats = served.Zip(served.Skip(1)).Count(pair => pair.First == pair.Second);
        Assert.True(repeats == 0, $"the same template twice in a row {repeats} times: {string.Join(", ", served)}");
        Assert.True(served.Distinct().Count() >= 2);
    }
}
