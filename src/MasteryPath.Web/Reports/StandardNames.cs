using MasteryPath.Domain.Courses;

namespace MasteryPath.Web.Reports;

/// <summary>How the exports name the official standard (a CASE CFItem) a skill stands for.</summary>
public static class StandardNames
{
    /// <summary>The source of a learning objective id in OneRoster 1.2: a CASE CFItem's identifier.</summary>
    public const string OneRosterCaseSource = "case";

    /// <summary>"Find unit rates (CCSS.Math.Content.6.RP.A.2)": a skill's title with its standard's code, where a header has room for one name.</summary>
    public static string Heading(Skill skill)
    {
        ArgumentNullException.ThrowIfNull(skill);
        return skill.Standard is { Code.Length: > 0 } standard ? $"{skill.Title} ({standard.Code})" : skill.Title;
    }

    /// <summary>The standard's code, or its statement when the framework gave no code; empty without a standard.</summary>
    public static string Code(Skill skill) =>
        skill?.Standard is { } standard ? (standard.Code.Length > 0 ? standard.Code : standard.Statement) : string.Empty;

    /// <summary>The standard's CASE identifier (a GUID); empty without a standard.</summary>
    public static string CaseIdentifier(Skill skill) => skill?.Standard?.Identifier ?? string.Empty;
}
