using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Planning;

/// <summary>What to do next on a skill.</summary>
public enum ActivityKind
{
    /// <summary>A spaced review of a mastered skill that is due (or whose review was failed).</summary>
    Review,

    /// <summary>Corrective work: the second explanation and more practice, or a weak prerequisite.</summary>
    Corrective,

    /// <summary>A mastery check of fresh variants.</summary>
    MasteryCheck,

    /// <summary>More practice on a skill in progress.</summary>
    Practice,

    /// <summary>A new skill on the frontier: its lesson, then practice.</summary>
    NewSkill,

    /// <summary>Extension work on a mastered skill.</summary>
    Enrichment,
}

/// <summary>One step of a plan, with the reason a learner or teacher is shown.</summary>
public sealed record PlannedActivity(ActivityKind Kind, SkillId Skill, string Reason);

/// <summary>
/// Answers "what should I do today?" from the skill graph and the learner's statuses, in this order: due
/// reviews, corrective work (routed to the weakest prerequisite when the gap is underneath), mastery checks
/// the learner is ready for, practice in progress, new skills on the frontier, and enrichment when nothing
/// else is due. It never plans a locked skill and gives the same plan for the same inputs.
/// </summary>
public static class DailyPlanner
{
    /// <summary>Plans at most <paramref name="limit"/> activities.</summary>
    /// <param name="graph">The course's skill graph.</param>
    /// <param name="statuses">The learner's status per skill (see <see cref="LearnerMastery.Statuses(DateTimeOffset)"/>).</param>
    /// <param name="reviewRetrievability">For mastered skills whose review is due: the estimated recall probability (lowest first).</param>
    /// <param name="limit">Maximum number of activities.</param>
    /// <param name="masteryBar">The probability bar, used to find weak prerequisites.</param>
    /// <param name="title">A skill's name as people read it (the id when not given).</param>
    public static IReadOnlyList<PlannedActivity> Plan(
        SkillGraph graph,
        IReadOnlyList<SkillStatus> statuses,
        IReadOnlyDictionary<SkillId, double> reviewRetrievability,
        int limit,
        double masteryBar = 0.95,
        Func<SkillId, string>? title = null)
    {
        title ??= s => s.Value;
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(reviewRetrievability);
        var byId = statuses.ToDictionary(s => s.Skill);
        var order = graph.TopologicalOrder.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var plan = new List<PlannedActivity>();
        var planned = new HashSet<SkillId>();

        void Add(ActivityKind kind, SkillId skill, string reason)
        {
            if (plan.Count < limit && byId.TryGetValue(skill, out var status) && status.State != SkillState.Locked && planned.Add(skill))
            {
                plan.Add(new PlannedActivity(kind, skill, reason));
            }
        }

        foreach (var s in statuses.Where(s => s.State == SkillState.NeedsReview).OrderBy(s => order[s.Skill]))
        {
            Add(ActivityKind.Review, s.Skill, "A review was missed: show it again to win the mastery back.");
        }

        foreach (var (skill, _) in reviewRetrievability.OrderBy(p => p.Value).ThenBy(p => order.GetValueOrDefault(p.Key)))
        {
            if (byId.TryGetValue(skill, out var s) && s.State == SkillState.Mastered)
            {
                Add(ActivityKind.Review, skill, "Review due: answer one question to keep this skill.");
            }
        }

        foreach (var s in statuses.Where(s => s.State == SkillState.Placed).OrderBy(s => order[s.Skill]))
        {
            Add(ActivityKind.Review, s.Skill, "Placed by your placement: answer one question on it to confirm.");
        }

        foreach (var s in statuses.Where(s => s.State == SkillState.NeedsHelp).OrderBy(s => order[s.Skill]))
        {
            var weakest = graph.Ancestors(s.Skill)
                .Select(a => byId.GetValueOrDefault(a))
                .Where(a => a is not null && a.State != SkillState.Locked && a.Probability < masteryBar && !planned.Contains(a.Skill))
                .OrderBy(a => a!.Probability)
                .ThenBy(a => order[a!.Skill])
                .FirstOrDefault();
            if (weakest is not null)
            {
                Add(ActivityKind.Corrective, weakest.Skill, $"Stuck on {title(s.Skill)}: the gap looks underneath, in {title(weakest.Skill)}. Practise it first.");
            }
            else
            {
                Add(ActivityKind.Corrective, s.Skill, "Stuck: read the other explanation, then practise again.");
            }
        }

        foreach (var s in statuses.Where(s => s.State is SkillState.InProgress or SkillState.NeedsHelp && (s.ReadyForCheck || s.CheckInProgress > 0)).OrderBy(s => order[s.Skill]))
        {
            Add(ActivityKind.MasteryCheck, s.Skill, s.CheckInProgress > 0 ? "Finish the mastery check you started." : "Ready for a mastery check.");
        }

        foreach (var s in statuses.Where(s => s.State == SkillState.InProgress).OrderByDescending(s => s.Probability).ThenBy(s => order[s.Skill]))
        {
            Add(ActivityKind.Practice, s.Skill, s.RightAnswersToCheck switch
            {
                1 => "Keep practising: one more right answer opens the mastery check.",
                int n => $"Keep practising: {n} right answers in a row open the mastery check.",
                null => "Keep practising.",
            });
        }

        foreach (var s in statuses.Where(s => s.State == SkillState.Ready).OrderBy(s => order[s.Skill]))
        {
            Add(ActivityKind.NewSkill, s.Skill, "Next on your path: every prerequisite is mastered.");
        }

        if (plan.Count == 0)
        {
            foreach (var s in statuses.Where(s => s.State == SkillState.Mastered).OrderByDescending(s => s.MasteredAt).ThenBy(s => order[s.Skill]))
            {
                Add(ActivityKind.Enrichment, s.Skill, "Nothing is due: stretch further on a skill you mastered.");
            }
        }

        return plan;
    }
}
