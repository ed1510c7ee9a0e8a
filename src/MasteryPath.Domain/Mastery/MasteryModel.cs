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

    /// <summary>Many attempts without progress, or repeated failed checks: a teacher or the corrective path should step in.</summary>
    NeedsHelp,

    /// <summary>A mastery check was passed and the mastery has not lapsed.</summary>
    Mastered,

    /// <summary>Was mastered, but a review was failed: mastery is taken away until a review is passed.</summary>
    NeedsReview,
}

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
/// <param name="NeedsHelpAfter">Practice answers since the last progress after which a struggling learner needs help.</param>
/// <param name="HintWeight">How much a correct answer after a hint counts, as a fraction of an unaided one (0..1).</param>
/// <param name="ReviewThreshold">A mastered skill is due for review when its estimated recall falls below this.</param>
/// <param name="PrerequisiteCredit">The fraction of a review a correct practice answer gives each mastered prerequisite.</param>
public sealed record MasteryPolicy(
    double Probability = 0.95,
    int MinimumEvidence = 3,
    int CheckItems = 5,
    double CheckPassRatio = 0.8,
    int NeedsHelpAfter = 10,
    double HintWeight = 0.5,
    double ReviewThreshold = 0.9,
    double PrerequisiteCredit = 0.3)
{
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
/// <param name="Probability">The learner model's P(mastered).</param>
/// <param name="Evidence">Answers on the skill.</param>
/// <param name="ChecksFailedInARow">Mastery checks failed since the last pass.</param>
/// <param name="MasteredAt">When the skill was (last) mastered.</param>
/// <param name="CheckInProgress">Answers given so far in an unfinished mastery check.</param>
public sealed record SkillStatus(SkillId Skill, SkillState State, double Probability, int Evidence, int ChecksFailedInARow, DateTimeOffset? MasteredAt, int CheckInProgress)
{
    /// <summary>True when a mastery check may start now.</summary>
    public bool ReadyForCheck { get; init; }
}
