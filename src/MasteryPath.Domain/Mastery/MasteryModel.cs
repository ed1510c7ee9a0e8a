using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Mastery;

/// <summary>Where a learner stands on one skill.</summary>
public enum SkillState
{
    /// <summary>A prerequisite has never been mastered: the skill cannot be opened.</summary>
    Locked,

    /// <summary>Open, with no evidence yet.</summary>
    Ready,

    /// <summary>Being practised; not yet mastered.</summary>
    InProgress,

    /// <summary>
    /// Stuck: several wrong answers in a row, repeated failed checks, falling mastery, or many answers without
    /// progress (<see cref="HelpReason"/>): a teacher or the corrective path should step in.
    /// </summary>
    NeedsHelp,

    /// <summary>A mastery check was passed (or a project accepted, or a teacher decided) and the mastery has not lapsed.</summary>
    Mastered,

    /// <summary>Was mastered, but a review was failed: mastery is taken away until a review is passed.</summary>
    NeedsReview,

    /// <summary>
    /// Placed as known by the placement without a right answer on the skill itself: it opens the skills that build
    /// on it, and is shown as "placed — to confirm" until a right answer on it (or its first review) confirms it,
    /// which makes it <see cref="Mastered"/>; a wrong answer withdraws the placement.
    /// </summary>
    Placed,
}

/// <summary>Why a skill needs help.</summary>
public enum HelpReason
{
    /// <summary>It does not.</summary>
    None,

    /// <summary>Several wrong answers in a row on the skill.</summary>
    WrongInARow,

    /// <summary>Mastery checks failed in a row.</summary>
    FailedChecks,

    /// <summary>The estimate had reached the bar and fell well below it, with most recent answers wrong.</summary>
    Falling,

    /// <summary>Many answers without progress.</summary>
    NoProgress,
}

/// <summary>How a skill came to be mastered.</summary>
public enum MasterySource
{
    /// <summary>A passed mastery check.</summary>
    Check,

    /// <summary>The placement (or a test-out).</summary>
    Placement,

    /// <summary>An accepted, rubric-scored project.</summary>
    Project,

    /// <summary>A teacher's override.</summary>
    Teacher,

    /// <summary>A passed review after the mastery had lapsed.</summary>
    Review,
}

/// <summary>The outcome of the latest decided mastery check of a skill.</summary>
/// <param name="Correct">Right answers.</param>
/// <param name="Answered">Answers given before the check was decided.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="At">When it was decided.</param>
public sealed record CheckResult(int Correct, int Answered, bool Passed, DateTimeOffset At);

/// <summary>What an answer was part of.</summary>
public enum EvidenceKind
{
    /// <summary>Practice.</summary>
    Practice,

    /// <summary>One item of a mastery check.</summary>
    MasteryCheck,

    /// <summary>A spaced review of a mastered skill.</summary>
    Review,

    /// <summary>An answer to a placement (diagnostic) question.</summary>
    Placement,

    /// <summary>
    /// Not an answer: the diagnostic's conclusion that the learner already knows the skill. It makes the skill
    /// mastered with a short memory, so an early spaced review confirms the placement.
    /// </summary>
    PlacedKnown,

    /// <summary>Not an answer: a teacher's reset of the skill's placement or mastery; evidence before it no longer counts toward mastery.</summary>
    Reset,

    /// <summary>
    /// Not an answer: a rubric-scored performance task tagged to the skill was accepted (<see cref="AnswerEvent.Correct"/>
    /// true: every criterion met) and the skill is mastered with a full first memory; false changes nothing.
    /// </summary>
    Assessed,

    /// <summary>
    /// Not an answer: a teacher's override of the mastery state, with a reason kept in the audit log. True makes the
    /// skill mastered; false takes mastery away (the skill must be earned again) but keeps the evidence.
    /// </summary>
    Override,
}

/// <summary>
/// One answer, as stored in the answer-event log (the source of truth). <paramref name="CheckId"/> groups the
/// answers of one mastery check.
/// </summary>
public sealed record AnswerEvent(
    string EventId,
    SkillId Skill,
    bool Correct,
    bool UsedHint,
    EvidenceKind Kind,
    DateTimeOffset At,
    string? CheckId = null,
    IReadOnlyList<SkillId>? AlsoSkills = null);

