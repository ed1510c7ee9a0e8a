using System.Net.Http.Json;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>
/// An answer applies itself to the learner's saved engine state instead of replaying the log; the log stays the truth:
/// a changed policy or a damaged saved state falls back to a replay, and the next write saves afresh.
/// </summary>
public abstract class LearnerSnapshotTests(TestDatabase database)
{
    private static async Task<LearnerState> LoadAsync(MasteryPathAppFactory app, string email, bool withHistory = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LearningService>().LoadAsync(await app.UserIdAsync(email), Algebra, withHistory: withHistory);
    }

    private static async Task AnswerAsync(LearnerClient learner, int right, int wrong)
    {
        for (var i = 0; i < right + wrong; i++)
        {
            var attempt = await learner.OpenAttemptAsync(Algebra, RootSkill);
            _ = i < right ? await learner.AnswerCorrectlyAsync(attempt.AttemptId) : await learner.AnswerWronglyAsync(attempt.AttemptId);
        }
    }

    [SkippableFact]
    public async Task Loading_after_answers_restores_the_saved_state_and_equals_a_replay_of_the_log()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        await AnswerAsync(ada, right: 3, wrong: 2);
        await Consistency.AssertLogMatchesSnapshotAsync(app, "ada@example.com", Algebra);

        var restored = await LoadAsync(app, "ada@example.com");
        var replayed = await LoadAsync(app, "ada@example.com", withHistory: true);
        Assert.True(restored.Restored);
        Assert.False(replayed.Restored);
        Assert.Throws<InvalidOperationException>(() => restored.Events);
        Assert.Equal(5, replayed.Events.Count);
        Assert.Equal(replayed.Mastery.SaveState(), restored.Mastery.SaveState());
        Assert.Equal(replayed.Statuses, restored.Statuses);
    }

    [SkippableFact]
    public async Task A_changed_class_bar_saves_the_state_under_the_new_key_and_a_stale_key_is_replayed_then_healed()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync("teacher@example.com");
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        await AnswerAsync(ada, right: 4, wrong: 1);
        var keyBefore = (await app.EnrollmentAsync("ada@example.com", Algebra)).SnapshotKey;

        var settings = await teacher.GetJsonAsync<ClassSettingsDto>($"/api/teach/classes/{period1.Id}/settings");
        using (var saved = await teacher.Http.PutAsJsonAsync($"/api/teach/classes/{period1.Id}/settings", new ClassSettingsRequest(settings.Name, settings.Courses, 0.8, settings.CheckPassRatio, settings.Bands, settings.StuckAfterWrongInARow, settings.ReteachMinLearners)))
        {
            saved.EnsureSuccessStatusCode();
        }

        // Saving the settings rewrote the learner's state under the new bar.
        var underNewBar = await LoadAsync(app, "ada@example.com");
        Assert.Equal(0.8, underNewBar.Policy.Probability);
        Assert.NotEqual(keyBefore, underNewBar.SnapshotKey);
        Assert.Equal(underNewBar.SnapshotKey, (await app.EnrollmentAsync("ada@example.com", Algebra)).SnapshotKey);
        Assert.True(underNewBar.Restored);
        await Consistency.AssertLogMatchesSnapshotAsync(app, "ada@example.com", Algebra);

        // A state saved under another key (another model version, policy or engine format) is never restored.
        var userId = await app.UserIdAsync("ada@example.com");
        await app.QueryAsync(db => db.Enrollments.Where(e => e.UserId == userId && e.CourseId == Algebra)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.SnapshotKey, "e0.m0.pstale")));
        var stale = await LoadAsync(app, "ada@example.com");
        Assert.False(stale.Restored);
        Assert.Equal(5, stale.Mastery.EventCount);

        await AnswerAsync(ada, right: 1, wrong: 0);
        Assert.Equal(underNewBar.SnapshotKey, (await app.EnrollmentAsync("ada@example.com", Algebra)).SnapshotKey);
        Assert.True((await LoadAsync(app, "ada@example.com")).Restored);
        await Consistency.AssertLogMatchesSnapshotAsync(app, "ada@example.com", Algebra);
    }

    [SkippableFact]
    public async Task A_damaged_saved_state_is_replayed_from_the_log_and_healed_by_the_next_answer()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        await AnswerAsync(ada, right: 2, wrong: 2);
        var userId = await app.UserIdAsync("ada@example.com");
        await app.QueryAsync(db => db.Enrollments.Where(e => e.UserId == userId && e.CourseId == Algebra)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.EngineState, new byte[] { 1, 0, 0, 0, 7 })));

        var state = await LoadAsync(app, "ada@example.com");
        Assert.False(state.Restored);
        Assert.Equal(4, state.Mastery.EventCount);

        await AnswerAsync(ada, right: 1, wrong: 0);
        Assert.True((await LoadAsync(app, "ada@example.com")).Restored);
        await Consistency.AssertLogMatchesSnapshotAsync(app, "ada@example.com", Algebra);
    }

    [SkippableFact]
    public async Task An_event_logged_after_the_saved_state_is_applied_on_load()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        await AnswerAsync(ada, right: 2, wrong: 1);
        var userId = await app.UserIdAsync("ada@example.com");
        var savedUpTo = (await app.EnrollmentAsync("ada@example.com", Algebra)).EngineSequence;

        // An event the saved state does not include (as if written by an older version): the load must read the log after it.
        await app.QueryAsync(db =>
        {
            db.AnswerEvents.Add(new Data.AnswerEventRecord { EventId = "late-event", UserId = userId, CourseId = Algebra, SkillId = RootSkill, Correct = true, Kind = Domain.Mastery.EvidenceKind.Practice, At = app.Time.GetUtcNow() });
            return db.SaveChangesAsync();
        });

        var restored = await LoadAsync(app, "ada@example.com");
        var replayed = await LoadAsync(app, "ada@example.com", withHistory: true);
        Assert.True(restored.Restored);
        Assert.Equal(savedUpTo, restored.Enrollment.EngineSequence);
        Assert.Equal(4, restored.Mastery.EventCount);
        Assert.Equal(replayed.Mastery.SaveState(), restored.Mastery.SaveState());
    }

    [SkippableFact]
    public async Task A_state_saved_before_event_ids_were_kept_is_caught_up_by_its_sequence_number_and_then_keeps_the_id()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        await AnswerAsync(ada, right: 2, wrong: 1);
        var userId = await app.UserIdAsync("ada@example.com");
        var events = await app.EventsAsync("ada@example.com", Algebra);
        Assert.Equal(events.MaxBy(e => e.Sequence)!.EventId, (await app.EnrollmentAsync("ada@example.com", Algebra)).EngineEventId);

        // As an older version saved it: the last included event by its sequence number only; then one more event.
        var upTo = events.Max(e => e.Sequence);
        await app.QueryAsync(db => db.Enrollments.Where(e => e.UserId == userId && e.CourseId == Algebra)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.EngineEventId, (string?)null).SetProperty(e => e.EngineSequence, upTo)));
        await app.QueryAsync(db =>
        {
            db.AnswerEvents.Add(new Data.AnswerEventRecord { EventId = "late-event", UserId = userId, CourseId = Algebra, SkillId = RootSkill, Correct = false, Kind = Domain.Mastery.EvidenceKind.Practice, At = app.Time.GetUtcNow() });
            return db.SaveChangesAsync();
        });

        var restored = await LoadAsync(app, "ada@example.com");
        var replayed = await LoadAsync(app, "ada@example.com", withHistory: true);
        Assert.True(restored.Restored);
        Assert.Equal(4, restored.Mastery.EventCount);
        Assert.Equal(replayed.Mastery.SaveState(), restored.Mastery.SaveState());

        await AnswerAsync(ada, right: 1, wrong: 0);
        await Consistency.AssertLogMatchesSnapshotAsync(app, "ada@example.com", Algebra);
    }

    [SkippableFact]
    public async Task A_saved_state_whose_last_event_is_no_longer_in_the_log_is_replayed()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        await AnswerAsync(ada, right: 2, wrong: 1);
        var userId = await app.UserIdAsync("ada@example.com");
        await app.QueryAsync(db => db.Enrollments.Where(e => e.UserId == userId && e.CourseId == Algebra)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.EngineEventId, "an-event-that-is-not-there")));

        var state = await LoadAsync(app, "ada@example.com");
        Assert.False(state.Restored);
        Assert.Equal(3, state.Mastery.EventCount);

        await AnswerAsync(ada, right: 1, wrong: 0);
        Assert.True((await LoadAsync(app, "ada@example.com")).Restored);
        await Consistency.AssertLogMatchesSnapshotAsync(app, "ada@example.com", Algebra);
    }

    [SkippableFact]
    public async Task The_class_most_recently_joined_sets_the_bar_the_learner_is_held_to()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync("teacher@example.com");
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        using var created = await teacher.PostJsonAsync("/api/teach/classes", new { name = "Strict", courses = new[] { Algebra }, masteryProbability = 0.97 });
        var strict = (await created.Content.ReadFromJsonAsync<ClassDto>())!;
        var userId = await app.UserIdAsync("ada@example.com");
        var joined = app.Time.GetUtcNow();
        await app.QueryAsync(db => db.Classes.Where(c => c.Id == period1.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.MasteryProbability, 0.8)));
        await app.QueryAsync(db =>
        {
            db.ClassMemberships.Add(new Data.ClassMembership { ClassId = strict.Id, LearnerId = userId, JoinedAt = joined.AddDays(1) });
            return db.SaveChangesAsync();
        });

        foreach (var (newest, probability) in new[] { (strict.Id, 0.97), (period1.Id, 0.8) })
        {
            await app.QueryAsync(db => db.ClassMemberships.Where(m => m.LearnerId == userId && (m.ClassId == strict.Id || m.ClassId == period1.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.JoinedAt, m => m.ClassId == newest ? joined.AddDays(2) : joined)));
            await using var scope = app.Services.CreateAsyncScope();
            var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
            Assert.Equal(newest, (await learning.ClassOfAsync(userId, Algebra))?.Id);
            Assert.Equal(probability, (await LoadAsync(app, "ada@example.com")).Policy.Probability, 6);
        }
    }

    [SkippableFact]
    public async Task A_teachers_decision_applied_twice_counts_once_after_a_restore()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        await AnswerAsync(ada, right: 2, wrong: 0);
        var userId = await app.UserIdAsync("ada@example.com");
        var skills = new[] { Domain.Skills.SkillId.Parse(RootSkill) };

        for (var time = 0; time < 2; time++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LearningService>()
                .AppendDecisionsAsync(userId, Algebra, skills, Domain.Mastery.EvidenceKind.Assessed, correct: true, "task-42", alsoInTransaction: null);
        }

        var events = await app.EventsAsync("ada@example.com", Algebra);
        Assert.Single(events, e => e.EventId == $"task-42:{RootSkill}");
        Assert.Equal(3, (await app.EnrollmentAsync("ada@example.com", Algebra)).EventCount);
        await Consistency.AssertLogMatchesSnapshotAsync(app, "ada@example.com", Algebra);
    }
}

public sealed class SqliteLearnerSnapshotTests() : LearnerSnapshotTests(TestDatabase.Sqlite);

public sealed class PostgresLearnerSnapshotTests() : LearnerSnapshotTests(TestDatabase.Postgres);
