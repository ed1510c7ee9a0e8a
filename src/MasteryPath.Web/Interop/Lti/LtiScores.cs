using MasteryPath.Web.Learning;
using MasteryPath.Web.Reports;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>A score as AGS 2.0 sends it.</summary>
public sealed record LtiScore(double Given, double Maximum, string ActivityProgress, string GradingProgress);

/// <summary>
/// Mastery as the LMS gradebook receives it: the same standards-based score as the class's gradebook export, on the
/// scale the teacher sets with the class's bands (0 Not started, 1 to n for the bands, n + 1 Mastered; 0 to 4 with the
/// default bands). A skill sends its score; a unit or the whole course the mean of its skills' scores, to one decimal,
/// as the gradebook's unit columns do.
/// </summary>
public static class LtiScores
{
    /// <summary>The maximum of a line item made before any class's scale is known: the default scale's Mastered.</summary>
    public static double DefaultMaximum => ClassBands.Defaults.Count + 1;

    /// <summary>The word of a score on the class's scale ("Mastered", "Approaching", …): the level it has reached.</summary>
    public static string LevelName(IReadOnlyList<Band> bands, double score) =>
        Gradebook.ScaleOf(bands).First(level => level.Score <= Math.Floor(score)).Label;

    /// <summary>The score of a learner's state on a link's target (a skill, a unit or the whole course).</summary>
    public static LtiScore For(LearnerState state, string kind, string targetId, IReadOnlyList<Band> bands)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(bands);
        var maximum = bands.Count + 1;
        var statuses = state.Statuses;
        var skills = kind switch
        {
            "skill" => statuses.Where(s => s.Skill.Value == targetId).ToList(),
            "unit" => statuses.Where(s => state.Course.SkillsById.TryGetValue(s.Skill, out var skill) && skill.UnitId == targetId).ToList(),
            _ => statuses.ToList(),
        };
        if (skills.Count == 0)
        {
            return new LtiScore(0, maximum, "Initialized", "FullyGraded");
        }

        var scores = skills.Select(s => Gradebook.CellOf(bands, s).Score).ToList();
        var given = Math.Round(scores.Average(), 1, MidpointRounding.AwayFromZero);
        var activity = scores.All(score => score == maximum) ? "Completed" : skills.Any(s => s.Evidence > 0) ? "InProgress" : "Initialized";
        return new LtiScore(given, maximum, activity, "FullyGraded");
    }
}
