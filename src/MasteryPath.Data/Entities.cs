using MasteryPath.Domain.Items;
using MasteryPath.Domain.Mastery;
using Microsoft.AspNetCore.Identity;

namespace MasteryPath.Data;

/// <summary>A person who signs in: learner, teacher or admin (roles).</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When an admin deactivated the account: it cannot sign in, and its sessions end; null while active.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    /// <summary>The password was set by someone else (a roster, a reset): the user must choose their own before anything else.</summary>
    public bool MustChangePassword { get; set; }
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

    /// <summary>
    /// What <see cref="StateJson"/> and <see cref="EngineState"/> were computed under (model version, policy, engine
    /// format); null or different from the key in force means both are stale and the learner is replayed from the log.
    /// </summary>
    public string? SnapshotKey { get; set; }

    /// <summary>The learner engine's persisted state (all events up to <see cref="EngineEventId"/>'s), or null.</summary>
    public byte[]? EngineState { get; set; }

    /// <summary>
    /// The id of the last answer event <see cref="EngineState"/> includes; null for a state saved before it was kept
    /// (then <see cref="EngineSequence"/> says). An event's id is known before it is inserted and its sequence number only
    /// after, so recording the id lets an answer be saved in one round of writes.
    /// </summary>
    public string? EngineEventId { get; set; }

    /// <summary>
    /// The sequence number of the last answer event <see cref="EngineState"/> includes (0: none) when
    /// <see cref="EngineEventId"/> is null; otherwise a lower bound only.
    /// </summary>
    public long EngineSequence { get; set; }
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

    /// <summary>Draws the order and keys the choices of this attempt are shown in (random per attempt, never sent).</summary>
    public long PresentationSeed { get; set; }

    public required string VariantId { get; set; }

    public AttemptMode Mode { get; set; }

    /// <summary>The mastery check, placement or daily quiz this attempt belongs to.</summary>
    public string? GroupId { get; set; }

    public EvidenceKind EvidenceKind { get; set; }

    public int HintsShown { get; set; }

    public bool SolutionShown { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The first answer, the one recorded as evidence; choices by their authored keys ("a" = first authored).</summary>
    public string? Response { get; set; }

    public AnswerOutcome? Outcome { get; set; }

    public string? Feedback { get; set; }

    /// <summary>Which authored misconception (or wrong choice) the answer matched, if any: groups learners who share one.</summary>
    public string? Misconception { get; set; }

    /// <summary>The learner said "I don't know" instead of answering (a miss where that counts as one).</summary>
    public bool DontKnow { get; set; }

    /// <summary>Further tries after a wrong first answer (practice); they teach but are not evidence.</summary>
    public int Retries { get; set; }

    /// <summary>The latest retry's response, outcome, feedback and time.</summary>
    public string? RetryResponse { get; set; }

    public AnswerOutcome? RetryOutcome { get; set; }

    public string? RetryFeedback { get; set; }

    public DateTimeOffset? RetriedAt { get; set; }

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

/// <summary>
/// A teacher's class: learners working through one or more courses, with the class's own mastery bar and
/// display bands (both applied by replaying the evidence, so changing them re-decides old answers).
/// </summary>
public sealed class SchoolClass
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string TeacherId { get; set; }

    /// <summary>The code learners type to join.</summary>
    public required string JoinCode { get; set; }

    /// <summary>P(mastered) needed before a mastery check; null keeps the course's.</summary>
    public double? MasteryProbability { get; set; }

    /// <summary>Share of a mastery check to get right; null keeps the course's.</summary>
    public double? CheckPassRatio { get; set; }

    /// <summary>Display bands as JSON: [{"label":"Beginning","min":0}, ...] on P(mastered); empty means the default bands.</summary>
    public string BandsJson { get; set; } = "[]";

    /// <summary>Wrong answers in a row on a skill after which a learner is listed under "needs help"; null keeps the default (4).</summary>
    public int? StuckAfterWrongInARow { get; set; }

    /// <summary>Learners stuck on the same skill that form a re-teach group; null keeps the default (2).</summary>
    public int? ReteachMinLearners { get; set; }

    /// <summary>The sourcedId of the OneRoster class this class was imported from; later imports pick it without asking.</summary>
    public string? OneRosterSourcedId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The teacher turned off points for accurate work for this class's learners.</summary>
    public bool HidePoints { get; set; }

    /// <summary>The teacher turned off the daily streak.</summary>
    public bool HideStreak { get; set; }

    /// <summary>The teacher turned off the weekly goal (and its minutes).</summary>
    public bool HideWeeklyGoal { get; set; }

    /// <summary>The teacher turned off celebrations (a skill mastered, a goal reached).</summary>
    public bool HideCelebrations { get; set; }

    public List<ClassCourse> Courses { get; set; } = [];

    public List<ClassMembership> Members { get; set; } = [];
}

public sealed class ClassCourse
{
    public long ClassId { get; set; }

    public required string CourseId { get; set; }
}

public sealed class ClassMembership
{
    public long ClassId { get; set; }

    public required string LearnerId { get; set; }

    public DateTimeOffset JoinedAt { get; set; }
}

/// <summary>
/// A teacher's invitation of a learner account to a class. Until the learner accepts, the teacher sees nothing of
/// them but what the teacher typed: not their name, not their history, not even whether the account existed before.
/// </summary>
public sealed class ClassInvitation
{
    public long Id { get; set; }

