using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Reports;

/// <summary>One skill of a standards-based report; its evidence is the answers on the skill since its last reset.</summary>
public sealed record ReportSkill(SkillId Skill, string Title, string Objective, SkillState State, double Probability, DateTimeOffset? MasteredAt, int Evidence, MasteryExplanation Explanation, string? Standard = null);

/// <summary>One unit of the report; its id is null for skills outside any unit.</summary>
public sealed record ReportUnit(string? UnitId, string Title, IReadOnlyList<ReportSkill> Skills)
{
    public int Mastered => Skills.Count(s => s.State == SkillState.Mastered);

    public int Placed => Skills.Count(s => s.State == SkillState.Placed);
}

/// <summary>A learner's standing on every skill of a course, per unit: the standards-based report.</summary>
public sealed record LearnerReport(string LearnerName, string? Email, string CourseId, string CourseTitle, string? ClassName, double Bar, DateTimeOffset GeneratedAt, IReadOnlyList<ReportUnit> Units)
{
    public int Mastered => Units.Sum(u => u.Mastered);

    public int Placed => Units.Sum(u => u.Placed);

    public int Total => Units.Sum(u => u.Skills.Count);

    /// <summary>Builds the report from the learner's replayed state.</summary>
    public static LearnerReport Build(LearnerState state, string learnerName, string? email, string? className)
    {
        var course = state.Course;
        var statuses = state.Statuses.ToDictionary(s => s.Skill);
        ReportSkill ToSkill(Skill skill)
        {
            var status = statuses[skill.Id];
            return new ReportSkill(skill.Id, skill.Title, skill.Objective, status.State, status.Probability, status.MasteredAt, status.Evidence, SkillExplanations.For(state, status), skill.Standard?.Display);
        }

        var ordered = course.Graph.TopologicalOrder.Select(s => course.SkillsById[s]).ToList();
        var units = course.Units
            .Select(u => new ReportUnit(u.Id, u.Title, ordered.Where(s => s.UnitId == u.Id).Select(ToSkill).ToList()))
            .Where(u => u.Skills.Count > 0)
            .ToList();
        var unitIds = course.Units.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        var other = ordered.Where(s => s.UnitId is null || !unitIds.Contains(s.UnitId)).Select(ToSkill).ToList();
        if (other.Count > 0)
        {
            units.Add(new ReportUnit(null, units.Count == 0 ? "Skills" : "Other skills", other));
        }

        return new LearnerReport(learnerName, email, course.Id, course.Title, className, state.Policy.Probability, state.Now, units);
    }
}
