using System.Net;
using MasteryPath.Data;
using MasteryPath.Data.LearnerModels;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;
using static MasteryPath.Web.Tests.ReportsAndSurveysFixture;

namespace MasteryPath.Web.Tests;

/// <summary>
/// The course's learner model fitted on the course's own answers: refused without enough data, stored as versions
/// with held-out scores, put in force by an admin, after which every enrollment snapshot is rebuilt under it and
/// learner pages read it; one version in force per course, enforced by the database; admins only.
/// </summary>
public abstract class LearnerModelTests(TestDatabase database)
{
    private const string Models = "/api/admin/courses/algebra-1/models";
    private const string AdminPage = "/admin/models/algebra-1";

    [SkippableFact]
    public async Task Fitting_without_enough_answers_is_refused_with_the_fitters_message_on_the_page_and_in_the_api()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var admin = await app.SignInAsync(Admin);

        using var posted = await admin.SubmitFormAsync(AdminPage, "/forms/admin/courses/algebra-1/models/fit");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var page = Html.Text(await admin.GetPageAsync(posted.Headers.Location!.OriginalString));
        Assert.Contains("Not enough answers to fit a model yet: 0 learners and 0 answers; at least 10 learners and 200 answers are needed.", page, StringComparison.Ordinal);

        using var api = await admin.PostJsonAsync($"{Models}/fit", null);
        await AssertProblemAsync(api, HttpStatusCode.Conflict);
        Assert.Contains("Not enough answers", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.BackgroundJobs.CountAsync()));
        Assert.Equal(0, await app.QueryAsync(db => db.LearnerModelVersions.CountAsync()));
    }

    [SkippableFact]
    public async Task A_fit_on_the_courses_answers_stores_a_version_not_in_force_with_held_out_scores_of_both_models()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var seeded = await SimulatedClass.SeedAsync(app, Algebra, learners: 12, seed: 7);
        using var admin = await app.SignInAsync(Admin);

        using var started = await admin.PostJsonAsync($"{Models}/fit", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var models = await WaitForAsync(admin, m => m.Fit is { Status: "Succeeded" or "Failed" });
        Assert.True(models.Fit!.Status == "Succeeded", models.Fit.Message);
        Assert.Equal(1, models.Fit.Progress);

        var version = Assert.Single(models.Versions);
        Assert.Equal(1, version.Version);
        Assert.False(version.Active);
        Assert.Equal(0, models.InForce);
        Assert.Equal(12, version.Learners);
        Assert.Equal(seeded.TrainingAnswers, version.Answers);
        Assert.Equal(2, version.HeldOutLearners);
        foreach (var score in new[] { version.Fitted, version.ColdStart })
        {
            Assert.InRange(score.Auc!.Value, 0, 1);
            Assert.True(score.LogLoss > 0 && double.IsFinite(score.LogLoss.Value), $"log loss {score.LogLoss}");
            Assert.InRange(score.Ece!.Value, 0, 1);
            Assert.Equal(10, score.Reliability.Count);
            Assert.Equal(score.Predictions, score.Reliability.Sum(b => b.Count));
            Assert.All(score.Reliability.Where(b => b.Count > 0), b => Assert.InRange(b.MeanPredicted!.Value, b.From, b.To));
        }

        Assert.Equal(version.Fitted.Predictions, version.ColdStart.Predictions);
        Assert.Equal("admin@example.com", await app.QueryAsync(db => db.Users.Where(u => u.Id == db.LearnerModelVersions.Single().CreatedBy).Select(u => u.Email).SingleAsync()));

        // The training data are the learners' unaided answers in log order, and the stored figures are exactly what the
        // product's fitter gives on them: the held-out scores of both models, and the parameters refitted on everyone.
        var stored = await app.QueryAsync(db => db.LearnerModelVersions.SingleAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var answers = await scope.ServiceProvider.GetRequiredService<LearnerModelFitting>().ReadAnswersAsync(Algebra);
        Assert.Equal(seeded.LearnerIds.Order(StringComparer.Ordinal), answers.Keys.Order(StringComparer.Ordinal));
        var direct = new LearnerModelFitter().Fit(answers);
        Assert.Equal(LearnerModelJson.Serialize(HeldOutScoreDto.From(direct.Fitted)), stored.FittedScoreJson);
        Assert.Equal(LearnerModelJson.Serialize(HeldOutScoreDto.From(direct.ColdStart)), stored.ColdStartScoreJson);
        Assert.Equal(LearnerModelJson.Serialize(direct.Model.Export()), stored.ParametersJson);
        Assert.Equal("fitted (lkt + BKT)", stored.Description);
        Assert.Equal(stored.ParametersJson, LearnerModelJson.Serialize(LearnerModelJson.Model(stored.ParametersJson).Export()));
        Assert.Contains("Fitted version 1 on", Html.Text(await admin.GetPageAsync(AdminPage)), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Putting_a_version_in_force_rebuilds_every_enrollment_snapshot_of_the_course_and_learner_pages_read_it()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var seeded = await SimulatedClass.SeedAsync(app, Algebra, learners: 12, seed: 11);
        using var ada = await app.SignInAsync(Ada);
        await ada.SkipPlacementAsync(Algebra);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        await ada.AnswerCorrectlyAsync(attempt.AttemptId);
        var coldMap = await ada.MapAsync(Algebra);

        using var admin = await app.SignInAsync(Admin);
        await admin.PostJsonAsync($"{Models}/fit", null);
        Assert.Equal("Succeeded", (await WaitForAsync(admin, m => m.Fit is { Status: "Succeeded" or "Failed" })).Fit!.Status);
        var model = LearnerModelJson.Model(await app.QueryAsync(db => db.LearnerModelVersions.Select(v => v.ParametersJson).SingleAsync()));

        using var activated = await admin.SubmitFormAsync(AdminPage, "/forms/admin/courses/algebra-1/models/active", ("version", "1"));
        Assert.Equal(HttpStatusCode.Redirect, activated.StatusCode);
        var done = await WaitForAsync(admin, m => m.Rebuild is { Status: "Succeeded" or "Failed" });
        Assert.True(done.Rebuild!.Status == "Succeeded", done.Rebuild.Message);
        Assert.Equal(1, done.InForce);
        Assert.Equal(1, done.Rebuild.Version);

        // Every enrollment of the course — the simulated class and the demo learners — holds the replay under version 1.
        var enrollments = await app.QueryAsync(db => db.Enrollments.AsNoTracking().Where(e => e.CourseId == Algebra).ToListAsync());
        Assert.Equal(seeded.LearnerIds.Count + 4, enrollments.Count);
        var changed = 0;
        foreach (var enrollment in enrollments)
        {
            var expected = SnapshotOf(app, await ReplayAsync(app, enrollment, model));
            Assert.Equal(expected, enrollment.StateJson);
            changed += expected == SnapshotOf(app, await ReplayAsync(app, enrollment, LearnerModel.ColdStart)) ? 0 : 1;
        }

        Assert.True(changed >= seeded.LearnerIds.Count, $"only {changed} snapshots differ between the cold start and version 1");

        // The learner's own page replays under version 1 too: her meter on every skill is the new model's.
        var fittedMap = await ada.MapAsync(Algebra);
        var replayed = (await ReplayAsync(app, await app.EnrollmentAsync(Ada, Algebra), model)).Statuses(app.Time.GetUtcNow());
        var cold = (await ReplayAsync(app, await app.EnrollmentAsync(Ada, Algebra), LearnerModel.ColdStart)).Statuses(app.Time.GetUtcNow());
        Assert.Equal(Probabilities(replayed), fittedMap.Skills.ToDictionary(s => s.Id, s => Math.Round(s.Probability, 4)));
        Assert.Equal(Probabilities(cold), coldMap.Skills.ToDictionary(s => s.Id, s => Math.Round(s.Probability, 4)));
        Assert.NotEqual(Probabilities(cold), Probabilities(replayed));

        var audit = await app.QueryAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == LearnerModelStore.ActionActivate));
        Assert.Equal(await app.UserIdAsync(Admin), audit.ActorId);
        Assert.Equal(Algebra, audit.CourseId);
        Assert.StartsWith("the cold start → version 1", audit.Details, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Only_one_version_is_in_force_per_course_and_the_database_refuses_a_second()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        await SimulatedClass.SeedAsync(app, Algebra, learners: 12, seed: 3);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var fitting = scope.ServiceProvider.GetRequiredService<LearnerModelFitting>();
            for (var i = 0; i < 2; i++)
            {
                Assert.Null((await fitting.FitAsync(Algebra, "cli")).Refusal);
            }

            // With the course's content the fit also tries FSRS weights; a dozen learners' reviews are too few, and it says so.
            var course = app.Services.GetRequiredService<CourseCatalog>().Get(Algebra);
            var withContent = await fitting.FitAsync(Algebra, "cli", content: new CourseContent(course.Graph, MasteryPolicy.From(course.Mastery)));
            Assert.NotNull(withContent.Retention);
            Assert.Null(withContent.Retention.Weights);
            Assert.StartsWith("FSRS defaults kept:", withContent.Retention.Summary, StringComparison.Ordinal);
            Assert.Null(withContent.Fit!.Model.Retention);
            Assert.Equal(withContent.Retention, LearnerModelJson.Retention(withContent.Version!.RetentionFitJson));
            await app.QueryAsync(db => db.LearnerModelVersions.Where(v => v.Version == 3).ExecuteDeleteAsync());
        }

        using var admin = await app.SignInAsync(Admin);
        foreach (var version in new[] { 1, 2, 0, 2 })
        {
            using var response = await admin.PostJsonAsync($"{Models}/active", new { version });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var active = await app.QueryAsync(db => db.LearnerModelVersions.Where(v => v.IsActive).Select(v => v.Version).ToListAsync());
            Assert.Equal(version == 0 ? [] : [version], active);
        }

        using var missing = await admin.PostJsonAsync($"{Models}/active", new { version = 9 });
        await AssertProblemAsync(missing, HttpStatusCode.NotFound);

        var second = await Record.ExceptionAsync(() => app.QueryAsync(db => db.LearnerModelVersions.Where(v => v.Version == 1).ExecuteUpdateAsync(s => s.SetProperty(v => v.IsActive, true))));
        Assert.NotNull(second);
        Assert.Equal([2], await app.QueryAsync(db => db.LearnerModelVersions.Where(v => v.IsActive).Select(v => v.Version).ToListAsync()));
    }

    [SkippableFact]
    public async Task Another_node_on_the_same_database_switches_within_its_refresh_interval()
    {
        await using var first = await MasteryPathAppFactory.StartAsync(database);
        await using var second = await MasteryPathAppFactory.StartAsync(database, connectionString: first.ConnectionString);
        await SimulatedClass.SeedAsync(first, Algebra, learners: 12, seed: 5);
        using var ada = await second.SignInAsync(Ada);
        await ada.SkipPlacementAsync(Algebra);
        var cold = await ada.SkillAsync(Algebra, RootSkill);

        using var admin = await first.SignInAsync(Admin);
        await admin.PostJsonAsync($"{Models}/fit", null);
        Assert.Equal("Succeeded", (await WaitForAsync(admin, m => m.Fit is { Status: "Succeeded" or "Failed" })).Fit!.Status);
        using var activated = await admin.PostJsonAsync($"{Models}/active", new { version = 1 });
        Assert.Equal(HttpStatusCode.Accepted, activated.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1));
        var model = LearnerModelJson.Model(await first.QueryAsync(db => db.LearnerModelVersions.Select(v => v.ParametersJson).SingleAsync()));
        var fitted = await ada.SkillAsync(Algebra, RootSkill);
        Assert.Equal(Math.Round(model.Knowledge.For(Domain.Skills.SkillId.Parse(RootSkill)).Initial, 4), Math.Round(fitted.Probability, 4));
        Assert.NotEqual(Math.Round(cold.Probability, 4), Math.Round(fitted.Probability, 4));
        Assert.Equal(1, (await second.Services.GetRequiredService<LearnerModelRegistry>().GetAsync(Algebra)).Version);
    }

    [SkippableFact]
    public async Task Only_admins_manage_models_and_teachers_read_the_model_card()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        using var ada = await app.SignInAsync(Ada);
        using var admin = await app.SignInAsync(Admin);

        await teacher.AssertAccessDeniedAsync(AdminPage);
        await teacher.AssertAccessDeniedAsync("/admin/models");
        await ada.AssertAccessDeniedAsync("/teach/models/algebra-1");
        using (var refused = await teacher.PostJsonAsync($"{Models}/active", new { version = 0 }))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        }

        await teacher.AssertStatusAsync(Models, HttpStatusCode.Forbidden);
        Assert.Contains("The cold start", Html.Text(await teacher.GetPageAsync("/teach/models/algebra-1")), StringComparison.Ordinal);
        Assert.Contains("Learner model: the cold start", Html.Text(await teacher.GetPageAsync($"/teach/classes/{DemoClass}")), StringComparison.Ordinal);
        Assert.Contains("Learner models", await admin.GetPageAsync("/admin/models"), StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.BackgroundJobs.CountAsync()));
    }

    private static Dictionary<string, double> Probabilities(IReadOnlyList<Domain.Mastery.SkillStatus> statuses) =>
        statuses.ToDictionary(s => s.Skill.Value, s => Math.Round(s.Probability, 4));

    private static string SnapshotOf(MasteryPathAppFactory app, Domain.Mastery.LearnerMastery mastery) =>
        LearnerState.Snapshot(mastery.Statuses(app.Time.GetUtcNow()), mastery);

    /// <summary>The enrollment's state, replayed from the log under <paramref name="model"/> and the learner's class bar.</summary>

    private static async Task<Domain.Mastery.LearnerMastery> ReplayAsync(MasteryPathAppFactory app, Enrollment enrollment, LearnerModel model)
    {
        var course = app.Services.GetRequiredService<CourseCatalog>().Get(enrollment.CourseId);
        var events = await app.QueryAsync(db => db.AnswerEvents.AsNoTracking().Where(e => e.UserId == enrollment.UserId && e.CourseId == enrollment.CourseId).OrderBy(e => e.Sequence).ToListAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var schoolClass = await scope.ServiceProvider.GetRequiredService<LearningService>().ClassOfAsync(enrollment.UserId, enrollment.CourseId);
        return LearnerState.Replay(course, model, events, ClassPolicy.For(schoolClass, course));
    }

    /// <summary>Polls the course's models (as the admin page does) until <paramref name="done"/> holds.</summary>
    private static async Task<CourseModelsDto> WaitForAsync(LearnerClient admin, Func<CourseModelsDto, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var models = await admin.GetJsonAsync<CourseModelsDto>(Models);
            if (done(models))
            {
                return models;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the background job did not finish: {models.Fit?.Stage} / {models.Rebuild?.Stage}");
            await Task.Delay(200);
        }
    }
}

public sealed class SqliteLearnerModelTests() : LearnerModelTests(TestDatabase.Sqlite);

public sealed class PostgresLearnerModelTests() : LearnerModelTests(TestDatabase.Postgres);
