using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Planning;

/// <summary>Where one learner stands on assigned work.</summary>
public enum AssignmentStanding
{
    /// <summary>Nothing of it mastered yet, and not overdue.</summary>
    NotStarted,

    /// <summary>Some of its skills mastered, and not overdue.</summary>
    Started,

    /// <summary>Every skill mastered now (a failed review takes a skill's mastery away, and the work is not done again until it is regained).</summary>
    Done,

    /// <summary>Past its due date and not done.</summary>
    Overdue,
}

/// <summary>One learner's progress on assigned skills: how many are mastered, when the last was, and whether it is late.</summary>
/// <param name="Mastered">Assigned skills mastered now.</param>
/// <param name="Total">Assigned skills.</param>
/// <param name="DoneAt">When the last of them was mastered, once all are.</param>
/// <param name="Standing">Not started, started, done or overdue.</param>
public sealed record AssignmentProgress(int Mastered, int Total, DateTimeOffset? DoneAt, AssignmentStanding Standing)
{
    /// <summary>True when every assigned skill is mastered.</summary>
    public bool IsDone => Standing == AssignmentStanding.Done;

    /// <summary>
    /// The progress on <paramref name="skills"/> given the learner's statuses; a skill the learner has no status for
    /// (not enrolled yet) counts as not mastered. Work is overdue from the day after <paramref name="dueOn"/>.
    /// </summary>
    public static AssignmentProgress Of(IReadOnlyCollection<SkillId> skills, Func<SkillId, SkillStatus?> statusOf, DateOnly? dueOn, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(skills);
        ArgumentNullException.ThrowIfNull(statusOf);
        var statuses = skills.Select(statusOf).ToList();
        var mastered = statuses.Count(s => s is not null && IsMastered(s));
        var done = skills.Count > 0 && mastered == skills.Count;
        var standing = done ? AssignmentStanding.Done
            : dueOn is { } due && today > due ? AssignmentStanding.Overdue
            : mastered > 0 ? AssignmentStanding.Started
            : AssignmentStanding.NotStarted;
        return new AssignmentProgress(mastered, skills.Count, done ? statuses.Max(s => s!.MasteredAt) : null, standing);
    }

    private static bool IsMastered(SkillStatus status) => status.State == SkillState.Mastered;
}
