using System.Net;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Learning;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>Practice until ready, the mastery check, and what mastering a skill unlocks.</summary>
public abstract class MasteryTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";

    [SkippableFact]
    public async Task Passing_the_check_after_enough_practice_masters_the_skill_and_unlocks_its_dependents()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var course = app.Services.GetRequiredService<CourseCatalog>().Get(Algebra);
        using var ada = await app.SignInAsync(Ada);
        await ada.SkipPlacementAsync(Algebra);
        var dependents = (await ada.MapAsync(Algebra)).Skills.Where(s => s.Prerequisites.SequenceEqual([RootSkill])).ToList();
        Assert.NotEmpty(dependents);
        Assert.All(dependents, d => Assert.Equal("Locked", d.State));

        using (var early = await ada.PostJsonAsync($"/api/courses/{Algebra}/skills/{RootSkill}/attempts", new { mode = "MasteryCheck" }))
        {
            await AssertProblemAsync(early, HttpStatusCode.Conflict);
        }

        using (var earlyPage = await ada.GetAsync($"/courses/{Algebra}/skills/{RootSkill}/check"))
        {
            Assert.Equal(HttpStatusCode.Conflict, earlyPage.StatusCode);
        }

        Assert.DoesNotContain("id=\"take-check\"", await ada.GetPageAsync($"/courses/{Algebra}/skills/{RootSkill}"), StringComparison.Ordinal);

        var practised = await ada.PractiseUntilReadyAsync(Algebra, RootSkill);

        Assert.True(practised >= course.Mastery.MinimumEvidence, $"ready after {practised} answers");
        var ready = await ada.SkillAsync(Algebra, RootSkill);
        Assert.True(ready.Probability >= course.Mastery.MasteryProbability, $"ready at P = {ready.Probability}");
        Assert.NotEqual("Mastered", ready.State);
        Assert.Contains("id=\"take-check\"", await ada.GetPageAsync($"/courses/{Algebra}/skills/{RootSkill}"), StringComparison.Ordinal);

        var first = await ada.OpenAttemptAsync(Algebra, RootSkill, "MasteryCheck");
        Assert.False(first.HintsAllowed);
        using (var hint = await ada.PostJsonAsync($"/api/attempts/{first.AttemptId}/hints", null))
        {
            await AssertProblemAsync(hint, HttpStatusCode.Conflict);
        }

        Assert.DoesNotContain("/hint\"", await ada.GetPageAsync($"/attempts/{first.AttemptId}"), StringComparison.Ordinal);

        var (passing, questions) = await ada.PassCheckAsync(Algebra, RootSkill);

        Assert.Equal(MasteryPolicy.From(course.Mastery).CheckPassCount, questions);
        Assert.Equal("Passed", passing.Attempt.Verdict!.CheckOutcome);
        Assert.Equal(dependents.Select(d => d.Title).Order(), passing.Attempt.Verdict.Unlocked.Order());
        var map = await ada.MapAsync(Algebra);
        Assert.Equal("Mastered", map.Skills.Single(s => s.Id == RootSkill).State);
        Assert.Equal(1, map.Mastered);
        Assert.All(dependents, d => Assert.Equal("Ready", map.Skills.Single(s => s.Id == d.Id).State));
        Assert.Contains("id=\"check-passed\"", await ada.GetPageAsync($"/attempts/{passing.Attempt.AttemptId}"), StringComparison.Ordinal);
        Assert.Equal(dependents[0].Id, (await ada.OpenAttemptAsync(Algebra, dependents[0].Id)).SkillId);
        await ada.GetPageAsync($"/courses/{Algebra}/skills/{dependents[0].Id}");

        using (var again = await ada.PostJsonAsync($"/api/courses/{Algebra}/skills/{RootSkill}/attempts", new { mode = "MasteryCheck" }))
        {
            await AssertProblemAsync(again, HttpStatusCode.Conflict);
        }

        Assert.Equal(1, (await app.EnrollmentAsync(Ada, Algebra)).MasteredCount);
        await Consistency.AssertLogMatchesSnapshotAsync(app, Ada, Algebra);
    }

    [SkippableFact]
    public async Task Failing_the_check_leaves_the_skill_unmastered_and_its_dependents_locked()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        await ada.PractiseUntilReadyAsync(Algebra, RootSkill);

        var outcomes = new List<string>();
        for (var question = 0; question < 5 && !outcomes.Contains("Failed"); question++)
        {
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill, "MasteryCheck");
            var answer = await ada.AnswerWronglyAsync(attempt.AttemptId);
            Assert.False(answer.Attempt.Verdict!.Correct);
            outcomes.Add(answer.Attempt.Verdict.CheckOutcome);
            app.Time.Advance(TimeSpan.FromSeconds(40));
        }

        Assert.Equal("Failed", outcomes[^1]);
        var map = await ada.MapAsync(Algebra);
        Assert.NotEqual("Mastered", map.Skills.Single(s => s.Id == RootSkill).State);
        Assert.All(map.Skills.Where(s => s.Prerequisites.SequenceEqual([RootSkill])), d => Assert.Equal("Locked", d.State));
        await Consistency.AssertLogMatchesSnapshotAsync(app, Ada, Algebra);
    }
}

public sealed class SqliteMasteryTests() : MasteryTests(TestDatabase.Sqlite);

public sealed class PostgresMasteryTests() : MasteryTests(TestDatabase.Postgres);
