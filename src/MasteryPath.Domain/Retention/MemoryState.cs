namespace MasteryPath.Domain.Retention;

/// <summary>
/// What the retention model knows about one learner's memory of one mastered skill (FSRS's DSR model).
/// </summary>
/// <param name="Stability">
/// Days after <paramref name="LastReview"/> at which retrievability has fallen to 90%; at least
/// <see cref="RetentionScheduler.MinStability"/>.
/// </param>
/// <param name="Difficulty">How hard the skill is for this learner, 1 (easiest) to 10 (hardest).</param>
/// <param name="LastReview">When the skill was last reviewed; retrievability decays from this moment.</param>
public readonly record struct MemoryState(double Stability, double Difficulty, DateTimeOffset LastReview);

/// <summary>The result of a graded review, with what mastery-gating needs to know.</summary>
/// <param name="State">The memory state after the review (as <see cref="RetentionScheduler.Review"/> gives it).</param>
/// <param name="RetrievabilityBefore">The predicted probability of recall at the moment of the review.</param>
/// <param name="WasDue">Whether the skill was due, that is, retrievability was below the threshold.</param>
/// <param name="LostMastery">
/// True when the grade was <see cref="Grade.Again"/>: the learner failed to show the skill, so the caller
/// takes mastery away (and the skill goes back to corrective work), whether or not it was due.
/// </param>
public readonly record struct ReviewOutcome(MemoryState State, double RetrievabilityBefore, bool WasDue, bool LostMastery);
