using MasteryPath.Content.Checking;
using MasteryPath.Content.Markdown;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Skills;
using YamlDotNet.RepresentationModel;

namespace MasteryPath.Content.Loading;

/// <summary>Reading a skill file: its front matter, standard, and lesson, corrective and enrichment sections.</summary>
public static partial class CourseLoader
{
    private static (Skill Skill, List<(string Id, YamlNode Node)> Prereqs, YamlMap Map)? ReadSkill(string path, string file, List<Diagnostic> diagnostics, CourseSources sources, MediaInventory media)
    {
        if (CourseFolder.ReadText(path, file, diagnostics) is not { } read)
        {
            return null;
        }

        var text = read.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, 1, 1), "missing-front-matter", "a skill file starts with front matter between '---' lines (id, title, objective, prerequisites)"));
            return null;
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, 1, 1), "missing-front-matter", "the front matter is not closed by a '---' line"));
            return null;
        }

        var root = ParseYaml(string.Join('\n', lines[1..end]), file, 1, diagnostics);
        if (root is null)
        {
            return null;
        }

        var map = new YamlMap(root, file, 1, diagnostics, "the skill");
        var id = map.String("id", required: true);
        var title = map.String("title", required: true) ?? string.Empty;
        var objective = map.String("objective", required: false);
        if (string.IsNullOrWhiteSpace(objective))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, map.Location, "missing-objective", $"skill '{id}' has no objective: state what the learner will be able to do, measurably"));
        }
        else if (objective.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 4)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, map.At(map.Node("objective")!), "vague-objective", "the objective is very short: say what the learner does and how it is judged"));
        }

        var unit = map.String("unit", required: false);
        var prereqs = map.StringList("prerequisites");
        var standard = ReadStandard(map, id);
        map.ReportUnknownFields();
        if (id is null)
        {
            return null;
        }

        if (!SkillId.IsValid(id))
        {
            map.Error(map.Node("id")!, "bad-id", $"'{id}' is not a valid skill id: use lower-case letters, digits and dashes");
            return null;
        }

        var expectedName = Path.GetFileNameWithoutExtension(path);
        if (expectedName != id)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, map.At(map.Node("id")!), "file-name", $"skill '{id}' is in a file named '{expectedName}.md'; name the file after the id"));
        }

        sources.Skills.TryAdd(id, new SourceLocation(file, 1, 1));
        var body = lines[(end + 1)..];
        var sections = SplitSections(body, end + 2, file, id, diagnostics, sources, media);
        var validPrereqs = prereqs.Where(p => SkillId.IsValid(p.Value)).ToList();
        foreach (var bad in prereqs.Where(p => !SkillId.IsValid(p.Value)))
        {
            map.Error(bad.Node, "bad-id", $"'{bad.Value}' is not a valid skill id");
        }

        var skill = new Skill(
            SkillId.Parse(id),
            title,
            objective ?? string.Empty,
            unit,
            validPrereqs.Select(p => SkillId.Parse(p.Value)).ToList(),
            sections.GetValueOrDefault("lesson", string.Empty),
            sections.GetValueOrDefault("corrective", string.Empty),
            sections.GetValueOrDefault("enrichment", string.Empty),
            standard);
        return (skill, validPrereqs, map);
    }

    /// <summary>
    /// The optional <c>standard:</c> block: the CASE CFItem the skill stands for (identifier, uri, code, statement,
    /// framework), written by the course author. A block that cannot name the standard is an error.
    /// </summary>
    private static SkillStandard? ReadStandard(YamlMap map, string? skillId)
    {
        var block = map.Map("standard", "the standard");
        if (block is null)
        {
            return null;
        }

        var identifier = block.String("identifier", required: true);
        var uri = block.String("uri", required: false);
        var code = block.String("code", required: false) ?? string.Empty;
        var statement = block.String("statement", required: true);
        var framework = block.String("framework", required: false);
        block.ReportUnknownFields();
        var valid = true;
        var guid = Guid.Empty;
        if (identifier is not null && !Guid.TryParse(identifier, out guid))
        {
            block.Error(block.Node("identifier")!, "bad-standard", $"skill '{skillId}': the standard's identifier '{identifier}' is not a CASE identifier (a UUID such as 9f3c…-…)");
            valid = false;
        }

        if (uri is not null && (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)))
        {
            block.Error(block.Node("uri")!, "bad-standard", $"skill '{skillId}': the standard's uri '{uri}' is not an http or https address");
            valid = false;
        }

        if (statement is not null && string.IsNullOrWhiteSpace(statement))
        {
            block.Error(block.Node("statement")!, "bad-standard", $"skill '{skillId}': the standard's statement is empty; copy the CFItem's fullStatement");
            valid = false;
        }

        return valid && identifier is not null && statement is not null
            ? new SkillStandard(guid.ToString(), uri, code.Trim(), statement.Trim(), framework?.Trim())
            : null;
    }

    private static Dictionary<string, string> SplitSections(string[] body, int firstLine, string file, string skillId, List<Diagnostic> diagnostics, CourseSources sources, MediaInventory media)
    {
        var sections = new Dictionary<string, (int Line, List<string> Lines)>(StringComparer.Ordinal);
        (int Line, List<string> Lines)? current = null;
        var inFence = false;
        for (var i = 0; i < body.Length; i++)
        {
            var line = body[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (!inFence && line.StartsWith("# ", StringComparison.Ordinal))
            {
                var name = line[2..].Trim().ToLowerInvariant();
                if (!Sections.Contains(name))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, firstLine + i, 1), "unknown-section", $"'# {line[2..].Trim()}' is not a section; a skill has '# Lesson', '# Corrective' and '# Enrichment' (use '##' for headings inside them)"));
                    current = null;
                    continue;
                }

                if (sections.ContainsKey(name))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, firstLine + i, 1), "duplicate-section", $"the section '# {line[2..].Trim()}' appears twice"));
                }

                current = (firstLine + i + 1, new List<string>());
                sections[name] = current.Value;
                continue;
            }

            if (current is null)
            {
                if (line.Trim().Length > 0)
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, firstLine + i, 1), "unreachable-content", "text before the first section is never shown; put it under '# Lesson'"));
                    current = (firstLine + i, new List<string>());
                    sections["(preamble)"] = current.Value;
                }

                continue;
            }

            current.Value.Lines.Add(line);
        }

        var located = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, (line, lines)) in sections)
        {
            var content = string.Join('\n', lines).Trim('\n');
            var leading = lines.TakeWhile(l => l.Length == 0).Count();
            result[name] = content;
            located[name] = new SourceLocation(file, line - 1, 1);
            foreach (var problem in CourseMarkdown.Validate(content, media))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, line + leading + problem.Line - 1, problem.Column), problem.Code, problem.Message));
            }
        }

        foreach (var required in Sections)
        {
            if (!result.TryGetValue(required, out var content) || content.Trim().Length == 0)
            {
                diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, 1, 1), "missing-section", $"skill '{skillId}' has no '# {char.ToUpperInvariant(required[0])}{required[1..]}' section (or it is empty)"));
            }
        }

        if (result.TryGetValue("lesson", out var lesson) && !CourseMarkdown.HasWorkedExample(lesson))
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, located["lesson"], "no-worked-example", $"the lesson of '{skillId}' has no worked example (a heading 'Worked example' or a '::: worked-example' block)"));
        }

        sources.SkillSections[skillId] = located;
        return result;
    }

    /// <summary>`variable-case: insensitive` (X and x are one variable) or `sensitive`; null when absent.</summary>
    private static bool? VariableCase(YamlMap map)
    {
        var value = map.String("variable-case", required: false);
        switch (value)
        {
            case null:
                return null;
            case "insensitive":
                return true;
            case "sensitive":
                return false;
            default:
                map.Error(map.Node("variable-case")!, "wrong-type", $"'variable-case' must be 'sensitive' or 'insensitive', not '{value}'");
                return null;
        }
    }
}
