using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Mastery;

/// <summary>A mastery that a delayed review confirmed: the skill was mastered and still was after that review.</summary>
/// <param name="Skill">The skill.</param>
/// <param name="MasteredAt">When the mastery the review confirmed began.</param>
/// <param name="ReviewedAt">When the passed delayed review was answered.</param>
/// <param name="ReviewEventId">The review's event in the answer-event log.</param>
public sealed record DurableMasteryRecord(SkillId Skill, DateTimeOffset MasteredAt, DateTimeOffset ReviewedAt, string ReviewEventId);

/// <summary>
/// Finds, by replaying a learner's answer-event log through <see cref="LearnerMastery"/>, the skills whose mastery
/// survived a delayed review: a right answer to a spaced review (<see cref="EvidenceKind.Review"/>) given while the
/// skill was mastered, at least one whole day (<see cref="RetentionScheduler.WholeDays"/>) after the mastery began,
/// with the skill still mastered after it. A placement that was never confirmed does not count (it is not mastery the
/// learner showed), and a review on the day of mastery is not delayed.
/// </summary>
public static class DurableMastery
{
    /// <summary>The first confirming review of each skill, in log order; a skill appears at most once.</summary>
    /// <exception cref="ArgumentException">When an event names a skill that is not in the course.</exception>
    public static IReadOnlyList<DurableMasteryRecord> FromAnswers(SkillGraph graph, LearnerModel model, MasteryPolicy policy, IEnumerable<AnswerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(events);
        var mastery = new LearnerMastery(graph, model, policy);
        var found = new Dictionary<SkillId, DurableMasteryRecord>();
        foreach (var answer in events)
        {
            ArgumentNullException.ThrowIfNull(answer);
            var before = mastery.Status(answer.Skill);
            if (!mastery.Apply(answer) || found.ContainsKey(answer.Skill))
            {
                continue;
            }

            if (answer.Kind != EvidenceKind.Review || !answer.Correct || before.State != SkillState.Mastered || before.MasteredAt is not { } masteredAt)
            {
                continue;
            }

            if (RetentionScheduler.WholeDays(answer.At - masteredAt) >= 1 && mastery.Status(answer.Skill).State == SkillState.Mastered)
            {
                found[answer.Skill] = new DurableMasteryRecord(answer.Skill, masteredAt, answer.At, answer.EventId);
            }
        }

        return found.Values.OrderBy(r => r.ReviewedAt).ToList();
    }
}
