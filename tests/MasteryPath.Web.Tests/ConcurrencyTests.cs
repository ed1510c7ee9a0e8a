using System.Net;
using MasteryPath.Web.Api;
using Microsoft.EntityFrameworkCore;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>Answers racing each other (double clicks, two tabs) are each counted once and never lose an update.</summary>
public abstract class ConcurrencyTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";

    [SkippableFact]
    public async Task Ten_parallel_answers_to_one_attempt_store_one_event_and_agree_on_its_verdict()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var right = await app.CorrectResponseAsync(attempt.AttemptId);
        var wrong = await app.WrongResponseAsync(attempt.AttemptId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => ada.AnswerAsync(attempt.AttemptId, i % 2 == 0 ? right : wrong)));

        var first = Assert.Single(answers, a => !a.Duplicate).Attempt.Verdict!;
        Assert.All(answers, a =>
        {
            Assert.Equal(first.Correct, a.Attempt.Verdict!.Correct);
            Assert.Equal(first.Response, a.Attempt.Verdict.Response);
            Assert.Equal(first.ProbabilityAfter, a.Attempt.Verdict.ProbabilityAfter);
        });
        var stored = Assert.Single(await app.EventsAsync(Ada, Algebra));
        Assert.Equal(attempt.AttemptId, stored.EventId);
        Assert.Equal(first.Correct, stored.Correct);
        var shown = await app.AttemptItemAsync(attempt.AttemptId);
        Assert.Equal(shown.Choices?.ToAuthored(first.Response!) ?? first.Response, stored.Response);
        await Consistency.AssertLogMatchesSnapshotAsync(app, Ada, Algebra);
    }

    [SkippableFact]
    public async Task Parallel_answers_to_different_open_attempts_are_all_counted_without_lost_updates()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        await ada.SkipPlacementAsync(Algebra);
        await ada.MasterAsync(Algebra, RootSkill);
        var next = (await ada.MapAsync(Algebra)).Skills.First(s => s.Prerequisites.SequenceEqual([RootSkill]));
        var before = await app.EventsAsync(Ada, Algebra);

        var open = new List<Learning.AttemptView>
        {
            await ada.OpenAttemptAsync(Algebra, RootSkill, "Practice"),
            await ada.OpenAttemptAsync(Algebra, RootSkill, "Review"),
            await ada.OpenAttemptAsync(Algebra, RootSkill, "Enrichment"),
            await ada.OpenAttemptAsync(Algebra, next.Id, "Practice"),
            await ada.PostJsonAsync<Learning.AttemptView>($"/api/courses/{Algebra}/quiz/next", null),
        };
        Assert.Equal(open.Count, open.Select(a => a.AttemptId).Distinct().Count());
        var token = Html.AntiforgeryToken(await ada.GetPageAsync($"/attempts/{open[0].AttemptId}"));
        var submissions = new List<Task<HttpStatusCode>>();
        foreach (var attempt in open)
        {
            var right = await app.CorrectResponseAsync(attempt.AttemptId);
            var wrong = await app.WrongResponseAsync(attempt.AttemptId);
            submissions.Add(ApiAsync(ada, attempt.AttemptId, right));
            submissions.Add(FormAsync(ada, attempt.AttemptId, token, wrong));
            submissions.Add(ApiAsync(ada, attempt.AttemptId, wrong));
        }

        var statuses = await Task.WhenAll(submissions);

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Redirect, $"a submission got {(int)s}"));
        var events = await app.EventsAsync(Ada, Algebra);
        Assert.Equal(before.Count + open.Count, events.Count);
        var attempts = await app.QueryAsync(db => db.Attempts.AsNoTracking().Where(a => a.AnsweredAt != null).ToListAsync());
        foreach (var attempt in open)
        {
            var stored = Assert.Single(events, e => e.EventId == attempt.AttemptId);
            var row = Assert.Single(attempts, a => a.Id == attempt.AttemptId);
            Assert.Equal(row.Outcome == Domain.Items.AnswerOutcome.Correct, stored.Correct);
            Assert.Equal(row.Response, stored.Response);
        }

        Assert.Equal(attempts.Count, events.Count);
        await Consistency.AssertLogMatchesSnapshotAsync(app, Ada, Algebra);
    }

    [SkippableFact]
    public async Task Many_parallel_starts_open_one_question_per_skill_and_mode_one_check_and_one_placement_question()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var userId = await app.UserIdAsync(Ada);
        const int Parallel = 16;

        // Practice and the mastery check: every racing request gets the same question.
        var practice = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => ada.OpenAttemptAsync(Algebra, RootSkill)));
        Assert.Single(practice.Select(a => a.AttemptId).Distinct());
        await ada.AnswerCorrectlyAsync(practice[0].AttemptId);
        await ada.PractiseUntilReadyAsync(Algebra, RootSkill);
        var checks = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => ada.OpenAttemptAsync(Algebra, RootSkill, "MasteryCheck")));
        Assert.Single(checks.Select(a => a.AttemptId).Distinct());

        // The placement (a test-out here, on a learner who is past the first placement) and the daily quiz.
        await ada.PostJsonAsync<Learning.PlacementProgress>($"/api/courses/{Algebra}/test-out", null);
        var placement = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => ada.PostJsonAsync<Learning.AttemptView>($"/api/courses/{Algebra}/placement/next", null)));
        Assert.Single(placement.Select(a => a.AttemptId).Distinct());

        var open = await app.QueryAsync(db => db.Attempts.AsNoTracking().Where(a => a.UserId == userId && a.AnsweredAt == null).ToListAsync());
        Assert.All(open.GroupBy(a => (a.SkillId, a.Mode, a.GroupId)), g => Assert.Single(g));
        var check = Assert.Single(open, a => a.Mode == Data.AttemptMode.MasteryCheck);
        Assert.Equal(checks[0].AttemptId, check.Id);
        Assert.Single(open, a => a.Mode == Data.AttemptMode.Placement);
        Assert.Single((await app.QueryAsync(db => db.Attempts.AsNoTracking().Where(a => a.UserId == userId && a.Mode == Data.AttemptMode.MasteryCheck).Select(a => a.GroupId).ToListAsync())).Distinct());
    }

    [SkippableFact]
    public async Task The_database_refuses_a_second_open_question_for_the_same_skill_and_mode()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var open = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var row = await app.QueryAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.Id == open.AttemptId));
        var twin = Learning.LearningService.NewAttempt(row.UserId, row.CourseId, Domain.Skills.SkillId.Parse(row.SkillId), new Domain.Planning.ItemChoice(row.DefinitionId, row.Seed + 1, $"{row.DefinitionId}@{row.Seed + 1}"), row.Mode, row.EvidenceKind, null, app.Time.GetUtcNow());

        await Assert.ThrowsAsync<DbUpdateException>(() => app.QueryAsync(db =>
        {
            db.Attempts.Add(twin);
            return db.SaveChangesAsync();
        }));

        // Once the first is answered, the next one opens.
        await ada.AnswerCorrectlyAsync(open.AttemptId);
        Assert.Equal(1, await app.QueryAsync(db =>
        {
            db.Attempts.Add(twin);
            return db.SaveChangesAsync();
        }));
    }

    private static async Task<HttpStatusCode> ApiAsync(LearnerClient learner, string attemptId, string response)
    {
        using var answered = await learner.PostJsonAsync($"/api/attempts/{attemptId}/answer", new AnswerRequest(response));
        return answered.StatusCode;
    }

    private static async Task<HttpStatusCode> FormAsync(LearnerClient learner, string attemptId, string token, string response)
    {
        using var answered = await learner.PostFormAsync($"/forms/attempts/{attemptId}/answer", token, response.Split(',').Select(r => ("response", r)).ToArray());
        return answered.StatusCode;
    }
}

public sealed class SqliteConcurrencyTests() : ConcurrencyTests(TestDatabase.Sqlite);

public sealed class PostgresConcurrencyTests() : ConcurrencyTests(TestDatabase.Postgres);
