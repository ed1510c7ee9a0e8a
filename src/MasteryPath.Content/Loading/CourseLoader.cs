using MasteryPath.Content.Checking;
using MasteryPath.Content.Markdown;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Math;
using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MasteryPath.Content.Loading;

/// <summary>The outcome of reading a course folder: the course when it has no errors, and every problem found.</summary>
public sealed class CourseLoadResult
{
    internal CourseLoadResult(string root, Course? course, IReadOnlyList<Diagnostic> diagnostics, CourseSources sources, int skillCount, int itemCount, int templateCount, int taskCount)
    {
        Mastery = course?.Mastery ?? new MasterySettings();
        Root = root;
        Course = course;
        Diagnostics = diagnostics;
        Sources = sources;
        SkillCount = skillCount;
        ItemCount = itemCount;
        TemplateCount = templateCount;
        TaskCount = taskCount;
    }

    /// <summary>The folder as given.</summary>
    public string Root { get; }

    /// <summary>The course, or null when any error was found.</summary>
    public Course? Course { get; }

    /// <summary>The mastery settings read (defaults when course.yaml could not be read).</summary>
    public MasterySettings Mastery { get; internal init; }

    /// <summary>Every item and template that compiled, even when the course as a whole has errors.</summary>
    public IReadOnlyList<ItemDefinition> ItemDefinitions { get; internal init; } = [];

    /// <summary>Every skill read, even when the course as a whole has errors.</summary>
    public IReadOnlyList<Skill> SkillDefinitions { get; internal init; } = [];

    /// <summary>Every problem, in file order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Where things were written.</summary>
    public CourseSources Sources { get; }

    /// <summary>Skills read (even when the course has errors).</summary>
    public int SkillCount { get; }

    /// <summary>Fixed items read.</summary>
    public int ItemCount { get; }

    /// <summary>Templates read.</summary>
    public int TemplateCount { get; }

    /// <summary>Performance tasks read.</summary>
    public int TaskCount { get; }

    /// <summary>True when there is at least one error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Reads a course folder (course.yaml, skills/*.md, items/*.yaml, tasks/*.yaml) into a <see cref="Course"/>,
/// reporting every problem with its file, line and column.
/// </summary>
public static partial class CourseLoader
{
    private static readonly string[] Sections = ["lesson", "corrective", "enrichment"];

