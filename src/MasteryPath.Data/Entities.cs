using MasteryPath.Domain.Items;
using MasteryPath.Domain.Mastery;
using Microsoft.AspNetCore.Identity;

namespace MasteryPath.Data;

/// <summary>A person who signs in: learner, teacher or admin (roles).</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

public enum PlacementState
{
    NotStarted,
    InProgress,
    Done,
    Skipped,
}

public enum WeeklyGoalKind
{
    None,
    Skills,
    Minutes,
}

/// <summary>
/// A learner in a course, and the cached learner state: a snapshot written in the same transaction as each
/// answer event. <see cref="Version"/> is the optimistic-concurrency token that serialises answers from two tabs.
/// </summary>
public sealed class Enrollment
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string CourseId { get; set; }

    public DateTimeOffset EnrolledAt { get; set; }

    public PlacementState Placement { get; set; }

    public string? PlacementId { get; set; }

    /// <summary>The unit a test-out covers; null for the whole course.</summary>
    public string? PlacementUnit { get; set; }

    public WeeklyGoalKind GoalKind { get; set; }

    public int GoalTarget { get; set; }

    public int Version { get; set; }

    public int EventCount { get; set; }

    public int MasteredCount { get; set; }

    /// <summary>Per-skill state and P(mastered) as JSON, for dashboards; rebuilt from the event log on every answer.</summary>
    public string StateJson { get; set; } = "{}";

    public DateTimeOffset? LastActivityAt { get; set; }
}

/// <summary>What an attempt is part of.</summary>
public enum AttemptMode
{
    Practice,
    MasteryCheck,
    Review,
    Placement,
    DailyQuiz,
    Enrichment,
}

public enum CheckOutcome
{
    None,
    Passed,
    Failed,
}

/// <summary>
/// One item put in front of a learner: which variant (definition and seed), and, once answered, the verdict.
/// Its id is the idempotency key of the answer: the answer event's id.
/// </summary>
public sealed class Attempt
{
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public required string CourseId { get; set; }

    public required string SkillId { get; set; }

    public required string DefinitionId { get; set; }

    public long Seed { get; set; }

    public required string VariantId { get; set; }

    public AttemptMode Mode { get; set; }

    /// <summary>The mastery check, placement or daily quiz this attempt belongs to.</summary>
    public string? GroupId { get; set; }

    public EvidenceKind EvidenceKind { get; set; }

    public int HintsShown { get; set; }

    public bool SolutionShown { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? Response { get; set; }

    public AnswerOutcome? Outcome { get; set; }

    public string? Feedback { get; set; }

    public double? ProbabilityBefore { get; set; }

    public double? ProbabilityAfter { get; set; }

    public CheckOutcome CheckOutcome { get; set; }

    /// <summary>Skills this answer unlocked, comma-separated.</summary>
    public string? Unlocked { get; set; }
}

/// <summary>One row of the answer-event log, the source of truth for learner state.</summary>
public sealed class AnswerEventRecord
{
    public long Sequence { get; set; }

    public required string EventId { get; set; }

    public required string UserId { get; set; }

    public required string CourseId { get; set; }

    public required string SkillId { get; set; }

    /// <summary>Secondary skills the item exercises, comma-separated.</summary>
    public string? AlsoSkills { get; set; }

    public bool Correct { get; set; }

    public bool UsedHint { get; set; }

    public EvidenceKind Kind { get; set; }

    public DateTimeOffset At { get; set; }

    public string? CheckId { get; set; }

    public string? VariantId { get; set; }

    public string? Response { get; set; }
}

/// <summary>A teacher's class of learners working through one course.</summary>
public sealed class SchoolClass
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string TeacherId { get; set; }

    public required string CourseId { get; set; }

    public List<ClassMembership> Members { get; set; } = [];
}

public sealed class ClassMembership
{
    public long ClassId { get; set; }

    public required string LearnerId { get; set; }
}
