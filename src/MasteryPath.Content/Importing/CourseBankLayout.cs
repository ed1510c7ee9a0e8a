using System.Globalization;
using System.Text;
using MasteryPath.Content.Checking;
using YamlDotNet.Serialization;

namespace MasteryPath.Content.Importing;

/// <summary>
/// Where a bank's items go in a course folder: skill per category (or the one asked for), unique ids, one new item
/// file per skill, tasks and media beside them. Knows the line each item starts at, so the checker's diagnostics
/// can be traced back to the question they came from.
/// </summary>
internal sealed class CourseBankLayout(string folder, bool createCourse, string? skill, HashSet<string> existingSkills, HashSet<string> existingIds)
{
    private static readonly ISerializer Yaml = new SerializerBuilder().DisableAliases().WithIndentedSequences().Build();

    public ImportPlan Plan(QuestionBank bank, List<ImportProblem> problems)
    {
        var plan = new ImportPlan(folder);
        var ids = new HashSet<string>(existingIds, StringComparer.Ordinal);
        var skillTitles = new Dictionary<string, string>(StringComparer.Ordinal);
        string SkillFor(string? category)
        {
            if (skill is not null)
            {
                skillTitles.TryAdd(skill, category ?? "Imported questions");
                return skill;
            }

            var title = string.IsNullOrWhiteSpace(category) ? "Imported questions" : category.Trim();
            var id = QuestionBankImport.Slug(title, "skill");
            skillTitles.TryAdd(id, title);
            return id;
        }

        string UniqueId(string sourceId, string fallback)
        {
            var baseId = QuestionBankImport.Slug(sourceId, fallback);
            var id = baseId;
            for (var n = 2; !ids.Add(id); n++)
            {
                id = $"{baseId}-{n}";
            }

            return id;
        }

        var media = RenameMedia(bank.Media, problems);
        foreach (var item in bank.Items)
        {
            var skillId = SkillFor(item.Category);
            var id = UniqueId(item.SourceId, "item");
            plan.AddItem(skillId, item with { Prompt = media(item.Prompt) }, id, media);
        }

        foreach (var task in bank.Tasks)
        {
            plan.AddTask(SkillFor(task.Category), UniqueId(task.SourceId, "task"), task with { Prompt = media(task.Prompt) });
        }

        if (createCourse)
        {
            var courseId = QuestionBankImport.Slug(Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/', '\\')), "course");
            plan.CourseFile = CourseYaml(courseId, bank);
        }

        foreach (var (id, title) in skillTitles.Where(s => !existingSkills.Contains(s.Key)))
        {
            plan.SkillFiles[id] = SkillFile(id, title);
        }

        foreach (var file in bank.Media)
        {
            plan.Media[file.Name] = file.Content;
        }

        return plan;
    }

    /// <summary>
    /// Gives every image a plain file name (letters, digits, dashes: safe in a URL, a zip and a draft) that the course
    /// does not already use for other bytes, and returns how to point the texts at the new names.
    /// </summary>
    private Func<string, string> RenameMedia(List<ImportedMedia> media, List<ImportProblem> problems)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var mediaFolder = Path.Combine(folder, "media");
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < media.Count; i++)
        {
            var file = media[i];
            var stem = QuestionBankImport.Slug(Path.GetFileNameWithoutExtension(file.Name), "image");
            var extension = Path.GetExtension(file.Name).ToLowerInvariant();
            var name = stem + extension;
            var clash = false;
            for (var n = 2; ; n++)
            {
                var target = Path.Combine(mediaFolder, name);
                var existingDiffers = File.Exists(target) && !File.ReadAllBytes(target).AsSpan().SequenceEqual(file.Content);
                if (!existingDiffers && taken.Add(name))
                {
                    break;
                }

                clash |= existingDiffers;
                name = $"{stem}-{n}{extension}";
            }

            if (clash)
            {
                problems.Add(new ImportProblem(file.Source, $"media {file.Name}", $"the course already has a different media/{stem}{extension}; this one was written as media/{name}"));
            }

            if (name != file.Name)
            {
                renames[file.Name] = name;
                media[i] = file with { Name = name };
            }
        }

