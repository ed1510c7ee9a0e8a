using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Data.LearnerModels;

/// <summary>
/// The queue of <see cref="BackgroundJob"/>s in the database. Any process may queue a job (the web app, the CLI); a
/// worker claims one with a conditional update, so two workers on two nodes never run the same job, and a job whose
/// worker stopped writing its heartbeat is claimed again.
/// </summary>
public sealed class BackgroundJobQueue(MasteryPathDb db, TimeProvider time)
{
    /// <summary>A running job whose heartbeat is older than this lost its worker.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Adds a job to the context (saved with the caller's next SaveChanges), or returns the course's job of that kind
    /// that is still waiting — or, for a fit, still running: a second one would only repeat it.
    /// </summary>
    public async Task<BackgroundJob> AddAsync(BackgroundJobKind kind, string courseId, string requestedBy, int? version = null, CancellationToken cancellationToken = default)
    {
        var pending = await db.BackgroundJobs
            .Where(j => j.CourseId == courseId && j.Kind == kind && (j.Status == BackgroundJobStatus.Queued || (kind == BackgroundJobKind.FitLearnerModel && j.Status == BackgroundJobStatus.Running)))
            .OrderByDescending(j => j.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (pending is not null)
        {
            if (kind == BackgroundJobKind.RebuildLearnerState)
            {
                pending.Version = version;
            }

            return pending;
        }

        var job = new BackgroundJob
        {
            Kind = kind,
            CourseId = courseId,
            Status = BackgroundJobStatus.Queued,
            RequestedBy = requestedBy,
            CreatedAt = time.GetUtcNow(),
            Version = version,
            Stage = "Waiting for the background worker",
        };
        db.BackgroundJobs.Add(job);
        return job;
    }

    /// <summary>Queues a job and saves it.</summary>
    public async Task<BackgroundJob> EnqueueAsync(BackgroundJobKind kind, string courseId, string requestedBy, int? version = null, CancellationToken cancellationToken = default)
    {
        var job = await AddAsync(kind, courseId, requestedBy, version, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }

    public Task<BackgroundJob?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        db.BackgroundJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);

    /// <summary>The course's most recent job of each kind.</summary>
    public async Task<IReadOnlyList<BackgroundJob>> LatestAsync(string courseId, CancellationToken cancellationToken = default)
    {
        var latest = new List<BackgroundJob>();
        foreach (var kind in Enum.GetValues<BackgroundJobKind>())
        {
            var job = await db.BackgroundJobs.AsNoTracking().Where(j => j.CourseId == courseId && j.Kind == kind).OrderByDescending(j => j.Id).FirstOrDefaultAsync(cancellationToken);
            if (job is not null)
            {
                latest.Add(job);
            }
        }

        return latest;
    }

    /// <summary>Claims the oldest waiting (or abandoned) job for this worker, or returns null when there is none.</summary>
    public async Task<BackgroundJob?> ClaimNextAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var abandoned = now - AbandonedAfter;
        var candidates = await db.BackgroundJobs.AsNoTracking()
            .Where(j => j.Status == BackgroundJobStatus.Queued || (j.Status == BackgroundJobStatus.Running && j.HeartbeatAt < abandoned))
            .OrderBy(j => j.Id)
            .Select(j => j.Id)
            .Take(5)
            .ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var claimed = await db.BackgroundJobs
                .Where(j => j.Id == id && (j.Status == BackgroundJobStatus.Queued || (j.Status == BackgroundJobStatus.Running && j.HeartbeatAt < abandoned)))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(j => j.Status, BackgroundJobStatus.Running)
                        .SetProperty(j => j.StartedAt, now)
                        .SetProperty(j => j.HeartbeatAt, now)
                        .SetProperty(j => j.Progress, 0)
                        .SetProperty(j => j.Stage, "Starting"),
                    cancellationToken);
            if (claimed == 1)
            {
                return await FindAsync(id, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>Records how far a running job is, which is also its heartbeat.</summary>
    public Task ReportAsync(long id, double progress, string stage, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var clamped = Math.Clamp(progress, 0, 1);
        return db.BackgroundJobs
            .Where(j => j.Id == id && j.Status == BackgroundJobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, clamped).SetProperty(j => j.Stage, stage).SetProperty(j => j.HeartbeatAt, now), cancellationToken);
    }

    public Task FinishAsync(long id, bool succeeded, string message, int? version, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var text = message.Length > 2000 ? message[..2000] : message;

        // A failed job keeps the progress it had made, so that the page shows where it stopped.
        return db.BackgroundJobs.Where(j => j.Id == id).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, succeeded ? BackgroundJobStatus.Succeeded : BackgroundJobStatus.Failed)
                    .SetProperty(j => j.Progress, j => succeeded ? 1 : j.Progress)
                    .SetProperty(j => j.Stage, succeeded ? "Done" : "Failed")
                    .SetProperty(j => j.Message, text)
                    .SetProperty(j => j.Version, version)
                    .SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.HeartbeatAt, now),
                cancellationToken);
    }
}
