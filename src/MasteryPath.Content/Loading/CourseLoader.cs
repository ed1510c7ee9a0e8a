using MasteryPath.Content.Checking;
using MasteryPath.Domain.Courses;
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
}