        return text => renames.Aggregate(text, (current, rename) => ImportedMedia.Rename(current, rename.Key, rename.Value));
    }

    private static string CourseYaml(string courseId, QuestionBank bank)
    {
        var course = new Dictionary<string, object>
        {
            ["id"] = courseId,
            ["title"] = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(courseId.Replace('-', ' ')),
            ["description"] = $"Imported from question banks ({bank.Items.Count} questions, {bank.Tasks.Count} written tasks).",
            ["version"] = "0.1.0",
        };
        return "# Written by `masterypath course import`; run `masterypath course check` for what is still to write.\n" + Yaml.Serialize(course);
    }

    private static string SkillFile(string id, string title)
    {
        var front = new Dictionary<string, object>
        {
            ["id"] = id,
            ["title"] = title,
            ["objective"] = $"Answers questions on {title.ToLowerInvariant()}.",
            ["prerequisites"] = new List<string>(),
        };
        return "---\n" + Yaml.Serialize(front) + "---\n# Lesson\n\n# Corrective\n\n# Enrichment\n";
    }

    internal static string Serialize(object value) => Yaml.Serialize(value);

    /// <summary>The files an import writes, rewritable after items are taken out.</summary>
    internal sealed class ImportPlan(string folder)
    {
        private readonly List<(string Skill, string Id, ImportedItem Item)> _items = [];
        private readonly List<(string Skill, string Id, ImportedTask Task)> _tasks = [];
        private readonly Dictionary<string, string> _itemFiles = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<(int From, int To, string Id, ImportedItem Item)>> _lines = new(StringComparer.Ordinal);

        public string? CourseFile { get; set; }

        public Dictionary<string, string> SkillFiles { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, byte[]> Media { get; } = new(StringComparer.Ordinal);

        public int TaskCount => _tasks.Count;

        public void AddItem(string skill, ImportedItem item, string id, Func<string, string> media)
        {
            _items.Add((skill, id, item with
            {
                Solution = item.Solution is null ? null : media(item.Solution),
                Hints = [.. item.Hints.Select(media)],
                Choices = [.. item.Choices.Select(c => c with { Text = media(c.Text), Feedback = c.Feedback is null ? null : media(c.Feedback) })],
                Misconceptions = [.. item.Misconceptions.Select(m => m with { Feedback = media(m.Feedback) })],
            }));
        }

        public void AddTask(string skill, string id, ImportedTask task) => _tasks.Add((skill, id, task));

        public void Remove(IEnumerable<ImportedItem> items)
        {
            var gone = items.ToHashSet();
            _items.RemoveAll(i => gone.Contains(i.Item));
        }

        public IReadOnlyList<ImportedItemRecord> Records() =>
            [.. _items.Select(i => new ImportedItemRecord(i.Id, i.Item.Kind, i.Skill, ItemFile(i.Skill), i.Item.Source))];

        public IReadOnlyList<(ImportedItem Item, string Id, Diagnostic Diagnostic)> ItemsRefusedBy(CheckReport report)
        {
            var refused = new List<(ImportedItem Item, string Id, Diagnostic Diagnostic)>();
            foreach (var diagnostic in report.Diagnostics.Where(d => d.Severity == Severity.Error))
            {
                var file = diagnostic.Location.File.Replace('\\', '/');
                var ranges = _lines.FirstOrDefault(l => file.EndsWith(l.Key, StringComparison.Ordinal)).Value;
                var hit = ranges?.FirstOrDefault(r => diagnostic.Location.Line >= r.From && diagnostic.Location.Line <= r.To);
                if (hit is { Item: { } item } found && refused.All(r => !ReferenceEquals(r.Item, item)))
                {
                    refused.Add((item, found.Id, diagnostic));
                }
            }

            return refused;
        }

        public IReadOnlyList<string> WriteAll()
        {
            var written = new List<string>();
            void Write(string relative, string text)
            {
                var path = Path.Combine(folder, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text, new UTF8Encoding(false));
                written.Add(relative);
            }

            if (CourseFile is not null)
            {
                Write("course.yaml", CourseFile);
            }

            foreach (var (id, text) in SkillFiles)
            {
                Write($"skills/{id}.md", text);
            }

            _lines.Clear();
            foreach (var group in _items.GroupBy(i => i.Skill))
            {
                var file = ItemFile(group.Key);
                var text = new StringBuilder($"# Imported by `masterypath course import`.\nskill: {group.Key}\nitems:\n");
                var ranges = new List<(int, int, string, ImportedItem)>();
                foreach (var (_, id, item) in group)
                {
                    var entry = ItemYaml.Entry(id, item);
                    var from = text.ToString().Count(c => c == '\n') + 1;
                    text.Append(entry);
                    ranges.Add((from, text.ToString().Count(c => c == '\n'), id, item));
                }

                _lines[file] = ranges;
                Write(file, text.ToString());
            }

            foreach (var stale in _itemFiles.Values.Where(f => !_lines.ContainsKey(f)))
            {
                File.Delete(Path.Combine(folder, stale));
            }

            foreach (var (skill, id, task) in _tasks)
            {
                Write($"tasks/{id}.yaml", ItemYaml.Task(id, skill, task));
            }

            foreach (var (name, bytes) in Media)
            {
                var path = Path.Combine(folder, "media", name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, bytes);
                written.Add($"media/{name}");
            }

            return written;
        }

        private string ItemFile(string skill)
        {
            if (_itemFiles.TryGetValue(skill, out var file))
            {
                return file;
            }

            file = $"items/{skill}-imported.yaml";
            for (var n = 2; File.Exists(Path.Combine(folder, file)); n++)
            {
                file = $"items/{skill}-imported-{n}.yaml";
            }

            _itemFiles[skill] = file;
            return file;
        }
    }
}
