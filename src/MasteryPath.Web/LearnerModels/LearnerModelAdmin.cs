using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Data.LearnerModels;
using MasteryPath.Domain.Courses;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.LearnerModels;

/// <summary>A stored version with its scores read back and the name of who fitted it.</summary>
public sealed record ModelVersionView(LearnerModelVersion Row, HeldOutScoreDto Fitted, HeldOutScoreDto ColdStart, string CreatedByName)
{
    public int Version => Row.Version;

    /// <summary>The FSRS fit made with it, if one was attempted.</summary>
    public RetentionFitDto? Retention => LearnerModelJson.Retention(Row.RetentionFitJson);

    /// <summary>Whether spaced review runs on weights fitted on this course (else FSRS's defaults).</summary>
    public bool FittedRetention => Retention?.Weights is not null;
}

/// <summary>A course's learner models: the one in force (null: the cold start), every version (newest first), and the latest fit and rebuild jobs.</summary>
public sealed record CourseModels(Course Course, ModelVersionView? Active, IReadOnlyList<ModelVersionView> Versions, BackgroundJob? Fit, BackgroundJob? Rebuild)
{
    /// <summary>True while a fit or a rebuild is waiting or running: the page refreshes itself meanwhile.</summary>
    public bool Busy => IsBusy(Fit) || IsBusy(Rebuild);

    /// <summary>The cold start's held-out scores: from the version in force, else from the latest fit, else none yet.</summary>
    public (HeldOutScoreDto Score, int Version)? ColdStartScore => (Active ?? Versions.FirstOrDefault()) is { } v ? (v.ColdStart, v.Version) : null;

    public static bool IsBusy(BackgroundJob? job) => job?.Status is BackgroundJobStatus.Queued or BackgroundJobStatus.Running;
}

/// <summary>What the admin page, the model card and the API do with learner models: read them, start a fit, switch version.</summary>
public sealed class LearnerModelAdmin(MasteryPathDb db, CourseCatalog catalog, LearnerModelStore store, LearnerModelFitting fitting, BackgroundJobQueue jobs, LearnerModelRegistry models, BackgroundJobWorker worker)
{
    public Course CourseOf(string courseId) =>
        catalog.Find(courseId) ?? throw LearningException.NotFound($"There is no course '{courseId}'.");

    public async Task<CourseModels> ModelsAsync(string courseId, CancellationToken cancellationToken = default)
    {
        var course = CourseOf(courseId);

        // The jobs before the versions: a fit stores its version before it is marked done, so a finished fit read here
        // always comes with its version (read the other way round, a fit finishing in between showed done without it).
        var latest = await jobs.LatestAsync(courseId, cancellationToken);
        var rows = await store.VersionsAsync(courseId, cancellationToken);
        var userIds = rows.Select(r => r.CreatedBy).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var versions = rows.Select(r => new ModelVersionView(
            r,
            LearnerModelJson.Score(r.FittedScoreJson),
            LearnerModelJson.Score(r.ColdStartScoreJson),
            names.GetValueOrDefault(r.CreatedBy) ?? r.CreatedBy)).ToList();

        // The active row, not this node's registry (which may lag by its refresh interval): the page tells the truth.
        return new CourseModels(
            course,
            versions.FirstOrDefault(v => v.Row.IsActive),
            versions,
            latest.FirstOrDefault(j => j.Kind == BackgroundJobKind.FitLearnerModel),
            latest.FirstOrDefault(j => j.Kind == BackgroundJobKind.RebuildLearnerState));
    }

    /// <summary>Every course with the version in force.</summary>
    public async Task<IReadOnlyList<(Course Course, int Version, int Versions)>> OverviewAsync(CancellationToken cancellationToken = default)
    {
        var active = await store.ActiveByCourseAsync(cancellationToken);
        var counts = await db.LearnerModelVersions.AsNoTracking().GroupBy(v => v.CourseId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return catalog.Courses
            .Select(c => (c, active.TryGetValue(c.Id, out var v) ? v.Version : LearnerModelStore.ColdStart, counts.GetValueOrDefault(c.Id)))
            .ToList();
    }

    /// <summary>Queues a fit of the course, or refuses (409) with the fitter's message when there is too little data.</summary>
    public async Task<BackgroundJob> StartFitAsync(ClaimsPrincipal admin, string courseId, CancellationToken cancellationToken = default)
    {
        CourseOf(courseId);
        if (await fitting.RefusalAsync(courseId, cancellationToken) is { } refusal)
        {
            throw LearningException.NotReady(refusal);
        }

        var job = await jobs.EnqueueAsync(BackgroundJobKind.FitLearnerModel, courseId, admin.UserId(), cancellationToken: cancellationToken);
        worker.Wake();
        return job;
    }

    /// <summary>Puts a version (0: the cold start) in force and queues the rebuild of the course's learner state.</summary>
    public async Task<BackgroundJob> ActivateAsync(ClaimsPrincipal admin, string courseId, int version, CancellationToken cancellationToken = default)
    {
        CourseOf(courseId);
        BackgroundJob job;
        try
        {
            job = await store.ActivateAsync(courseId, version, admin.UserId(), cancellationToken);
        }
        catch (LearnerModelException ex) when (ex.NotFound)
        {
            throw LearningException.NotFound(ex.Message);
        }

        await models.RefreshAsync(courseId, cancellationToken);
        worker.Wake();
        return job;
    }
}
