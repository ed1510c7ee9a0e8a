namespace MasteryPath.Data;

/// <summary>
/// A learner model fitted on one course's answer-event log (docs/adr/0012): what it was fitted on, how it scored on
/// held-out learners next to the cold start, and its parameters. At most one version per course is active (a unique
/// index over the active rows); when none is, the course runs on the cold start ("version 0").
/// </summary>
public sealed class LearnerModelVersion
{
    public long Id { get; set; }

    public required string CourseId { get; set; }

    /// <summary>1, 2, … per course; 0 is reserved for the cold start, which has no row.</summary>
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The user id of the admin who fitted it, or "cli".</summary>
    public required string CreatedBy { get; set; }

    /// <summary>What the model is, for people: e.g. "fitted (lkt + BKT)".</summary>
    public required string Description { get; set; }

    public int Learners { get; set; }

    public int Answers { get; set; }

    public int HeldOutLearners { get; set; }

    /// <summary>The fitted model's held-out scores (AUC, log loss, RMSE, accuracy, ECE, reliability table) as JSON.</summary>
    public required string FittedScoreJson { get; set; }

    /// <summary>The cold start's scores on the same held-out learners, as JSON.</summary>
    public required string ColdStartScoreJson { get; set; }

    /// <summary>The model's parameters (<c>LearnerModelParameters</c>) as JSON.</summary>
    public required string ParametersJson { get; set; }

    /// <summary>
    /// The report of the FSRS fit made beside the learner model (<c>RetentionFitDto</c> as JSON): the weights' held-out
    /// log loss against the defaults', or why the defaults were kept. The weights in use are in <see cref="ParametersJson"/>.
    /// Null for versions fitted without the course's content at hand.
    /// </summary>
    public string? RetentionFitJson { get; set; }

    public bool IsActive { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }

    public string? ActivatedBy { get; set; }
}

public enum BackgroundJobKind
{
    /// <summary>Fit a new learner model version on a course's answers.</summary>
    FitLearnerModel,

    /// <summary>Rebuild every enrollment snapshot of a course under the model in force.</summary>
    RebuildLearnerState,
}

public enum BackgroundJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// A job for the web app's background worker, kept in the database so that its progress survives a reload and shows
/// on every node, and so that a job queued by the CLI runs in the web app.
/// </summary>
public sealed class BackgroundJob
{
    public long Id { get; set; }

    public BackgroundJobKind Kind { get; set; }

    public required string CourseId { get; set; }

    public BackgroundJobStatus Status { get; set; }

    /// <summary>0 to 1.</summary>
    public double Progress { get; set; }

    /// <summary>What the job is doing now, for people.</summary>
    public string? Stage { get; set; }

    /// <summary>The outcome for people: what it produced, or why it failed.</summary>
    public string? Message { get; set; }

    /// <summary>For a fit, the version it created; for a rebuild, the version it rebuilt under (0 = cold start).</summary>
    public int? Version { get; set; }

    /// <summary>The user id who asked, or "cli".</summary>
    public required string RequestedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Written while the job runs; a running job whose heartbeat is old lost its worker and is run again.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }
}