    /// <summary>Loads the course in <paramref name="folder"/>.</summary>
    public static CourseLoadResult Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var diagnostics = new List<Diagnostic>();
        var sources = new CourseSources();
        if (!Directory.Exists(folder))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(folder, 1, 1), "no-course", "there is no folder here"));
            return new CourseLoadResult(folder, null, diagnostics, sources, 0, 0, 0, 0);
        }

        string Display(string path) => Path.Combine(folder, Path.GetRelativePath(folder, path)).Replace('\\', '/');
        string Shown(CourseFile file) => Display(Path.Combine(folder, file.Relative));

        var files = CourseFolder.Scan(folder, Display, diagnostics);
        var media = MediaChecks.Inventory(files);
        var header = ReadCourseFile(folder, files, Display, diagnostics, sources);
        var skills = new List<(Skill Skill, List<(string Id, YamlNode Node)> Prereqs, YamlMap Map)>();
        foreach (var file in Files(files, "skills", ".md"))
        {
            var skill = ReadSkill(file.ReadPath, Shown(file), diagnostics, sources, media);
            if (skill is not null)
            {
                skills.Add(skill.Value);
            }
        }

        var items = new List<(ItemDefinition Item, YamlMap Map)>();
        foreach (var file in Files(files, "items", ".yaml").Concat(Files(files, "items", ".yml")))
        {
            items.AddRange(ReadItemFile(file.ReadPath, Shown(file), header?.IgnoreVariableCase ?? false, diagnostics, sources));
        }

        var tasks = new List<(PerformanceTask Task, YamlMap Map, List<(string Id, YamlNode Node)> Skills)>();
        foreach (var file in Files(files, "tasks", ".yaml").Concat(Files(files, "tasks", ".yml")))
        {
            var task = ReadTask(file.ReadPath, Shown(file), diagnostics, sources, media);
            if (task is not null)
            {
                tasks.Add(task.Value);
            }
        }

        MediaChecks.Check(files, Shown, items.Select(i => i.Item), sources, media, diagnostics);
        ReportStrayFiles(files, Shown, diagnostics);
        CrossCheck(header, skills, items, tasks, diagnostics, sources);

        Course? course = null;
        var ordered = diagnostics.OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();
        if (header is not null && ordered.All(d => d.Severity != Severity.Error))
        {
            course = new Course(
                header.Value.Id,
                header.Value.Title,
                header.Value.Description,
                header.Value.Version,
                header.Value.Mastery,
                header.Value.Units.Select(u => u.Unit).ToList(),
                skills.Select(s => s.Skill).ToList(),
                items.Select(i => i.Item).ToList(),
                tasks.Select(t => t.Task).ToList())
            {
                Feedback = header.Value.Feedback,
            };
        }

        return new CourseLoadResult(
            folder,
            course,
            ordered,
            sources,
            skills.Count,
            items.Count(i => !i.Item.IsTemplate),
            items.Count(i => i.Item.IsTemplate),
            tasks.Count)
        {
            Mastery = header?.Mastery ?? new MasterySettings(),
            ItemDefinitions = items.Select(i => i.Item).ToList(),
            SkillDefinitions = skills.Select(s => s.Skill).ToList(),
        };
    }

    private static IEnumerable<CourseFile> Files(IReadOnlyList<CourseFile> files, string sub, string extension) =>
        files.Where(f => f.Relative.StartsWith(sub + "/", StringComparison.Ordinal) && f.Relative.EndsWith(extension, StringComparison.Ordinal));

    private static void ReportStrayFiles(IReadOnlyList<CourseFile> files, Func<CourseFile, string> display, List<Diagnostic> diagnostics)
    {
        foreach (var file in files)
        {
            var relative = file.Relative;
            var known = relative is "course.yaml" or "README.md"
                || relative.StartsWith("media/", StringComparison.Ordinal)
                || (relative.StartsWith("skills/", StringComparison.Ordinal) && relative.EndsWith(".md", StringComparison.Ordinal))
                || (relative.StartsWith("items/", StringComparison.Ordinal) && (relative.EndsWith(".yaml", StringComparison.Ordinal) || relative.EndsWith(".yml", StringComparison.Ordinal)))
                || (relative.StartsWith("tasks/", StringComparison.Ordinal) && (relative.EndsWith(".yaml", StringComparison.Ordinal) || relative.EndsWith(".yml", StringComparison.Ordinal)));
            if (!known)
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, new SourceLocation(display(file), 1, 1), "unreachable-content", "this file is not part of the course: skills go in skills/*.md, items in items/*.yaml, tasks in tasks/*.yaml, images in media/"));
            }
        }
    }

    private static YamlMappingNode? ParseYaml(string text, string file, int lineOffset, List<Diagnostic> diagnostics)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet sometimes fails this way instead of with a YamlException (e.g. an unclosed '[').
            var at = scanner.CurrentPosition;
            diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, (int)at.Line + lineOffset, (int)at.Column), "yaml-syntax", "the YAML could not be read here: look for an unclosed '[', '{' or quote above this point"));
            return null;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            var at = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && at > 0)
            {
                message = message[(at + 3)..];
            }

            diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, (int)ex.Start.Line + lineOffset, (int)ex.Start.Column), "yaml-syntax", message));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, 1 + lineOffset, 1), "yaml-syntax", "expected a mapping of 'key: value' lines"));
            return null;
        }

        return root;
    }

    private record struct CourseHeader(string Id, string Title, string Description, string Version, MasterySettings Mastery, List<(Unit Unit, YamlNode Node)> Units, YamlMap Map, bool IgnoreVariableCase)
    {
        public FeedbackSettings Feedback { get; init; } = new();
    }

    private static CourseHeader? ReadCourseFile(string folder, IReadOnlyList<CourseFile> files, Func<string, string> display, List<Diagnostic> diagnostics, CourseSources sources)
    {
        var file = display(Path.Combine(folder, "course.yaml"));
        var path = files.FirstOrDefault(f => f.Relative == "course.yaml")?.ReadPath;
        if (path is null)
        {
            // A course.yaml the scan refused (a link outside, a loop) is already reported; one error is enough.
            if (!diagnostics.Any(d => d.Location.File == file))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, 1, 1), "missing-file", "every course folder needs a course.yaml"));
            }

            return null;
        }

        var root = CourseFolder.ReadText(path, file, diagnostics) is { } text ? ParseYaml(text, file, 0, diagnostics) : null;
        if (root is null)
        {
            return null;
        }

        var map = new YamlMap(root, file, 0, diagnostics, "the course");
        sources.CourseFile = map.Location;
        var id = map.String("id", required: true) ?? string.Empty;
        if (id.Length > 0 && !SkillId.IsValid(id))
        {
            map.Error(map.Node("id")!, "bad-id", $"'{id}' is not a valid id: use lower-case letters, digits and dashes");
        }

        var title = map.String("title", required: true) ?? string.Empty;
        var description = map.String("description", required: true) ?? string.Empty;
        var version = map.String("version", required: true) ?? string.Empty;
        var defaults = new MasterySettings();
        var mastery = defaults;
        var masteryMap = map.Map("mastery", "the mastery settings");
        if (masteryMap is not null)
        {
            mastery = new MasterySettings(
                masteryMap.Number("probability", 0.5, 0.999) ?? defaults.MasteryProbability,
                (int)(masteryMap.Number("minimum-evidence", 1, 100) ?? defaults.MinimumEvidence),
                (int)(masteryMap.Number("check-items", 1, 50) ?? defaults.CheckItems),
                masteryMap.Number("check-pass-ratio", 0.5, 1) ?? defaults.CheckPassRatio,
                (int)(masteryMap.Number("practice-variants", 1, 1000) ?? defaults.PracticeVariants));
            masteryMap.ReportUnknownFields();
        }

        var feedback = ReadFeedback(map);
        var units = new List<(Unit, YamlNode)>();
        foreach (var u in map.MapList("units", "a unit"))
        {
            var unitId = u.String("id", required: true);
            var unitTitle = u.String("title", required: true);
            u.ReportUnknownFields();
            if (unitId is not null && unitTitle is not null)
            {
                units.Add((new Unit(unitId, unitTitle), u.Node("id")!));
            }
        }

        var ignoreVariableCase = VariableCase(map) ?? false;
        map.ReportUnknownFields();
        return new CourseHeader(id, title, description, version, mastery, units, map, ignoreVariableCase) { Feedback = feedback };
    }

    private static FeedbackSettings ReadFeedback(YamlMap course)
    {
        var defaults = new FeedbackSettings();
        var map = course.Map("feedback", "the feedback settings");
        if (map is null)
        {
            return defaults;
        }

        var retries = map.Number("practice-retries", 0, 3);
        if (retries is { } r && r != System.Math.Floor(r))
        {
            map.Error(map.Node("practice-retries")!, "wrong-type", "'practice-retries' must be a whole number");
            retries = null;
        }

        var reveal = defaults.RevealAnswer;
        if (map.String("reveal-answer", required: false) is { } text)
        {
            switch (text)
            {
                case "after-last-try":
                    reveal = RevealAnswer.AfterLastTry;
                    break;
                case "on-request":
                    reveal = RevealAnswer.OnRequest;
                    break;
                default:
                    map.Error(map.Node("reveal-answer")!, "out-of-range", $"'reveal-answer' is 'after-last-try' or 'on-request', not '{text}'");
                    break;
            }
        }

        var review = map.Bool("check-review", defaults.CheckReview);
        map.ReportUnknownFields();
        return new FeedbackSettings((int)(retries ?? defaults.PracticeRetries), reveal, review);
    }

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

    private static List<(ItemDefinition, YamlMap)> ReadItemFile(string path, string file, bool ignoreVariableCase, List<Diagnostic> diagnostics, CourseSources sources)
    {
        var result = new List<(ItemDefinition, YamlMap)>();
        var root = CourseFolder.ReadText(path, file, diagnostics) is { } text ? ParseYaml(text, file, 0, diagnostics) : null;
        if (root is null)
        {
            return result;
        }

        var map = new YamlMap(root, file, 0, diagnostics, "the item file");
        var defaultSkill = map.String("skill", required: false);
        foreach (var item in map.MapList("items", "an item"))
        {
            var definition = ReadItem(item, defaultSkill, isTemplate: false, ignoreVariableCase, diagnostics, sources);
            if (definition is not null)
            {
                result.Add((definition, item));
            }
        }

        foreach (var template in map.MapList("templates", "a template"))
        {
            var definition = ReadItem(template, defaultSkill, isTemplate: true, ignoreVariableCase, diagnostics, sources);
            if (definition is not null)
            {
                result.Add((definition, template));
            }
        }

        if (!map.Has("items") && !map.Has("templates"))
        {
            map.Error("empty-file", "an item file needs 'items:' or 'templates:'");
        }

        map.ReportUnknownFields();
        return result;
    }

    private static ItemDefinition? ReadItem(YamlMap map, string? defaultSkill, bool isTemplate, bool ignoreVariableCase, List<Diagnostic> diagnostics, CourseSources sources)
    {
        var fields = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        void Locate(string field, YamlNode? node)
        {
            if (node is not null)
            {
                fields[field] = map.At(node);
            }
        }

        foreach (var name in new[] { "prompt", "answer", "tolerance", "solution", "constraints", "parameters", "choices", "misconceptions", "hints", "accept", "skill", "also", "verify", "lowest-terms", "mixed-number", "simplified", "standard-form", "decimal-places", "solved-for", "expanded", "positive-exponents", "variable-case" })
        {
            Locate(name, map.Node(name));
        }

        var id = map.String("id", required: true);
        var kindName = map.String("kind", required: true);
        var skill = map.String("skill", required: false) ?? defaultSkill;
        var also = map.StringList("also");
        var exercises = ReadExercises(map, Locate);
        var prompt = map.String("prompt", required: true);
        var answer = map.Node("answer") is YamlScalarNode { Value: not null } a ? a.Value : null;
        if (map.Node("answer") is YamlSequenceNode or YamlMappingNode)
        {
            map.Error(map.Node("answer")!, "wrong-type", "'answer' must be text or a number (quote it if it starts with '[[')");
        }

        var tolerance = map.String("tolerance", required: false);
        var lowestTerms = map.Bool("lowest-terms", false);
        var simplified = map.Bool("simplified", false);
        var expanded = map.Bool("expanded", false);
        var positiveExponents = map.Bool("positive-exponents", false);
        var solvedFor = map.String("solved-for", required: false);
        var decimalPlaces = map.Number("decimal-places", 0, 10);
        var form = new AnswerForm(
            map.Bool("mixed-number", false),
            map.Bool("standard-form", false),
            decimalPlaces is null ? null : (int)decimalPlaces.Value,
            VariableCase(map) ?? ignoreVariableCase);
        var caseSensitive = map.Bool("case-sensitive", false);
        var shuffle = map.Bool("shuffle", true);
        var accept = map.StringList("accept");
        for (var i = 0; i < accept.Count; i++)
        {
            Locate($"accept[{i}]", accept[i].Node);
        }

        var hints = map.StringList("hints");
        for (var i = 0; i < hints.Count; i++)
        {
            Locate($"hints[{i}]", hints[i].Node);
        }

        var solution = map.String("solution", required: true);
        var difficulty = map.Number("difficulty", 1, 5);
        var choices = new List<ChoiceDefinition>();
        var choiceMaps = map.MapList("choices", "a choice");
        for (var i = 0; i < choiceMaps.Count; i++)
        {
            var c = choiceMaps[i];
            Locate($"choices[{i}]", c.Node("text"));
            Locate($"choices[{i}].feedback", c.Node("feedback"));
            var text = c.String("text", required: true);
            var correct = c.Bool("correct", false);
            var feedback = c.String("feedback", required: false);
            c.ReportUnknownFields();
            if (text is not null)
            {
                choices.Add(new ChoiceDefinition(text, correct, feedback));
            }
        }

        var misconceptions = new List<MisconceptionDefinition>();
        var misconceptionMaps = map.MapList("misconceptions", "a misconception");
        for (var i = 0; i < misconceptionMaps.Count; i++)
        {
            var m = misconceptionMaps[i];
            Locate($"misconceptions[{i}]", m.Node("answer"));
            Locate($"misconceptions[{i}].feedback", m.Node("feedback"));
            var wrong = m.String("answer", required: true);
            var feedback = m.String("feedback", required: true);
            m.ReportUnknownFields();
            if (wrong is not null && feedback is not null)
            {
                misconceptions.Add(new MisconceptionDefinition(wrong, feedback));
            }
        }

        var parameters = new List<ParameterSpec>();
        var verify = map.StringList("verify");
        for (var i = 0; i < verify.Count; i++)
        {
            Locate($"verify[{i}]", verify[i].Node);
        }

        var constraints = map.StringList("constraints");
        for (var i = 0; i < constraints.Count; i++)
        {
            Locate($"constraints[{i}]", constraints[i].Node);
        }

        var parameterMap = map.Map("parameters", "the parameters");
        if (parameterMap is not null)
        {
            foreach (var (name, keyNode, value) in parameterMap.Entries())
            {
                Locate($"parameters.{name}", keyNode);
                var spec = ReadParameter(map, name, keyNode, value);
                if (spec is not null)
                {
                    parameters.Add(spec);
                }
            }
        }

        map.ReportUnknownFields();
        if (id is null || kindName is null || prompt is null || solution is null)
        {
            return null;
        }

        if (!SkillId.IsValid(id))
        {
            map.Error(map.Node("id")!, "bad-id", $"'{id}' is not a valid id: use lower-case letters, digits and dashes");
            return null;
        }

        if (!sources.Items.TryAdd(id, new ItemSource(map.Location, fields)))
        {
            map.Error(map.Node("id")!, "duplicate-id", $"the id '{id}' is already used by the item or template at {sources.Items[id].Location}");
            return null;
        }

        if (!ItemKinds.ByName.TryGetValue(kindName, out var kind))
        {
            map.Error(map.Node("kind")!, "unknown-kind", $"'{kindName}' is not an item kind; use one of: {string.Join(", ", ItemKinds.ByName.Keys)}");
            return null;
        }

        if (skill is null || !SkillId.IsValid(skill))
        {
            map.Error("missing-skill", $"'{id}' is tagged to no valid skill: give it 'skill:' (or 'skill:' at the top of the file)");
            return null;
        }

        if (isTemplate && parameters.Count == 0)
        {
            map.Error("no-parameters", $"template '{id}' has no parameters, so every variant is the same: add parameters or list it under 'items:'");
        }
        else if (!isTemplate && parameters.Count > 0)
        {
            map.Error(map.Node("parameters")!, "unexpected-parameters", $"item '{id}' has parameters: list it under 'templates:'");
        }

        if (kind is ItemKind.SingleChoice or ItemKind.MultipleSelect)
        {
            if (choices.Count == 0)
            {
                map.Error("missing-field", $"choice item '{id}' has no 'choices'");
                return null;
            }
        }
        else if (answer is null)
        {
            map.Error("missing-field", $"item '{id}' has no 'answer'");
            return null;
        }

        if (hints.Count == 0)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, map.Location, "no-hints", $"'{id}' has no hints"));
        }

        var definition = new ItemDefinition(
            id,
            kind,
            SkillId.Parse(skill),
            also.Where(s => SkillId.IsValid(s.Value)).Select(s => SkillId.Parse(s.Value)).ToList(),
            parameters,
            constraints.Select(c => c.Value).ToList(),
            prompt,
            answer,
            accept.Select(x => x.Value).ToList(),
            tolerance,
            lowestTerms,
            simplified,
            caseSensitive,
            choices,
            misconceptions,
            hints.Select(h => h.Value).ToList(),
            solution,
            difficulty is null ? null : (int)difficulty.Value,
            shuffle,
            verify.Select(v => v.Value).ToList(),
            expanded,
            positiveExponents,
            solvedFor,
            form,
            exercises);
        try
        {
            _ = new ItemGenerator(definition);
        }
        catch (TemplateException ex)
        {
            var location = sources.Items[id].Find(ex.Field);
            diagnostics.Add(new Diagnostic(Severity.Error, location, "bad-formula", $"'{id}' {ex.Field}: {ex.Message}"));
            return null;
        }

        return definition;
    }

    private static ParameterSpec? ReadParameter(YamlMap owner, string name, YamlNode keyNode, YamlNode value)
    {
        if (value is not YamlMappingNode spec || spec.Children.Count != 1 && !spec.Children.ContainsKey(new YamlScalarNode("step")) && !spec.Children.ContainsKey(new YamlScalarNode("exclude")))
        {
            owner.Error(value, "bad-parameter", $"parameter '{name}' must be one of {{ range: [min, max] }} (with optional step and exclude), {{ choices: [...] }} or {{ compute: \"formula\" }}");
            return null;
        }

        YamlNode? Get(string key) => spec.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;
        var unknown = spec.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value is not ("range" or "step" or "exclude" or "choices" or "compute"));
        if (unknown is not null)
        {
            owner.Error(unknown, "bad-parameter", $"parameter '{name}' has no field '{unknown.Value}'");
            return null;
        }

        if (Get("compute") is YamlScalarNode { Value: not null } compute)
        {
            return new ComputedParameter(name, compute.Value);
        }

        if (Get("choices") is YamlSequenceNode options)
        {
            var values = new List<Value>();
            foreach (var option in options.Children)
            {
                if (option is not YamlScalarNode { Value: not null } s)
                {
                    owner.Error(option, "bad-parameter", $"every choice of parameter '{name}' must be a number or text");
                    return null;
                }

                values.Add(s.Style == ScalarStyle.Plain && TryNumber(s.Value, out var r) ? Value.Of(r) : Value.Of(s.Value));
            }

            return new ChoiceParameter(name, values);
        }

        if (Get("range") is YamlSequenceNode { Children.Count: 2 } range
            && range.Children[0] is YamlScalarNode { Value: not null } lo && TryNumber(lo.Value, out var min)
            && range.Children[1] is YamlScalarNode { Value: not null } hi && TryNumber(hi.Value, out var max))
        {
            var step = Rational.One;
            if (Get("step") is { } stepNode)
            {
                if (stepNode is not YamlScalarNode { Value: not null } st || !TryNumber(st.Value, out step) || step.Sign <= 0)
                {
                    owner.Error(stepNode, "bad-parameter", $"the step of parameter '{name}' must be a positive number");
                    return null;
                }
            }

            var exclude = new List<Rational>();
            if (Get("exclude") is YamlSequenceNode excluded)
            {
                foreach (var e in excluded.Children)
                {
                    if (e is YamlScalarNode { Value: not null } es && TryNumber(es.Value, out var x))
                    {
                        exclude.Add(x);
                    }
                    else
                    {
                        owner.Error(e, "bad-parameter", $"every excluded value of parameter '{name}' must be a number");
                    }
                }
            }

            if (min > max)
            {
                owner.Error(range, "bad-parameter", $"the range of parameter '{name}' is empty: {min} is above {max}");
                return null;
            }

            return new RangeParameter(name, min, max, step, exclude);
        }

        owner.Error(value, "bad-parameter", $"parameter '{name}' must be one of {{ range: [min, max] }} (with optional step and exclude), {{ choices: [...] }} or {{ compute: \"formula\" }}");
        return null;
    }

    private static bool TryNumber(string text, out Rational value)
    {
        var written = NumberReader.TryRead(text, out _);
        value = written?.Value ?? Rational.Zero;
        return written is not null;
    }

    private static (PerformanceTask, YamlMap, List<(string Id, YamlNode Node)>)? ReadTask(string path, string file, List<Diagnostic> diagnostics, CourseSources sources, MediaInventory media)
    {
        var root = CourseFolder.ReadText(path, file, diagnostics) is { } text ? ParseYaml(text, file, 0, diagnostics) : null;
        if (root is null)
        {
            return null;
        }

        var map = new YamlMap(root, file, 0, diagnostics, "the task");
        var id = map.String("id", required: true);
        var title = map.String("title", required: true);
        var skills = map.StringList("skills");
        var prompt = map.String("prompt", required: true);
        var submission = map.Map("submission", "the submission rules");
        var rules = new SubmissionRules(true, [], 10);
        if (submission is not null)
        {
            rules = new SubmissionRules(
                submission.Bool("text", true),
                submission.StringList("files").Select(f => f.Value.TrimStart('.').ToLowerInvariant()).ToList(),
                (int)(submission.Number("max-megabytes", 1, 100) ?? 10));
            submission.ReportUnknownFields();
            if (!rules.Text && rules.FileTypes.Count == 0)
            {
                submission.Error("bad-task", "the task accepts neither text nor files");
            }
        }

        var criteria = new List<RubricCriterion>();
        foreach (var c in map.MapList("criteria", "a rubric criterion"))
        {
            var criterionId = c.String("id", required: true);
            var criterionTitle = c.String("title", required: true);
            var passing = c.Number("passing", 0, 100);
            var levels = new List<RubricLevel>();
            foreach (var l in c.MapList("levels", "a rubric level"))
            {
                var score = l.Number("score", 0, 100);
                var label = l.String("label", required: true);
                var description = l.String("description", required: true);
                l.ReportUnknownFields();
                if (score is null)
                {
                    l.Error("missing-field", "a rubric level has no 'score'");
                }
                else if (label is not null && description is not null)
                {
                    levels.Add(new RubricLevel((int)score, label, description));
                }
            }

            c.ReportUnknownFields();
            if (criterionId is null || criterionTitle is null)
            {
                continue;
            }

            if (levels.Count < 2)
            {
                c.Error("bad-rubric", $"criterion '{criterionId}' needs at least two levels");
            }

            if (levels.Select(l => l.Score).Distinct().Count() != levels.Count)
            {
                c.Error("bad-rubric", $"criterion '{criterionId}' has two levels with the same score");
            }

            if (passing is null)
            {
                c.Error("missing-field", $"criterion '{criterionId}' has no 'passing' score");
            }
            else if (levels.Count > 0 && (passing > levels.Max(l => l.Score) || passing < levels.Min(l => l.Score)))
            {
                c.Error(c.Node("passing")!, "bad-rubric", $"the passing score {passing} of criterion '{criterionId}' is not one of its levels' range");
            }

            criteria.Add(new RubricCriterion(criterionId, criterionTitle, levels.OrderBy(l => l.Score).ToList(), (int)(passing ?? 0)));
        }

        if (criteria.Count == 0)
        {
            map.Error("bad-rubric", "a task needs at least one rubric criterion under 'criteria'");
        }

        if (criteria.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != criteria.Count)
        {
            map.Error("duplicate-id", "two rubric criteria share an id");
        }

        map.ReportUnknownFields();
        if (id is null || title is null || prompt is null)
        {
            return null;
        }

        foreach (var problem in CourseMarkdown.Validate(prompt, media))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, map.At(map.Node("prompt")!), problem.Code, problem.Message));
        }

        if (!sources.Tasks.TryAdd(id, map.Location))
        {
            map.Error(map.Node("id")!, "duplicate-id", $"the task id '{id}' is already used at {sources.Tasks[id]}");
            return null;
        }

        if (skills.Count == 0)
        {
            map.Error("missing-field", $"task '{id}' is tagged to no skill: add 'skills:'");
        }

        var valid = skills.Where(s => SkillId.IsValid(s.Value)).ToList();
        var task = new PerformanceTask(id, title, valid.Select(s => SkillId.Parse(s.Value)).ToList(), prompt, rules, criteria);
        return (task, map, valid);
    }

    private static void CrossCheck(
        CourseHeader? header,
        List<(Skill Skill, List<(string Id, YamlNode Node)> Prereqs, YamlMap Map)> skills,
        List<(ItemDefinition Item, YamlMap Map)> items,
        List<(PerformanceTask Task, YamlMap Map, List<(string Id, YamlNode Node)> Skills)> tasks,
        List<Diagnostic> diagnostics,
        CourseSources sources)
    {
        var byId = new Dictionary<SkillId, (Skill Skill, List<(string Id, YamlNode Node)> Prereqs, YamlMap Map)>();
        foreach (var entry in skills.ToList())
        {
            if (!byId.TryAdd(entry.Skill.Id, entry))
            {
                entry.Map.Error(entry.Map.Node("id")!, "duplicate-id", $"skill id '{entry.Skill.Id}' is already used in {byId[entry.Skill.Id].Map.Location.File}");
                skills.Remove(entry);
            }
        }

        var unitIds = header?.Units.Select(u => u.Unit.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        if (header is not null)
        {
            foreach (var dup in header.Value.Units.GroupBy(u => u.Unit.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                header.Value.Map.Error(dup.Skip(1).First().Node, "duplicate-id", $"unit id '{dup.Key}' is used twice");
            }
        }

        foreach (var (skill, prereqs, map) in skills)
        {
            if (skill.UnitId is not null && !unitIds.Contains(skill.UnitId))
            {
                map.Error(map.Node("unit")!, "unknown-unit", $"skill '{skill.Id}' is in unit '{skill.UnitId}', which course.yaml does not list");
            }
            else if (skill.UnitId is null && unitIds.Count > 0)
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, map.Location, "no-unit", $"skill '{skill.Id}' is in no unit"));
            }

            foreach (var (prereq, node) in prereqs)
            {
                if (!byId.ContainsKey(SkillId.Parse(prereq)))
                {
                    map.Error(node, "unknown-prerequisite", $"skill '{skill.Id}' has unknown prerequisite '{prereq}'");
                }
                else if (prereq == skill.Id.Value)
                {
                    map.Error(node, "prerequisite-cycle", $"skill '{skill.Id}' lists itself as a prerequisite");
                }
            }
        }

        // Report each cycle once, then cut it and look for more, so every cycle is named.
        var graph = skills.ToDictionary(s => s.Skill.Id, s => (IReadOnlyList<SkillId>)s.Skill.Prerequisites.Where(p => byId.ContainsKey(p) && p != s.Skill.Id).ToList());
        var inCycle = new HashSet<SkillId>();
        for (var guard = 0; guard < 100; guard++)
        {
            var cycle = SkillGraph.FindCycle(graph);
            if (cycle is null)
            {
                break;
            }

            var first = byId[cycle[1]];
            var node = first.Prereqs.First(p => p.Id == cycle[0].Value).Node;
            first.Map.Error(node, "prerequisite-cycle", $"prerequisites form a cycle: {string.Join(" -> ", cycle)}");
            inCycle.UnionWith(cycle);
            graph[cycle[1]] = graph[cycle[1]].Where(p => p != cycle[0]).ToList();
        }

        // Skills behind a cycle or an unknown prerequisite can never open.
        var blocked = new HashSet<SkillId>(inCycle);
        foreach (var (skill, prereqs, _) in skills)
        {
            if (prereqs.Any(p => !byId.ContainsKey(SkillId.Parse(p.Id))))
            {
                blocked.Add(skill.Id);
            }
        }

        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (skill, _, map) in skills)
            {
                if (!blocked.Contains(skill.Id) && skill.Prerequisites.Any(blocked.Contains))
                {
                    blocked.Add(skill.Id);
                    changed = true;
                    var cause = skill.Prerequisites.First(blocked.Contains);
                    diagnostics.Add(new Diagnostic(Severity.Error, map.Location, "unreachable-content", $"skill '{skill.Id}' can never open: its prerequisite '{cause}' is on a cycle or has an unknown prerequisite"));
                }
            }
        }

        foreach (var (item, map) in items)
        {
            var source = sources.Items[item.Id];
            foreach (var tagged in item.SecondarySkills.Prepend(item.PrimarySkill))
            {
                if (!byId.ContainsKey(tagged))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, source.Find(tagged == item.PrimarySkill ? "skill" : "also"), "unreachable-content", $"'{item.Id}' is tagged to unknown skill '{tagged}', so no learner will ever see it"));
                }
            }

            if (item.SecondarySkills.Contains(item.PrimarySkill))
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, source.Find("also"), "duplicate-tag", $"'{item.Id}' lists its primary skill '{item.PrimarySkill}' under 'also' too"));
            }

            CheckExercises(item, source, graph, diagnostics);
        }

        var practised = items.Select(i => i.Item.PrimarySkill).ToHashSet();
        foreach (var (skill, _, map) in skills)
        {
            if (!practised.Contains(skill.Id))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, map.Location, "no-practice", $"skill '{skill.Id}' has no items or templates, so it can never be practised or mastered"));
            }
        }

        foreach (var (task, map, taskSkills) in tasks)
        {
            foreach (var (id, node) in taskSkills)
            {
                if (!byId.ContainsKey(SkillId.Parse(id)))
                {
                    map.Error(node, "unknown-skill", $"task '{task.Id}' is tagged to unknown skill '{id}'");
                }
            }
        }

        if (skills.Count == 0 && header is not null)
        {
            header.Value.Map.Error("no-skills", "the course has no skills: add skills/<id>.md files");
        }
    }
}
