using System.IO.Compression;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Data.Privacy;
using MasteryPath.Domain.Items;
using MasteryPath.Web.Api;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>
/// MasteryPath:Privacy:AnswerTextRetentionDays: the text of answers older than the retention period leaves the database
/// (the background service, and `masterypath privacy redact-answers`), newer text stays, and the learner's state replayed
/// from the log is exactly what it was.
/// </summary>
public abstract class AnswerTextRetentionTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";

    // Typed answers no other column can hold by chance (ids are hex, seeds and probabilities have other digits around).
    private const string OldMark = "7315926";
    private const string NewMark = "8426037";

    [SkippableFact]
    public async Task Answer_text_older_than_the_retention_period_is_removed_newer_text_stays_and_replay_gives_the_same_learner_state()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database, settings: new Dictionary<string, string> { ["MasteryPath:Privacy:AnswerTextRetentionDays"] = "30" });
        var service = app.Services.GetRequiredService<AnswerTextRetentionService>();
        var start = app.Time.GetUtcNow();
        await RunAtAsync(app, service);
        var adaId = await app.UserIdAsync(Ada);

        // Day 0: typed answers (wrong, a misconception, second tries) and picked choices; day 20: more of them.
        var old = await AnswerAsync(app, OldMark, first: true);
        app.Time.Advance(TimeSpan.FromDays(20));
        Assert.Equal(0, (await RunAtAsync(app, service)).Total);
        var recent = await AnswerAsync(app, NewMark);
        Assert.Contains(await app.QueryAsync(db => db.Attempts.AsNoTracking().Where(a => a.UserId == adaId).ToListAsync()), a => old.Contains(a.Id) && a.RetryResponse?.StartsWith(OldMark, StringComparison.Ordinal) == true);
        var eventsBefore = await app.EventsAsync(Ada, Algebra);
        var attemptsBefore = await AttemptsAsync(app, adaId);
        var enrollmentBefore = await app.EnrollmentAsync(Ada, Algebra);
        var (engineBefore, stateBefore) = await ReplayAsync(app, adaId, start);
        Assert.Equal(enrollmentBefore.EngineState, engineBefore);
        Assert.NotEmpty((await DatabaseSnapshot.TakeAsync(app)).RowsContaining(OldMark));

        // Day 31: the hourly run removes the text of day 0, not of day 20.
        app.Time.Advance(TimeSpan.FromDays(11));
        await RunAtAsync(app, service);
        var snapshot = await DatabaseSnapshot.TakeAsync(app);
        Assert.True(snapshot.RowsContaining(OldMark).Count == 0, "old answer text is still stored:\n" + string.Join("\n", snapshot.RowsContaining(OldMark)));
        Assert.Contains(snapshot.RowsContaining(NewMark), r => r.StartsWith("AnswerEvents:", StringComparison.Ordinal));
        Assert.Contains(snapshot.RowsContaining(NewMark), r => r.StartsWith("Attempts:", StringComparison.Ordinal));

        var eventsAfter = await app.EventsAsync(Ada, Algebra);
        Assert.Equal(eventsBefore.Select(Evidence), eventsAfter.Select(Evidence));
        Assert.All(eventsAfter.Where(e => old.Contains(e.EventId)), e => Assert.Equal(AnswerTextRetention.Removed, e.Response));
        Assert.All(eventsAfter.Where(e => recent.Contains(e.EventId)), e => Assert.Equal(eventsBefore.Single(b => b.Sequence == e.Sequence).Response, e.Response));
        Assert.All(eventsAfter.Where(e => recent.Contains(e.EventId)), e => Assert.False(string.IsNullOrEmpty(e.Response)));

        // The questions keep their verdicts, matched misconceptions and feedback (the class's statistics); only the text goes.
        var attemptsAfter = await AttemptsAsync(app, adaId);
        Assert.Equal(attemptsBefore.Select(Verdict), attemptsAfter.Select(Verdict));
        Assert.Contains(attemptsAfter, a => old.Contains(a.Id) && a.Misconception is not null && a.Feedback is not null);
        Assert.All(attemptsAfter.Where(a => old.Contains(a.Id)), a => Assert.Equal(AnswerTextRetention.Removed, a.Response));
        Assert.All(attemptsAfter.Where(a => old.Contains(a.Id) && a.Retries > 0), a => Assert.Equal(AnswerTextRetention.Removed, a.RetryResponse));
        Assert.All(attemptsAfter.Where(a => recent.Contains(a.Id)), a => Assert.Equal(attemptsBefore.Single(b => b.Id == a.Id).Response, a.Response));

        // Replaying the whole log gives the same engine state and the same statuses; the saved snapshot is untouched.
        var (engineAfter, stateAfter) = await ReplayAsync(app, adaId, start);
        Assert.Equal(engineBefore, engineAfter);
        Assert.Equal(stateBefore, stateAfter);
        var enrollmentAfter = await app.EnrollmentAsync(Ada, Algebra);
        Assert.Equal((enrollmentBefore.Version, enrollmentBefore.StateJson, enrollmentBefore.EngineSequence), (enrollmentAfter.Version, enrollmentAfter.StateJson, enrollmentAfter.EngineSequence));

        var audit = await app.QueryAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == AnswerTextRetention.AuditAction));
        Assert.Equal(AnswerTextRetentionService.Actor, audit.ActorId);
        Assert.Contains($"{old.Count} answer event(s), {old.Count} question(s)", audit.Details, StringComparison.Ordinal);

        // Running again finds nothing more; the learner's data export and the question page say what happened.
        Assert.Equal(0, (await service.RunOnceAsync())!.Total);
        using var ada = await app.SignInAsync(Ada);
        var events = await ExportedEventsAsync(ada);
        Assert.All(events.Where(e => old.Contains(e.GetProperty("eventId").GetString()!)), e => Assert.Equal("(removed after 30 days)", e.GetProperty("response").GetString()));
        Assert.All(events.Where(e => recent.Contains(e.GetProperty("eventId").GetString()!)), e => Assert.Equal(eventsAfter.Single(a => a.EventId == e.GetProperty("eventId").GetString()).Response, e.GetProperty("response").GetString()));
        Assert.Contains(events, e => e.GetProperty("response").GetString()?.StartsWith(NewMark, StringComparison.Ordinal) == true);
        var typedOld = attemptsAfter.First(a => old.Contains(a.Id) && a.Retries > 0);
        Assert.Contains("Your answer: no longer kept", Html.Text(await ada.GetPageAsync($"/attempts/{typedOld.Id}")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_command_line_removes_answer_text_older_than_the_days_given_and_refuses_nonsense()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        Assert.Null(await app.Services.GetRequiredService<AnswerTextRetentionService>().RunOnceAsync());
        var adaId = await app.UserIdAsync(Ada);
        var old = await AnswerAsync(app, OldMark, first: true);
        var recent = await AnswerAsync(app, NewMark);

        // The command line runs on the real clock: move the first answers ten days into the past.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
            foreach (var e in await db.AnswerEvents.Where(e => old.Contains(e.EventId)).ToListAsync())
            {
                e.At = e.At.AddDays(-10);
            }

            foreach (var a in await db.Attempts.Where(a => old.Contains(a.Id)).ToListAsync())
            {
                (a.CreatedAt, a.AnsweredAt, a.RetriedAt) = (a.CreatedAt.AddDays(-10), a.AnsweredAt?.AddDays(-10), a.RetriedAt?.AddDays(-10));
            }

            await db.SaveChangesAsync();
        }

        var environment = new Dictionary<string, string>
        {
            ["MASTERYPATH_DB_PROVIDER"] = database == TestDatabase.Postgres ? "postgres" : "sqlite",
            ["ConnectionStrings__MasteryPath"] = app.ConnectionString,
        };
        var refused = await CliProcess.RunAsync(environment, "privacy", "redact-answers", "--older-than-days", "0");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--older-than-days must be a number of days from 1 to 36500", refused.Stderr + refused.Stdout, StringComparison.Ordinal);
        Assert.NotEmpty((await DatabaseSnapshot.TakeAsync(app)).RowsContaining(OldMark));

        var run = await CliProcess.RunAsync(environment, "privacy", "redact-answers", "--older-than-days", "5", "--batch-size", "2", "--json");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(old.Count, json.RootElement.GetProperty("answer_events").GetInt32());
        Assert.Equal(old.Count, json.RootElement.GetProperty("questions").GetInt32());
        var snapshot = await DatabaseSnapshot.TakeAsync(app);
        Assert.Empty(snapshot.RowsContaining(OldMark));
        Assert.Contains(snapshot.RowsContaining(NewMark), r => r.StartsWith("AnswerEvents:", StringComparison.Ordinal));
        Assert.All(await app.EventsAsync(Ada, Algebra), e => Assert.Equal(old.Contains(e.EventId), AnswerTextRetention.IsRemoved(e.Response)));
        Assert.Equal(recent.Count, await app.QueryAsync(db => db.Attempts.CountAsync(a => a.UserId == adaId && a.Response != null && a.Response != AnswerTextRetention.Removed)));
        Assert.Equal("cli", await app.QueryAsync(db => db.AuditLog.Where(a => a.Action == AnswerTextRetention.AuditAction).Select(a => a.ActorId).SingleAsync()));

        var again = await CliProcess.RunAsync(environment, "privacy", "redact-answers", "--older-than-days", "5");
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Contains("Removed the text of 0 answer event(s) and 0 question(s)", again.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// Ada answers place-value questions until four typed answers are stored: typed ones with <paramref name="mark"/> and a
    /// second try (or a matched misconception first), choice ones with a wrong pick. Returns the attempt ids (= event ids).
    /// </summary>
    private static async Task<HashSet<string>> AnswerAsync(MasteryPathAppFactory app, string mark, bool first = false)
    {
        using var ada = await app.SignInAsync(Ada);
        if (first)
        {
            await ada.SkipPlacementAsync(Algebra);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var typed = 0;
        for (var tries = 0; typed < 4; tries++)
        {
            Assert.True(tries < 60, "too few typed questions came up");
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
            ids.Add(attempt.AttemptId);
            var key = (await app.ItemAsync(attempt.AttemptId)).Key;
            if (key is ChoiceAnswerKey)
            {
                await ada.AnswerWronglyAsync(attempt.AttemptId);
                continue;
            }

            var text = $"{mark}{typed:D2}1";
            var response = typed == 0 && Misconception(key) is { } matched ? matched : text;
            Assert.Equal(AnswerOutcome.Incorrect, key.Check(response).Outcome);
            var answered = await ada.AnswerAsync(attempt.AttemptId, response);
            if (answered.Attempt.Verdict!.CanRetry)
            {
                _ = await ada.PostJsonAsync<AnswerResponse>($"/api/attempts/{attempt.AttemptId}/answer", new { response = $"{mark}{typed:D2}2", @try = 2 });
            }

            typed++;
        }

        return ids;
    }

    private static string? Misconception(AnswerKey key)
    {
        IReadOnlyList<Misconception> known = key switch
        {
            NumericAnswerKey k => k.Misconceptions,
            FractionAnswerKey k => k.Misconceptions,
            ExpressionAnswerKey k => k.Misconceptions,
            TextAnswerKey k => k.Misconceptions,
            _ => [],
        };
        return known.Select(m => m.Answer).FirstOrDefault(a => key.Check(a).Misconception is not null);
    }

    /// <summary>Waits for a run of the service that used the clock's current time (the one at start, or after an advance).</summary>
    private static async Task<AnswerTextRemoval> RunAtAsync(MasteryPathAppFactory app, AnswerTextRetentionService service)
    {
        var cutoff = app.Time.GetUtcNow() - TimeSpan.FromDays(30);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (service.LastRemoval is { } removal && removal.Cutoff >= cutoff)
            {
                return removal;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no run of the retention service at {app.Time.GetUtcNow():O} (runs: {service.Runs})");
            await Task.Delay(50);
        }
    }

    /// <summary>The learner's state from a replay of her whole log, as the app loads it: the engine state and the statuses at a fixed instant.</summary>
    private static async Task<(byte[] Engine, string Statuses)> ReplayAsync(MasteryPathAppFactory app, string userId, DateTimeOffset start)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var state = await scope.ServiceProvider.GetRequiredService<LearningService>().LoadAsync(userId, Algebra, withHistory: true);
        Assert.False(state.Restored);
        Assert.NotEmpty(state.Events);
        return (state.Mastery.SaveState(), LearnerState.Snapshot(state.Mastery.Statuses(start.AddDays(40)), state.Mastery));
    }

    private static Task<List<Attempt>> AttemptsAsync(MasteryPathAppFactory app, string userId) =>
        app.QueryAsync(db => db.Attempts.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.Id).ToListAsync());

    private static string Evidence(AnswerEventRecord e) =>
        $"{e.Sequence} {e.EventId} {e.UserId} {e.CourseId} {e.SkillId} {e.AlsoSkills} {e.Correct} {e.UsedHint} {e.Kind} {e.At:O} {e.CheckId} {e.VariantId}";

    private static string Verdict(Attempt a) =>
        $"{a.Id} {a.Outcome} {a.Misconception} {a.Feedback} {a.DontKnow} {a.Retries} {a.RetryOutcome} {a.RetryFeedback} {a.ProbabilityBefore} {a.ProbabilityAfter} {a.CheckOutcome} {a.AnsweredAt:O} {a.RetriedAt:O}";

    private static async Task<List<JsonElement>> ExportedEventsAsync(LearnerClient learner)
    {
        using var response = await learner.GetAsync("/account/export");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        await using var stream = await zip.GetEntry("answer-events.json")!.OpenAsync();
        using var json = await JsonDocument.ParseAsync(stream);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}

public sealed class SqliteAnswerTextRetentionTests() : AnswerTextRetentionTests(TestDatabase.Sqlite);

public sealed class PostgresAnswerTextRetentionTests() : AnswerTextRetentionTests(TestDatabase.Postgres);

/// <summary>The setting itself: kept for ever unless set; a negative number stops the app at start with a clear message.</summary>
public sealed class AnswerTextRetentionSettingTests
{
    [Fact]
    public async Task A_negative_retention_stops_the_app_at_start_and_no_setting_keeps_answer_text_for_ever()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite, settings: new Dictionary<string, string> { ["MasteryPath:Privacy:AnswerTextRetentionDays"] = "-1" }));
        var validation = Assert.IsType<OptionsValidationException>(error is OptionsValidationException ? error : error.GetBaseException());
        Assert.Contains("MasteryPath:Privacy:AnswerTextRetentionDays must be a number of days from 1 to 36500, or 0 (or empty) to keep answer text for ever", validation.Message, StringComparison.Ordinal);

        foreach (var days in new[] { null, "0" })
        {
            await using var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite, settings: days is null ? null : new Dictionary<string, string> { ["MasteryPath:Privacy:AnswerTextRetentionDays"] = days });
            var service = app.Services.GetRequiredService<AnswerTextRetentionService>();
            Assert.Null(app.Services.GetRequiredService<IOptions<PrivacyOptions>>().Value.RetentionPeriod);
            app.Time.Advance(TimeSpan.FromDays(3650));
            Assert.Null(await service.RunOnceAsync());
            Assert.Equal(0, service.Runs);
        }
    }
}
