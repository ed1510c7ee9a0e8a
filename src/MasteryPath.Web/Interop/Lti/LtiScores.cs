using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>A score as AGS 2.0 sends it.</summary>
public sealed record LtiScore(double Given, double Maximum, string ActivityProgress, string GradingProgress);

/// <summary>
/// Mastery as a standards-based score out of 4: a skill is 4 Mastered, 3 Approaching (placed but not confirmed, a
/// review due after a failed one, or an estimate at 70 % or more), 2 Developing (answers, not there yet), 1 Beginning
/// (no answer yet); a unit or course is the mean of its skills' levels, to two decimals.
/// </summary>
public static class LtiScores
{
    public const double Maximum = 4;

    public static int Level(SkillStatus status) => status.State switch
    {
        SkillState.Mastered => 4,
        SkillState.Placed or SkillState.NeedsReview => 3,
        _ when status.Probability >= 0.7 && status.Evidence > 0 => 3,
        _ when status.Evidence > 0 => 2,
        _ => 1,
    };

    public static string LevelName(int level) => level switch
    {
        4 => "Mastered",
        3 => "Approaching",
        2 => "Developing",
        _ => "Beginning",
    };

    /// <summary>The score of a learner's state on a link's target (a skill, a unit or the whole course).</summary>
    public static LtiScore For(LearnerState state, string kind, string targetId)
    {
        var statuses = state.Statuses;
        var skills = kind switch
        {
            "skill" => statuses.Where(s => s.Skill.Value == targetId).ToList(),
            "unit" => statuses.Where(s => state.Course.SkillsById.TryGetValue(s.Skill, out var skill) && skill.UnitId == targetId).ToList(),
            _ => statuses.ToList(),
        };
        if (skills.Count == 0)
        {
            return new LtiScore(1, Maximum, "Initialized", "FullyGraded");
        }

        var levels = skills.Select(Level).ToList();
        var given = Math.Round(levels.Average(), 2, MidpointRounding.AwayFromZero);
        var activity = levels.All(l => l == 4) ? "Completed" : skills.Any(s => s.Evidence > 0) ? "InProgress" : "Initialized";
        return new LtiScore(given, Maximum, activity, "FullyGraded");
    }
}
