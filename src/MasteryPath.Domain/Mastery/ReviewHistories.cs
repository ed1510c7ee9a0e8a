using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Mastery;

/// <summary>
/// Turns one learner's answer-event log in a course into the review histories the FSRS optimiser fits on:
/// the same reviews <see cref="LearnerMastery"/> feeds its memory model, found by replaying the log through it.
/// </summary>
/// <remarks>
/// <para>
/// A skill has a memory from the moment it is mastered (a passed mastery check, an accepted performance task, a
/// teacher's override, or a placement) until a teacher resets it or takes mastery away; in between its status is
/// <see cref="SkillState.Mastered"/> or, after a failed review, <see cref="SkillState.NeedsReview"/>. The choice:
/// every answer on the skill while it has a memory is a review, graded by <see cref="RetentionScheduler.FromAnswer"/>
/// (practice, checks and review items alike, and also while it needs review), because that is what
/// <see cref="LearnerMastery"/> updates the memory with. Answers before mastery are learning, not retrieval, and
/// are left out. The first record of a history is the memory's start with the grade the start gets
/// (Hard for a placement, Good otherwise). A memory started over (a reset, a placement or a teacher's decision
/// that restarts it) begins a new history (<see cref="ReviewHistory.Episode"/>).
/// </para>
/// <para>
/// Not included: the fractional review credit practice gives prerequisites (FSRS has no fractional review;
/// ADR 0010), and answers stamped before the memory's last review (LearnerMastery ignores them too).
/// </para>
/// </remarks>
public static class ReviewHistories
{
    /// <summary>The review histories in one learner's answer events, ordered by skill and episode.</summary>
    /// <param name="learner">The learner's id, carried into each history.</param>
    /// <param name="graph">The course's skill graph.</param>
    /// <param name="model">The learner model the course uses (mastery checks count only at its bar).</param>
    /// <param name="policy">The course's mastery policy.</param>
    /// <param name="events">The learner's answer events in the order they were applied (the log order).</param>
    /// <exception cref="ArgumentException">When an event names a skill that is not in the course.</exception>
    public static IReadOnlyList<ReviewHistory> FromAnswers(string learner, SkillGraph graph, LearnerModel model, MasteryPolicy policy, IEnumerable<AnswerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(events);
        var mastery = new LearnerMastery(graph, model, policy);
        var open = new Dictionary<SkillId, List<ReviewRecord>>();
        var episodes = new Dictionary<SkillId, int>();
        var histories = new List<ReviewHistory>();

        void Close(SkillId skill)
        {
            if (open.Remove(skill, out var reviews))
            {
                histories.Add(new ReviewHistory(learner, skill, episodes[skill], reviews));
            }
        }

        foreach (var answer in events)
        {
            ArgumentNullException.ThrowIfNull(answer);
            if (!graph.Contains(answer.Skill))
            {
                throw new ArgumentException($"Skill '{answer.Skill}' is not in this course.", nameof(events));
            }

            var before = mastery.Status(answer.Skill).State;
            if (!mastery.Apply(answer))
            {
                continue;
            }

            var after = mastery.Status(answer.Skill).State;
            var hadMemory = HasMemory(before);
            var hasMemory = HasMemory(after);
            var isAnswer = answer.Kind is not (EvidenceKind.PlacedKnown or EvidenceKind.Reset or EvidenceKind.Assessed or EvidenceKind.Override);
            var restarted = hadMemory && hasMemory
                && (answer.Kind == EvidenceKind.PlacedKnown
                    || (answer.Kind is EvidenceKind.Assessed or EvidenceKind.Override && answer.Correct && before == SkillState.NeedsReview));

            if (isAnswer && hadMemory && open.TryGetValue(answer.Skill, out var current) && answer.At >= current[^1].At)
            {
                current.Add(new ReviewRecord(answer.At, RetentionScheduler.FromAnswer(answer.Correct, answer.UsedHint)));
            }

            if (hadMemory && (!hasMemory || restarted))
            {
                Close(answer.Skill);
            }

            if (hasMemory && (!hadMemory || restarted))
            {
                episodes[answer.Skill] = episodes.GetValueOrDefault(answer.Skill) + 1;
                open[answer.Skill] = [new ReviewRecord(answer.At, answer.Kind == EvidenceKind.PlacedKnown ? Grade.Hard : Grade.Good)];
            }
        }

        foreach (var skill in open.Keys.ToList())
        {
            Close(skill);
        }

        return histories.OrderBy(h => h.Skill.Value, StringComparer.Ordinal).ThenBy(h => h.Episode).ToList();
    }

    private static bool HasMemory(SkillState state) => state is SkillState.Mastered or SkillState.NeedsReview or SkillState.Placed;
}
