using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Retention;

/// <summary>One graded review of a skill's memory.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Grade">Its grade.</param>
public readonly record struct ReviewRecord(DateTimeOffset At, Grade Grade);

/// <summary>
/// The reviews of one learner's memory of one skill, in time order: the first one starts the memory (the
/// moment the skill was mastered, with the grade <see cref="RetentionScheduler.First"/> was given), every
/// later one is a review FSRS updates the memory with. This is what the FSRS optimiser fits on.
/// </summary>
/// <param name="Learner">Who (any stable id; the optimiser holds out whole learners).</param>
/// <param name="Skill">Which skill.</param>
/// <param name="Episode">
/// 1 for the skill's first memory; a memory started over (a teacher's reset, a fresh placement) is a new
/// history with the next number, since FSRS cannot carry a memory across it.
/// </param>
/// <param name="Reviews">At least one review, in time order.</param>
public sealed record ReviewHistory(string Learner, SkillId Skill, int Episode, IReadOnlyList<ReviewRecord> Reviews)
{
    /// <summary>
    /// The reviews whose outcome the model predicts: every review after the first one that comes at least one
    /// whole day (<see cref="RetentionScheduler.WholeDays"/>) after the previous review. Same-day reviews
    /// update the memory but are not scored, as in fsrs-rs, whose training items end on a long-term review.
    /// </summary>
    public int ScoredReviews =>
        Reviews.Skip(1).Zip(Reviews, (review, before) => RetentionScheduler.WholeDays(review.At - before.At)).Count(days => days > 0);
}
