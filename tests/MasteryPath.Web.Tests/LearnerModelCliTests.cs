using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Data.LearnerModels;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>
/// `masterypath kt fit --course` and `kt models` on a real database (a SQLite file, or PostgreSQL), configured by the
/// same options and environment variables as `migrate`; a version it puts in force is rebuilt by the running web app.
/// </summary>
public abstract class LearnerModelCliTests(TestDatabase database)
{
    [SkippableFact]
    public async Task Kt_fit_course_stores_a_version_puts_it_in_force_and_the_web_app_rebuilds_the_learner_state()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var seeded = await SimulatedClass.SeedAsync(app, Algebra, learners: 12, seed: 21);
        var provider = database == TestDatabase.Postgres ? "postgres" : "sqlite";

        var refused = await CliProcess.RunAsync(null, "kt", "fit", "--course", "argument-writing", "--provider", provider, "--connection", app.ConnectionString);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: Not enough answers to fit a model yet: 0 learners and 0 answers", refused.Stderr, StringComparison.Ordinal);

        // The connection from the environment, as `migrate` reads it.
        var environment = new Dictionary<string, string> { ["MASTERYPATH_DB_PROVIDER"] = provider, ["ConnectionStrings__MasteryPath"] = app.ConnectionString };
        var fit = await CliProcess.RunAsync(environment, "kt", "fit", "--course", Algebra, "--activate", "--json");
        Assert.True(fit.ExitCode == 0, fit.Stdout + fit.Stderr);
        using var json = JsonDocument.Parse(fit.Stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.True(root.GetProperty("active").GetBoolean());
        Assert.Equal(12, root.GetProperty("learners").GetInt32());
        Assert.Equal(seeded.TrainingAnswers, root.GetProperty("answers").GetInt32());
        foreach (var model in new[] { "fitted", "cold_start" })
        {
            Assert.InRange(root.GetProperty(model).GetProperty("auc").GetDouble(), 0, 1);
            Assert.True(root.GetProperty(model).GetProperty("logloss").GetDouble() > 0);
        }

        var stored = await app.QueryAsync(db => db.LearnerModelVersions.AsNoTracking().SingleAsync());
        Assert.True(stored.IsActive);
        Assert.Equal("cli", stored.CreatedBy);
        Assert.Equal("cli", stored.ActivatedBy);
        Assert.Equal(root.GetProperty("fitted").GetProperty("auc").GetDouble(), LearnerModelJson.Score(stored.FittedScoreJson).Auc!.Value, 6);
        Assert.Equal("cli", await app.QueryAsync(db => db.AuditLog.Where(a => a.Action == LearnerModelStore.ActionActivate).Select(a => a.ActorId).SingleAsync()));

        // The web app's worker takes up the rebuild the CLI queued.
        var jobId = root.GetProperty("rebuild_job").GetInt64();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        BackgroundJob job;
        while ((job = await app.QueryAsync(db => db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == jobId))).Status is BackgroundJobStatus.Queued or BackgroundJobStatus.Running)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the rebuild did not finish: {job.Stage}");
            await Task.Delay(200);
        }

        Assert.True(job.Status == BackgroundJobStatus.Succeeded, job.Message);
        var enrollment = await app.QueryAsync(db => db.Enrollments.AsNoTracking().SingleAsync(e => e.UserId == seeded.LearnerIds[0] && e.CourseId == Algebra));
        var events = await app.QueryAsync(db => db.AnswerEvents.AsNoTracking().Where(e => e.UserId == enrollment.UserId && e.CourseId == Algebra).OrderBy(e => e.Sequence).ToListAsync());
        var course = app.Services.GetRequiredService<CourseCatalog>().Get(Algebra);
        var replayed = LearnerState.Replay(course, LearnerModelJson.Model(stored.ParametersJson), events, ClassPolicy.For(null, course));
        Assert.Equal(LearnerState.Snapshot(replayed.Statuses(app.Time.GetUtcNow()), replayed), enrollment.StateJson);

        var list = await CliProcess.RunAsync(environment, "kt", "models", "--course", Algebra);
        Assert.True(list.ExitCode == 0, list.Stdout + list.Stderr);
        Assert.Contains("version 1 in force", list.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"│ 1 +│ .*│ cli +│ 12 +│.*│ in force", list.Stdout);
    }
}

public sealed class SqliteLearnerModelCliTests() : LearnerModelCliTests(TestDatabase.Sqlite);

public sealed class PostgresLearnerModelCliTests() : LearnerModelCliTests(TestDatabase.Postgres);
