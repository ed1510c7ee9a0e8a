using MasteryPath.Domain.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Data.LearnerModels;

/// <summary>A request about learner models that cannot be done, with a message for the admin.</summary>
public sealed class LearnerModelException(string message, bool notFound = false) : Exception(message)
{
    /// <summary>True when the version or course asked for does not exist.</summary>
    public bool NotFound { get; } = notFound;
}

/// <summary>
/// The fitted learner models of each course and which one is in force. Version 0 is the cold start: it has no row and
/// is in force when no version is active. Activating a version (or the cold start) writes the audit log and queues
/// the rebuild of every enrollment snapshot of the course in the same transaction.
/// </summary>
public sealed class LearnerModelStore(MasteryPathDb db, BackgroundJobQueue jobs, TimeProvider time)
{
    /// <summary>The version number that stands for the cold start.</summary>
    public const int ColdStart = 0;

    public const string ActionActivate = "learner-model-activate";

    /// <summary>
    /// The PostgreSQL notification channel that carries the id of a course whose model in force changed; sent inside
    /// the activating transaction, so listeners hear of it only once it is committed (ADR 0015).
    /// </summary>
    public const string ChangedChannel = "masterypath_learner_model";

    public async Task<IReadOnlyList<LearnerModelVersion>> VersionsAsync(string courseId, CancellationToken cancellationToken = default) =>
        await db.LearnerModelVersions.AsNoTracking().Where(v => v.CourseId == courseId).OrderByDescending(v => v.Version).ToListAsync(cancellationToken);

    /// <summary>The active version of the course, or null when the cold start is in force.</summary>
    public Task<LearnerModelVersion?> ActiveAsync(string courseId, CancellationToken cancellationToken = default) =>
        db.LearnerModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.CourseId == courseId && v.IsActive, cancellationToken);

    /// <summary>The row id of the active version (null: cold start): the cheap question every web node asks now and then.</summary>
    public Task<long?> ActiveIdAsync(string courseId, CancellationToken cancellationToken = default) =>
        db.LearnerModelVersions.AsNoTracking().Where(v => v.CourseId == courseId && v.IsActive).Select(v => (long?)v.Id).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The active version of every course that has one.</summary>
    public async Task<IReadOnlyDictionary<string, LearnerModelVersion>> ActiveByCourseAsync(CancellationToken cancellationToken = default) =>
        await db.LearnerModelVersions.AsNoTracking().Where(v => v.IsActive).ToDictionaryAsync(v => v.CourseId, StringComparer.Ordinal, cancellationToken);

    public Task<LearnerModelVersion?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        db.LearnerModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken);

    /// <summary>Stores a fit as the course's next version, not active.</summary>
    public async Task<LearnerModelVersion> AddAsync(string courseId, LearnerModelFit fit, string createdBy, CancellationToken cancellationToken = default, RetentionFitDto? retention = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        for (var attempt = 1; ; attempt++)
        {
            var next = 1 + (await db.LearnerModelVersions.Where(v => v.CourseId == courseId).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0);
            var version = new LearnerModelVersion
            {
                CourseId = courseId,
                Version = next,
                CreatedAt = time.GetUtcNow(),
                CreatedBy = createdBy,
                Description = fit.Model.Description,
                Learners = fit.Learners,
                Answers = fit.Answers,
                HeldOutLearners = fit.HeldOutLearners,
                FittedScoreJson = LearnerModelJson.Serialize(HeldOutScoreDto.From(fit.Fitted)),
                ColdStartScoreJson = LearnerModelJson.Serialize(HeldOutScoreDto.From(fit.ColdStart)),
                ParametersJson = LearnerModelJson.Serialize(fit.Model.Export()),
                RetentionFitJson = retention is null ? null : LearnerModelJson.Serialize(retention),
            };
            db.LearnerModelVersions.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                db.Entry(version).State = EntityState.Detached;
                return version;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another fit of the course took the same number first (unique index): take the next one.
                db.Entry(version).State = EntityState.Detached;
            }
        }
    }

    /// <summary>
    /// Puts <paramref name="version"/> (0: the cold start) in force for the course, audits it, and queues the rebuild
    /// of the course's learner state under it; returns the rebuild job.
    /// </summary>
    /// <exception cref="LearnerModelException">When the course has no such version.</exception>
    public async Task<BackgroundJob> ActivateAsync(string courseId, int version, string actorId, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        LearnerModelVersion? target = null;
        if (version != ColdStart)
        {
            target = await db.LearnerModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.CourseId == courseId && v.Version == version, cancellationToken)
                ?? throw new LearnerModelException($"The course '{courseId}' has no learner model version {version}.", notFound: true);
        }

        var previous = await db.LearnerModelVersions.AsNoTracking().Where(v => v.CourseId == courseId && v.IsActive).Select(v => (int?)v.Version).SingleOrDefaultAsync(cancellationToken) ?? ColdStart;

        // Two statements in this order, so that the unique index over active rows never sees two at once.
        await db.LearnerModelVersions.Where(v => v.CourseId == courseId && v.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsActive, false), cancellationToken);
        if (target is not null)
        {
            var now = time.GetUtcNow();
            await db.LearnerModelVersions.Where(v => v.Id == target.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsActive, true).SetProperty(v => v.ActivatedAt, now).SetProperty(v => v.ActivatedBy, actorId), cancellationToken);
        }

        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            ActorId = actorId,
            Action = ActionActivate,
            CourseId = courseId,
            Details = $"{Name(previous)} → {Name(version)}" + (target is null ? string.Empty : $" ({target.Description}, fitted on {target.Answers} answers of {target.Learners} learners)"),
        });
        var rebuild = await jobs.AddAsync(BackgroundJobKind.RebuildLearnerState, courseId, actorId, version, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({ChangedChannel}, {courseId})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rebuild;
    }

    /// <summary>"version 3", or "the cold start".</summary>
    public static string Name(int version) => version == ColdStart ? "the cold start" : $"version {version}";
}
