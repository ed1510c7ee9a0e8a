using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Learning;

/// <summary>A skill's state in words for the learner's pages, reports and the teacher's drill-down (docs/adr/0009).</summary>
public static class SkillExplanations
{
    /// <summary>Why <paramref name="status"/> is what it is and what would change it, in plain words.</summary>
    public static MasteryExplanation For(LearnerState state, SkillStatus status)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(status);
        var missing = status.State == SkillState.Locked
            ? state.Course.Graph.PrerequisitesOf(status.Skill)
                .Where(p => state.Status(p).MasteredAt is null)
                .Select(p => state.Course.SkillsById[p].Title)
                .ToList()
            : [];
        return MasteryExplainer.Explain(status, state.Policy, state.Now, state.Mastery.NextReview(status.Skill), missing);
    }

    /// <summary>The words a learner sees for where a skill stands: the state, or for a skill in progress the class's band.</summary>
    public static string Level(LearnerState state, SkillStatus status) => status.State switch
    {
        SkillState.InProgress or SkillState.NeedsHelp => ClassBands.LabelOf(state.Bands, status),
        _ => StateLabel(status.State),
    };

    /// <summary>What the mastery meter says: "Ready for the mastery check", or <see cref="Level"/>.</summary>
    public static string MeterLevel(LearnerState state, SkillStatus status) =>
        status.ReadyForCheck ? "Ready for the mastery check" : Level(state, status);

    /// <summary>A state as people read it.</summary>
    public static string StateLabel(SkillState state) => state switch
    {
        SkillState.Locked => "Locked",
        SkillState.Ready => "Ready to start",
        SkillState.InProgress => "In progress",
        SkillState.NeedsHelp => "Needs help",
        SkillState.Mastered => "Mastered",
        SkillState.NeedsReview => "Needs review",
        SkillState.Placed => "Placed — to confirm",
        _ => "Unknown",
    };
}
