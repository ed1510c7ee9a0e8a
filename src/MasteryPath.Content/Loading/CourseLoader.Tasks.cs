using MasteryPath.Content.Checking;
using MasteryPath.Content.Markdown;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;
using YamlDotNet.RepresentationModel;

namespace MasteryPath.Content.Loading;

/// <summary>Reading performance tasks, and the checks across files once everything is read.</summary>
public static partial class CourseLoader
{
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