    public long ClassId { get; set; }

    public required string LearnerId { get; set; }

    public required string InvitedById { get; set; }

    /// <summary>The email as the teacher typed it.</summary>
    public required string Email { get; set; }

    /// <summary>The name as the teacher typed it (or made from the email), never the account's own.</summary>
    public required string Name { get; set; }

    public DateTimeOffset InvitedAt { get; set; }

    /// <summary>The invitation made the account: its first sign-in accepts it.</summary>
    public bool CreatedAccount { get; set; }

    /// <summary>Hash of the personal code on the learner's card, which accepts the invitation on the join page; null when none was given.</summary>
    public string? CodeHash { get; set; }
}

/// <summary>
/// A learner a OneRoster import invited to a class, under the SIS's sourcedId: a delta file names learners only by it,
/// and the OneRoster gradebook export gives it back to the SIS.
/// </summary>
public sealed class OneRosterLink
{
    public long Id { get; set; }

    public long ClassId { get; set; }

    public required string SourcedId { get; set; }

    public required string LearnerId { get; set; }
}

/// <summary>
/// Work a teacher set: skills (a unit's, or a practice set) for the whole class — members who join later included —
/// or for chosen learners, with an optional due date and note. A learner has done it once every skill is mastered.
/// </summary>
public sealed class ClassAssignment
{
    public long Id { get; set; }

    public long ClassId { get; set; }

    public required string CourseId { get; set; }

    public required string Title { get; set; }

    /// <summary>The unit the skills were taken from, when the teacher assigned a unit.</summary>
    public string? UnitId { get; set; }

    public string? Note { get; set; }

    /// <summary>The last day to finish (a calendar day, read in UTC); null when there is none.</summary>
    public DateOnly? DueOn { get; set; }

    /// <summary>True: every member of the class, now and later. False: only the learners in <see cref="Learners"/>.</summary>
    public bool ForWholeClass { get; set; }

    public required string AssignedById { get; set; }

    public DateTimeOffset AssignedAt { get; set; }

    public List<ClassAssignmentSkill> Skills { get; set; } = [];

    public List<ClassAssignmentLearner> Learners { get; set; } = [];
}

public sealed class ClassAssignmentSkill
{
    public long AssignmentId { get; set; }

    public required string SkillId { get; set; }

    /// <summary>Order in which the teacher listed the skill (the course's order for a unit).</summary>
    public int Position { get; set; }
}

public sealed class ClassAssignmentLearner
{
    public long AssignmentId { get; set; }

    public required string LearnerId { get; set; }
}

/// <summary>A short message from the teacher to the whole class, shown on its learners' home pages.</summary>
public sealed class ClassAnnouncement
{
    public long Id { get; set; }

    public long ClassId { get; set; }

    public required string AuthorId { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset PostedAt { get; set; }
}

/// <summary>Who did what to whom, and why: teacher overrides, resets and roster changes.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string ActorId { get; set; }

    public required string Action { get; set; }

    public string? SubjectUserId { get; set; }

    public long? ClassId { get; set; }

    public string? CourseId { get; set; }

    public string? SkillId { get; set; }

    public string? Reason { get; set; }

    public string? Details { get; set; }
}

public enum SubmissionStatus
{
    Submitted,
    Returned,
    Accepted,
}

/// <summary>One version of a learner's work on a performance task; every version is kept.</summary>
public sealed class TaskSubmission
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string CourseId { get; set; }

    public required string TaskId { get; set; }

    public int Version { get; set; }

    public string? Text { get; set; }

    public string? FileName { get; set; }

    /// <summary>The file's name in the uploads folder (never the learner's file name).</summary>
    public string? StoredFileName { get; set; }

    public string? ContentType { get; set; }

    public long FileSize { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public SubmissionStatus Status { get; set; }

    /// <summary>Rubric scores as JSON: {"criterionId": score, ...}.</summary>
    public string? ScoresJson { get; set; }

    public string? Comment { get; set; }

    public string? ScoredById { get; set; }

    public DateTimeOffset? ScoredAt { get; set; }
}

/// <summary>A teacher-defined survey for a class; questions as JSON (Likert, multiple choice, free text).</summary>
public sealed class Survey
{
    public long Id { get; set; }

    public long ClassId { get; set; }

    public required string Title { get; set; }

    public bool Anonymous { get; set; }

    public string QuestionsJson { get; set; } = "[]";

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One set of answers to a survey; <see cref="UserId"/> is null when the survey is anonymous.</summary>
public sealed class SurveyResponse
{
    public long Id { get; set; }

    public long SurveyId { get; set; }

    public string? UserId { get; set; }

    public string AnswersJson { get; set; } = "{}";

    public DateTimeOffset SubmittedAt { get; set; }
}

/// <summary>That a learner answered a survey (kept apart from anonymous answers), so nobody answers twice.</summary>
public sealed class SurveyCompletion
{
    public long SurveyId { get; set; }

    public required string UserId { get; set; }
}

/// <summary>A learner's quick rating (1–5) and comment on a lesson.</summary>
public sealed class LessonRating
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string CourseId { get; set; }

    public required string SkillId { get; set; }

    public int Rating { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset At { get; set; }
}
