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