/// <summary>
/// The criterion-referenced mastery bar: the learner model's P(mastered) must reach <see cref="Probability"/>
/// on at least <see cref="MinimumEvidence"/> answers before a mastery check may start; the check of
/// <see cref="CheckItems"/> fresh variants passes at <see cref="CheckPassRatio"/>.
/// </summary>
/// <param name="Probability">P(mastered) needed to start a check.</param>
/// <param name="MinimumEvidence">Answers on the skill needed first.</param>
/// <param name="CheckItems">Items in a mastery check.</param>
/// <param name="CheckPassRatio">Share of a check to get right.</param>
/// <param name="NeedsHelpAfter">Answers since the last progress after which a struggling learner needs help.</param>
/// <param name="HintWeight">How much a correct answer after a hint counts, as a fraction of an unaided one (0..1).</param>
/// <param name="ReviewThreshold">A mastered skill is due for review when its estimated recall falls below this.</param>
/// <param name="PrerequisiteCredit">The fraction of a review a correct practice answer gives each mastered prerequisite.</param>
/// <param name="StuckAfterWrongInARow">Wrong answers in a row on a skill after which the learner needs help.</param>
/// <param name="StuckAfterFailedChecks">Mastery checks failed in a row after which the learner needs help.</param>
/// <param name="FallingDrop">How far P(knows) must fall below its best, with most recent answers wrong, to count as falling.</param>
/// <param name="RecoveryCeiling">
/// After a run of wrong answers (two or more), P(knows) is at most this until two right answers in a row: two wrong
/// answers in a row are enough to doubt it, and one right answer after them may be a guess. Keep it below the lowest
/// band a teacher reads as "approaching".
/// </param>
/// <param name="PlacementConfidence">P(knows) a skill placed as known starts from (at least).</param>
public sealed record MasteryPolicy(
    double Probability = 0.95,
    int MinimumEvidence = 3,
    int CheckItems = 5,
    double CheckPassRatio = 0.8,
    int NeedsHelpAfter = 10,
    double HintWeight = 0.5,
    double ReviewThreshold = 0.9,
    double PrerequisiteCredit = 0.3,
    int StuckAfterWrongInARow = 4,
    int StuckAfterFailedChecks = 2,
    double FallingDrop = 0.3,
    double RecoveryCeiling = 0.6,
    double PlacementConfidence = 0.85)
{
    /// <summary>Right answers in a row that lift the recovery ceiling after a run of wrong answers.</summary>
    public const int RecoveryRun = 2;

    /// <summary>Recent answers per skill kept for "k of the last n right".</summary>
    public const int RecentWindow = 5;

    /// <summary>The policy a course's settings describe.</summary>
    public static MasteryPolicy From(MasterySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new MasteryPolicy(settings.MasteryProbability, settings.MinimumEvidence, settings.CheckItems, settings.CheckPassRatio);
    }

    /// <summary>Correct answers needed to pass a check.</summary>
    public int CheckPassCount => (int)System.Math.Ceiling((CheckItems * CheckPassRatio) - 1e-9);
}

/// <summary>One answer's effect on one skill's P(mastered): the raw material of "mastered because ...".</summary>
public sealed record EvidenceEffect(string EventId, EvidenceKind Kind, bool Correct, bool UsedHint, DateTimeOffset At, double Before, double After)
{
    /// <summary>How much it moved P(mastered).</summary>
    public double Change => After - Before;
}

/// <summary>A skill's state with the figures behind it.</summary>
/// <param name="Skill">The skill.</param>
/// <param name="State">The state.</param>
/// <param name="Probability">The learner model's P(knows the skill): what mastery decides on.</param>
/// <param name="Evidence">Answers on the skill.</param>
/// <param name="ChecksFailedInARow">Mastery checks failed since the last pass.</param>
/// <param name="MasteredAt">When the skill was (last) mastered, or placed.</param>
/// <param name="CheckInProgress">Answers given so far in an unfinished mastery check.</param>
public sealed record SkillStatus(SkillId Skill, SkillState State, double Probability, int Evidence, int ChecksFailedInARow, DateTimeOffset? MasteredAt, int CheckInProgress)
{
    /// <summary>True when a mastery check may start now.</summary>
    public bool ReadyForCheck { get; init; }

    /// <summary>Why the skill needs help (<see cref="HelpReason.None"/> unless <see cref="State"/> is <see cref="SkillState.NeedsHelp"/>).</summary>
    public HelpReason HelpReason { get; init; }

    /// <summary>Wrong answers in a row on the skill, up to now.</summary>
    public int WrongInARow { get; init; }

    /// <summary>Right answers among the latest <see cref="RecentAnswers"/> (at most <see cref="MasteryPolicy.RecentWindow"/>).</summary>
    public int RecentCorrect { get; init; }

    /// <summary>How many recent answers <see cref="RecentCorrect"/> counts over.</summary>
    public int RecentAnswers { get; init; }

    /// <summary>Unaided right answers in a row that would open the mastery check, or null when none would (mastered, locked, a check under way).</summary>
    public int? RightAnswersToCheck { get; init; }

    /// <summary>How the mastery (or placement) came about, when mastered or placed.</summary>
    public MasterySource? MasteredBy { get; init; }

    /// <summary>The latest decided mastery check, if any.</summary>
    public CheckResult? LastCheck { get; init; }

    /// <summary>The best P(knows) reached so far (since the last reset).</summary>
    public double Best { get; init; }

    /// <summary>True when the mastery was lost to wrong answers (a failed review, two wrong in a row) rather than merely due for review.</summary>
    public bool Lapsed { get; init; }
}
