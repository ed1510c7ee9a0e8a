using System.Globalization;
using System.Text;
using MasteryPath.Domain.Courses;
using YamlDotNet.Serialization;

namespace MasteryPath.Content.Standards;

/// <summary>
/// Writes a <see cref="CourseOutline"/> as a course folder (course.yaml, skills/&lt;id&gt;.md, README.md). Skills get
/// their front matter and empty # Lesson, # Corrective and # Enrichment sections and no items: nothing is invented,
/// so <c>course check</c> names exactly what the author must still write, and README.md lists it.
/// </summary>
public static class CourseOutlineWriter
{
    private static readonly ISerializer Yaml = new SerializerBuilder().DisableAliases().Build();

    /// <summary>
    /// Writes the outline into <paramref name="folder"/> and returns the files written (relative paths). With
    /// <paramref name="force"/> it writes into a folder that already holds files, replacing course.yaml, README.md and
    /// the skill files of the same names.
    /// </summary>
    public static IReadOnlyList<string> Write(CourseOutline outline, string folder, bool force)
    {
        ArgumentNullException.ThrowIfNull(outline);
        ArgumentNullException.ThrowIfNull(folder);
        if (File.Exists(folder))
        {
            throw new CasePackageException($"'{folder}' is a file; give a folder for the course outline");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !force)
        {
            throw new CasePackageException($"'{folder}' already holds files; give an empty or new folder, or --force to write into it (course.yaml, README.md and skill files of the same names are replaced)");
        }

        var files = new List<(string Path, string Text)>
        {
            ("course.yaml", CourseYaml(outline)),
            ("README.md", Readme(outline)),
        };
        files.AddRange(outline.Skills.Select(s => ($"skills/{s.Id}.md", SkillFile(s))));
        Directory.CreateDirectory(Path.Combine(folder, "skills"));
        foreach (var (path, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, path), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        return files.Select(f => f.Path).ToList();
    }

    public static string CourseYaml(CourseOutline outline)
    {
        ArgumentNullException.ThrowIfNull(outline);
        var course = new Dictionary<string, object>
        {
            ["id"] = outline.CourseId,
            ["title"] = outline.Title,
            ["description"] = outline.Description,
            ["version"] = "0.1.0",
        };
        if (outline.Units.Count > 0)
        {
            course["units"] = outline.Units.Select(u => new Dictionary<string, string> { ["id"] = u.Id, ["title"] = u.Title }).ToList();
        }

        return "# Imported from a CASE framework by `masterypath course import-case`; see README.md for what is still to write.\n" + Yaml.Serialize(course);
    }

    public static string SkillFile(OutlineSkill skill)
    {
        ArgumentNullException.ThrowIfNull(skill);
        var front = new Dictionary<string, object>
        {
            ["id"] = skill.Id,
            ["title"] = skill.Title,
            ["objective"] = skill.Objective,
        };
        if (skill.UnitId is not null)
        {
            front["unit"] = skill.UnitId;
        }

        front["prerequisites"] = skill.Prerequisites;
        front["standard"] = StandardBlock(skill.Standard);
        return $"---\n{Yaml.Serialize(front)}---\n# Lesson\n\n# Corrective\n\n# Enrichment\n";
    }

    private static Dictionary<string, string> StandardBlock(SkillStandard standard)
    {
        var block = new Dictionary<string, string> { ["identifier"] = standard.Identifier };
        if (standard.Uri is not null)
        {
            block["uri"] = standard.Uri;
        }

        if (standard.Code.Length > 0)
        {
            block["code"] = standard.Code;
        }

        block["statement"] = standard.Statement;
        if (standard.Framework is not null)
        {
            block["framework"] = standard.Framework;
        }

        return block;
    }

    public static string Readme(CourseOutline outline)
    {
        ArgumentNullException.ThrowIfNull(outline);
        var mastery = new MasterySettings();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {outline.Title}: what is still to write");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"This outline was imported from the CASE framework \"{outline.Framework.Title}\" (CFDocument {outline.Framework.Identifier}{(outline.Framework.Uri is null ? string.Empty : $", {outline.Framework.Uri}")}).");
        text.AppendLine("Each skill keeps its standard's CASE identifier, uri, code and full statement in its `standard:` block; the objective is");
        text.AppendLine("the full statement and the title its start. Units come from the framework's hierarchy and prerequisites from its");
        text.AppendLine("`precedes` associations. Nothing else was written: `masterypath course check` reports every part below as an error");
        text.AppendLine("until it is written, and the course cannot be loaded by the web app before then: keep this folder out of the");
        text.AppendLine("courses folder the web app reads (it refuses to start with a course that has errors) until `course check` passes.");
        text.AppendLine();
        text.AppendLine("For every skill:");
        text.AppendLine();
        text.AppendLine("- `# Lesson` (with a `## Worked example`), `# Corrective` and `# Enrichment` in `skills/<id>.md` (`missing-section`);");
        text.AppendLine(CultureInfo.InvariantCulture, $"- items or templates in `items/<id>.yaml` giving at least {mastery.PracticeVariants + mastery.CheckItems} distinct variants ({mastery.PracticeVariants} for practice, {mastery.CheckItems} for the mastery check) (`no-practice`, `too-few-variants`);");
        text.AppendLine("- a look at the title, the objective and the prerequisites, which are the framework's words and order, not yet yours.");
        text.AppendLine();
        text.AppendLine("| Skill | Standard | Unit | Prerequisites | Still to write |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var skill in outline.Skills)
        {
            var prerequisites = skill.Prerequisites.Count == 0 ? "none" : string.Join(", ", skill.Prerequisites);
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{skill.Id}` | {Cell(skill.Standard.Code)} ({skill.Standard.Identifier}) | {skill.UnitId ?? "none"} | {prerequisites} | lesson, corrective, enrichment, items |");
        }

        if (outline.LeftOut.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Left out of the framework");
            text.AppendLine();
            foreach (var line in outline.LeftOut)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
            }
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
