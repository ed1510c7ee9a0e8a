using System.Net;
using System.Net.Http.Json;
using MasteryPath.Domain.Diagnostics;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The placement over HTTP: a right answer backs the item's skill and what that item exercises, nothing more (ADR 0014).</summary>
public abstract class PlacementEvidenceTests(TestDatabase database)
{
    private const string Cleo = "cleo@example.com";

    [SkippableFact]
    public async Task Skills_are_placed_only_when_a_right_answer_on_an_item_that_exercises_them_backs_them()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var course = app.Services.GetRequiredService<CourseCatalog>().Get(Algebra);
        var questions = DiagnosticQuestion.ByItem(course.Graph, course.Items);

        // Cleo knows the first two units (whole numbers, fractions): she answers an item right exactly when she knows
        // its skill and every skill it exercises.
        var units = course.Units.Take(2).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        var known = course.Skills.Where(s => s.UnitId is { } unit && units.Contains(unit)).Select(s => s.Id).ToHashSet();
        using var cleo = await app.SignInAsync(Cleo);
        using (var start = await cleo.PostJsonAsync($"/api/courses/{Algebra}/placement", null))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        var backed = new HashSet<SkillId>();
        var asked = new HashSet<SkillId>();
        for (var n = 0; ; n++)
        {
            Assert.True(n <= new DiagnosticSettings().MaxQuestions, "the placement did not stop at its cap");
            using var next = await cleo.PostJsonAsync($"/api/courses/{Algebra}/placement/next", null);
            if (next.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }

            var attempt = await next.Content.ReadFromJsonAsync<AttemptView>();
            var definition = await app.QueryAsync(db => db.Attempts.Where(a => a.Id == attempt!.AttemptId).Select(a => a.DefinitionId).SingleAsync());
            var question = questions[definition];
            asked.Add(question.Skill);
            if (question.Backs.All(known.Contains))
            {
                await cleo.AnswerCorrectlyAsync(attempt!.AttemptId);
                backed.UnionWith(question.Backs);
            }
            else
            {
                await cleo.AnswerWronglyAsync(attempt!.AttemptId);
            }
        }

        var placed = (await app.EventsAsync(Cleo, Algebra)).Where(e => e.Kind == EvidenceKind.PlacedKnown).Select(e => SkillId.Parse(e.SkillId)).ToHashSet();
        var summary = $"asked {string.Join(", ", asked)}; placed {string.Join(", ", placed)}";
        Assert.NotEmpty(placed);
        Assert.Subset(known, placed);
        Assert.Subset(backed, placed);

        // Some skills were placed without being asked: the items' exercised skills reached the diagnostic.
        Assert.True(placed.Except(asked).Any(), summary);

        // Placement credit is not new mastery: confirming a placed skill with a right answer makes it mastered, but the
        // week's "skills newly mastered" (the weekly goal) stays at nothing.
        var confirm = course.Graph.TopologicalOrder.First(placed.Contains);
        var practice = await cleo.OpenAttemptAsync(Algebra, confirm.Value, "Practice");
        await cleo.AnswerCorrectlyAsync(practice.AttemptId);
        Assert.Equal(SkillState.Mastered.ToString(), (await cleo.SkillAsync(Algebra, confirm.Value)).State);
        var today = await cleo.GetJsonAsync<Api.TodayDto>($"/api/courses/{Algebra}/today");
        Assert.Equal(0, today.Week.SkillsMastered);
        Assert.True(today.Week.Answers > 0);
    }
}

public sealed class SqlitePlacementEvidenceTests() : PlacementEvidenceTests(TestDatabase.Sqlite);

public sealed class PostgresPlacementEvidenceTests() : PlacementEvidenceTests(TestDatabase.Postgres);
