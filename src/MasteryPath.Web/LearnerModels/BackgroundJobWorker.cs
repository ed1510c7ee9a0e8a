using MasteryPath.Data;
using MasteryPath.Data.LearnerModels;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.LearnerModels;

/// <summary>
/// Runs the queued <see cref="BackgroundJob"/>s of any node (or of the CLI) one at a time: learner-model fits and the
/// rebuilds of enrollment snapshots after a model is switched. It looks for work every
/// <see cref="MasteryPathOptions.JobPollSeconds"/> and at once when this node queues a job (<see cref="Wake"/>).
/// </summary>
public sealed class BackgroundJobWorker(IServiceScopeFactory scopes, LearnerModelRegistry models, CourseCatalog catalog, IOptions<MasteryPathOptions> options, ILogger<BackgroundJobWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Tells the worker that a job is waiting.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.JobPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunNextAsync(stoppingToken))
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unreachable; the next poll tries again.
                logger.LogError(ex, "The background worker could not look for jobs");
            }

            try
            {
                await _wake.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private async Task<bool> RunNextAsync(CancellationToken stoppingToken)
    {
        BackgroundJob? job;
        await using (var scope = scopes.CreateAsyncScope())
        {
            job = await scope.ServiceProvider.GetRequiredService<BackgroundJobQueue>().ClaimNextAsync(stoppingToken);
        }

        if (job is null)
        {
            return false;
        }

        var (succeeded, message, version) = (false, string.Empty, (int?)null);
        var progress = new JobProgress(scopes, job.Id, logger);
        progress.Start();
        try
        {
            (message, version) = job.Kind switch
            {
                BackgroundJobKind.FitLearnerModel => await FitAsync(job, progress, stoppingToken),
                BackgroundJobKind.RebuildLearnerState => await RebuildAsync(job, progress, stoppingToken),
                _ => throw new InvalidOperationException($"Unknown job kind {job.Kind}."),
            };
            succeeded = true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The node is stopping: the job stays running with an old heartbeat, and a worker takes it up again.
            await progress.DisposeAsync();
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Background job {Job} ({Kind} of {Course}) failed", job.Id, job.Kind, job.CourseId);
            message = ex is LearnerModelException ? ex.Message : $"The job failed: {ex.Message}";
        }

        await progress.DisposeAsync();
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BackgroundJobQueue>().FinishAsync(job.Id, succeeded, message, version, CancellationToken.None);
        }

        return true;
    }

    private async Task<(string Message, int? Version)> FitAsync(BackgroundJob job, JobProgress progress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var fitting = scope.ServiceProvider.GetRequiredService<LearnerModelFitting>();
        progress.Stage("Reading the course's answers and fitting", 0);
        var content = catalog.Find(job.CourseId) is { } course ? new CourseContent(course.Graph, MasteryPolicy.From(course.Mastery)) : null;
        var outcome = await fitting.FitAsync(job.CourseId, job.RequestedBy, progress, cancellationToken, content);
        if (outcome.Refusal is not null)
        {
            throw new LearnerModelException(outcome.Refusal);
        }

        var version = outcome.Version!;
        var fitted = LearnerModelJson.Score(version.FittedScoreJson);
        var cold = LearnerModelJson.Score(version.ColdStartScoreJson);
        return ($"Fitted version {version.Version} on {version.Answers} answers of {version.Learners} learners: held-out AUC {Figure(fitted.Auc)} (cold start {Figure(cold.Auc)}). {(outcome.Retention is { } r ? $"{r.Summary.TrimEnd('.')}. " : string.Empty)}It is not in force until you use it.", version.Version);
    }

    /// <summary>
    /// Rebuilds every enrollment snapshot of the course under the model in force, after waiting until every node has
    /// switched (so that no node writes a snapshot under the old model afterwards). Each snapshot is written with the
    /// enrollment's concurrency token: an answer arriving meanwhile wins, and that enrollment is replayed again.
    /// </summary>
    private async Task<(string Message, int? Version)> RebuildAsync(BackgroundJob job, JobProgress progress, CancellationToken cancellationToken)
    {
        progress.Stage("Waiting until every web node uses the new model", 0);
        await Task.Delay(models.RefreshInterval + TimeSpan.FromMilliseconds(100), cancellationToken);
        var inForce = await models.RefreshAsync(job.CourseId, cancellationToken);
        if (catalog.Find(job.CourseId) is null)
        {
            return ($"The course '{job.CourseId}' is not loaded on this server; nothing was rebuilt.", inForce.Version);
        }

        List<(string UserId, long Id)> enrollments;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
            enrollments = (await db.Enrollments.AsNoTracking().Where(e => e.CourseId == job.CourseId).OrderBy(e => e.Id).Select(e => new { e.UserId, e.Id }).ToListAsync(cancellationToken))
                .Select(e => (e.UserId, e.Id)).ToList();
        }

        var changed = 0;
        for (var i = 0; i < enrollments.Count; i++)
        {
            progress.Stage($"Rebuilding learner state: {i + 1} of {enrollments.Count} enrollments", (double)i / enrollments.Count);
            changed += await RebuildOneAsync(enrollments[i].UserId, job.CourseId, cancellationToken) ? 1 : 0;
        }

        return ($"Rebuilt the learner state of {enrollments.Count} enrollments under {inForce.Name} ({changed} changed).", inForce.Version);
    }

    private async Task<bool> RebuildOneAsync(string userId, string courseId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
        for (var attempt = 1; ; attempt++)
        {
            var state = await learning.LoadAsync(userId, courseId, cancellationToken);
            var statuses = state.Statuses;
            var snapshot = LearnerState.Snapshot(statuses, state.Mastery);
            if (snapshot == state.Enrollment.StateJson && state.Enrollment.EventCount == state.Mastery.EventCount && state.Enrollment.SnapshotKey == state.SnapshotKey)
            {
                return false;
            }

            state.WriteSnapshot(statuses);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 8)
            {
                // An answer was stored meanwhile (with its own snapshot): replay again from the log.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static string Figure(double? value) => value is { } v ? v.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
