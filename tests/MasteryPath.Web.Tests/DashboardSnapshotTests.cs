using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The class dashboard read from the learners' cached snapshots is exactly the dashboard a replay of every learner gives.</summary>
public abstract class DashboardSnapshotTests(TestDatabase database)
{
    private const string Teacher = "teacher@example.com";

    [SkippableFact]
    public async Task The_dashboard_from_snapshots_equals_the_replayed_dashboard_through_answers_checks_placement_resets_overrides_and_review_time()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacherClient = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacherClient.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        var course = app.Services.GetRequiredService<CourseCatalog>().Get(Algebra);
        var second = course.Graph.TopologicalOrder.First(s => course.Graph.PrerequisitesOf(s).Contains(course.Graph.TopologicalOrder[0])).Value;

        // Ada masters the first skill through a check, then struggles on the next.
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        await ada.MasterAsync(Algebra, RootSkill);
        for (var i = 0; i < 3; i++)
        {
            await ada.AnswerWronglyAsync((await ada.OpenAttemptAsync(Algebra, second)).AttemptId);
        }

        // Ben is stuck: four wrong in a row.
        using var ben = await app.SignInAsync("ben@example.com");
        await ben.SkipPlacementAsync(Algebra);
        await ben.AnswerCorrectlyAsync((await ben.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        for (var i = 0; i < 4; i++)
        {
            await ben.AnswerWronglyAsync((await ben.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        // Cleo takes the placement answering everything right; Dev masters a skill, is overridden on another and has one reset.
        using var cleo = await app.SignInAsync("cleo@example.com");
        await PlaceAllRightAsync(app, cleo);
        using var dev = await app.SignInAsync("dev@example.com");
        await dev.SkipPlacementAsync(Algebra);
        await dev.MasterAsync(Algebra, RootSkill);
        await dev.AnswerCorrectlyAsync((await dev.OpenAttemptAsync(Algebra, second)).AttemptId);
        var devId = await app.UserIdAsync("dev@example.com");
        using (var overridden = await teacherClient.PostJsonAsync($"/api/teach/classes/{period1.Id}/learners/{devId}/override", new OverrideRequest(Algebra, second, true, "Showed it on paper")))
        {
            Assert.Equal(HttpStatusCode.NoContent, overridden.StatusCode);
        }

        var reset = await teacherClient.SubmitFormAsync($"/teach/classes/{period1.Id}/learners/{devId}?course={Algebra}&skill={RootSkill}", $"/forms/teach/classes/{period1.Id}/learners/{devId}/reset-skill", ("skill", RootSkill), ("course", Algebra));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        var early = await AssertSameAsync(app, period1.Id);
        Assert.Equal(0, early.Replayed);
        Assert.Contains(early.NeedsHelp, a => a.Learner.Email == "ben@example.com");
        Assert.Contains(early.Learners, r => r.Skills.Values.Any(s => s.State == SkillState.Placed));
        Assert.Equal(SkillState.Mastered, early.Learners.Single(r => r.Email == "ada@example.com").Skills[course.Graph.TopologicalOrder[0]].State);

        // A month later nothing was written, yet mastered skills are due: the snapshot's review time says so.
        app.Time.Advance(TimeSpan.FromDays(35));
        var later = await AssertSameAsync(app, period1.Id);
        Assert.Equal(0, later.Replayed);
        Assert.Equal(SkillState.NeedsReview, later.Learners.Single(r => r.Email == "ada@example.com").Skills[course.Graph.TopologicalOrder[0]].State);

        // Cleo's placement is reset by the teacher, and Ada answers again after the month.
        var cleoId = await app.UserIdAsync("cleo@example.com");
        using var teacherLater = await app.SignInAsync(Teacher);
        using (var undone = await teacherLater.PostJsonAsync($"/api/teach/classes/{period1.Id}/learners/{cleoId}/reset-placement?course={Algebra}", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, undone.StatusCode);
        }

        using var adaLater = await app.SignInAsync("ada@example.com");
        await adaLater.AnswerCorrectlyAsync((await adaLater.OpenAttemptAsync(Algebra, second)).AttemptId);
        app.Time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, (await AssertSameAsync(app, period1.Id)).Replayed);

        // A new bar for the class makes every snapshot stale: each learner is replayed under it.
        await app.QueryAsync(async db =>
        {
            var schoolClass = await db.Classes.SingleAsync(c => c.Id == period1.Id);
            schoolClass.MasteryProbability = 0.9;
            schoolClass.StuckAfterWrongInARow = 3;
            return await db.SaveChangesAsync();
        });
        var stale = await AssertSameAsync(app, period1.Id);
        Assert.Equal(stale.Learners.Count, stale.Replayed);
    }

    [SkippableFact]
    public async Task Snapshots_written_before_the_figures_were_kept_are_replayed()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacherClient = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacherClient.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        using var ben = await app.SignInAsync("ben@example.com");
        await ben.SkipPlacementAsync(Algebra);
        for (var i = 0; i < 4; i++)
        {
            await ben.AnswerWronglyAsync((await ben.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        // Learners who never opened the course have no snapshot and are replayed (from no events) anyway.
        var before = (await AssertSameAsync(app, period1.Id)).Replayed;

        // The format of the first snapshots: state, P, evidence and mastered-at only.
        var benId = await app.UserIdAsync("ben@example.com");
        await app.QueryAsync(async db =>
        {
            var enrollment = await db.Enrollments.SingleAsync(e => e.CourseId == Algebra && e.UserId == benId);
            enrollment.StateJson = """{"place-value":{"State":"NeedsHelp","Probability":0.1,"Evidence":4,"MasteredAt":null}}""";
            return await db.SaveChangesAsync();
        });

        var dashboard = await AssertSameAsync(app, period1.Id);
        Assert.Equal(before + 1, dashboard.Replayed);
        Assert.Contains(dashboard.NeedsHelp, a => a.Learner.Email == "ben@example.com" && a.Reason == "4 wrong answers in a row.");
    }

    private static async Task PlaceAllRightAsync(MasteryPathAppFactory app, LearnerClient learner)
    {
        using (var start = await learner.PostJsonAsync($"/api/courses/{Algebra}/placement", null))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        for (var n = 0; n < 100; n++)
        {
            using var next = await learner.PostJsonAsync($"/api/courses/{Algebra}/placement/next", null);
            if (next.StatusCode == HttpStatusCode.NoContent)
            {
                return;
            }

            var attempt = await next.Content.ReadFromJsonAsync<AttemptView>();
            await learner.AnswerCorrectlyAsync(attempt!.AttemptId);
        }

        Assert.Fail("the placement did not end");
    }

    [SkippableFact]
    public async Task A_class_large_enough_to_be_read_in_parallel_batches_equals_its_replay_with_the_stale_learners_replayed()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacherClient = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacherClient.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        var seeded = await SimulatedClass.SeedAsync(app, Algebra, learners: 230, seed: 41);
        await app.QueryAsync(async db =>
        {
            db.ClassMemberships.AddRange(seeded.LearnerIds.Select(id => new Data.ClassMembership { ClassId = period1.Id, LearnerId = id, JoinedAt = DateTimeOffset.UnixEpoch }));
            return await db.SaveChangesAsync();
        });

        // Every learner but each ninth gets the snapshot an answer would have written; those nine stay to be replayed.
        var written = 0;
        foreach (var id in seeded.LearnerIds.Where((_, i) => i % 9 != 4))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var state = await scope.ServiceProvider.GetRequiredService<LearningService>().LoadAsync(id, Algebra);
            state.WriteSnapshot(state.Statuses);
            written += await scope.ServiceProvider.GetRequiredService<Data.MasteryPathDb>().SaveChangesAsync();
        }

        Assert.True(written >= 200, $"{written} snapshots written");
        var dashboard = await AssertSameAsync(app, period1.Id);
        Assert.True(dashboard.Learners.Count >= 230, $"{dashboard.Learners.Count} learners");
        Assert.Equal(dashboard.Learners.Count - written, dashboard.Replayed);
        Assert.True(dashboard.Learners.Count(r => r.Skills.Values.Any(s => s.Evidence > 0)) >= 200, "most learners have answered");
        Assert.Contains(dashboard.Learners, r => r.Skills.Values.Any(s => s.State == SkillState.InProgress));
    }

    /// <summary>Builds the dashboard both ways and asserts they are equal in every figure the page and the API show.</summary>
    private static async Task<ClassDashboard> AssertSameAsync(MasteryPathAppFactory app, long classId)
    {
        var teacherId = await app.UserIdAsync(Teacher);
        var teacher = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, teacherId), new Claim(ClaimTypes.Role, Roles.Teacher)], "test"));
        await using var scope = app.Services.CreateAsyncScope();
        var teaching = scope.ServiceProvider.GetRequiredService<TeachingService>();
        var fromSnapshots = await teaching.DashboardAsync(teacher, classId, Algebra);
        var replayed = await teaching.ReplayedDashboardAsync(teacher, classId, Algebra);
        Assert.Equal(replayed.Learners.Count, replayed.Replayed);
        Assert.NotEmpty(Describe(replayed));
        Assert.Equal(Describe(replayed), Describe(fromSnapshots));
        return fromSnapshots;
    }

    private static List<string> Describe(ClassDashboard d)
    {
        var lines = new List<string>();
        foreach (var row in d.Learners)
        {
            lines.Add($"learner {row.LearnerId} {row.Name} {row.Email} {row.Placement} mastered {row.Mastered} active {row.LastActivity?.ToString("O", CultureInfo.InvariantCulture)}");
            lines.AddRange(d.Course.Graph.TopologicalOrder.Select(s => $"  {row.Name}: {row.Skills[s]}"));
        }

        lines.AddRange(d.NeedsHelp.Select(a => $"help {a.Learner.LearnerId} {a.Status.Skill} {a.Reason}"));
        lines.AddRange(d.ReadyToMoveOn.Select(r => $"ready {r.Learner.LearnerId} {r.Status.Skill}"));
        lines.AddRange(d.Reteach.Select(g => $"reteach {g.Skill} stuck {string.Join(',', g.Stuck.Select(l => l.LearnerId))} tutors {string.Join(',', g.Tutors.Select(l => l.LearnerId))} proposed {g.ProposedTutor?.LearnerId} shared {g.Misconception?.Feedback} {string.Join(',', g.Misconception?.LearnerIds ?? [])}"));
        return lines;
    }
}

public sealed class SqliteDashboardSnapshotTests() : DashboardSnapshotTests(TestDatabase.Sqlite);

public sealed class PostgresDashboardSnapshotTests() : DashboardSnapshotTests(TestDatabase.Postgres);
