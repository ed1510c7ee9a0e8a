using MasteryPath.Content.Checking;
using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Content.Loading;

/// <summary>An item's <c>exercises:</c> field: the prerequisites of its skill that answering it really takes.</summary>
public static partial class CourseLoader
{
    /// <summary>The listed skills, or null when the item does not say (which backs the same: its own skill only).</summary>
    private static List<SkillId>? ReadExercises(YamlMap map, Action<string, YamlDotNet.RepresentationModel.YamlNode?> locate)
    {
        if (!map.Has("exercises"))
        {
            return null;
        }

        var exercises = new List<SkillId>();
        foreach (var (value, node) in map.StringList("exercises"))
        {
            if (!SkillId.IsValid(value))
            {
                map.Error(node, "bad-id", $"'{value}' under 'exercises' is not a valid skill id: use lower-case letters, digits and dashes");
                continue;
            }

            locate($"exercises[{exercises.Count}]", node);
            exercises.Add(SkillId.Parse(value));
        }

        return exercises;
    }

    /// <summary>
    /// Each exercised skill must be a proper ancestor of the item's skill: a right answer in the placement backs it,
    /// so it must be something the skill builds on (a skill beside or above it belongs under <c>also</c>).
    /// </summary>
    private static void CheckExercises(ItemDefinition item, ItemSource source, IReadOnlyDictionary<SkillId, IReadOnlyList<SkillId>> graph, List<Diagnostic> diagnostics)
    {
        if (item.ExercisedSkills.Count == 0 || !graph.ContainsKey(item.PrimarySkill))
        {
            return;
        }

        var ancestors = new HashSet<SkillId>();
        var stack = new Stack<SkillId>(graph[item.PrimarySkill]);
        while (stack.TryPop(out var skill))
        {
            if (ancestors.Add(skill) && graph.TryGetValue(skill, out var prerequisites))
            {
                foreach (var prerequisite in prerequisites)
                {
                    stack.Push(prerequisite);
                }
            }
        }

        var seen = new HashSet<SkillId>();
        for (var i = 0; i < item.ExercisedSkills.Count; i++)
        {
            var exercised = item.ExercisedSkills[i];
            var at = source.Find($"exercises[{i}]");
            if (!graph.ContainsKey(exercised))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, at, "unknown-skill", $"'{item.Id}' exercises unknown skill '{exercised}'"));
            }
            else if (!ancestors.Contains(exercised))
            {
                var what = exercised == item.PrimarySkill ? "its own skill, which it always exercises" : $"not a prerequisite of its skill '{item.PrimarySkill}', directly or not (list other skills it practises under 'also')";
                diagnostics.Add(new Diagnostic(Severity.Error, at, "not-a-prerequisite", $"'{item.Id}' exercises '{exercised}': {what}"));
            }
            else if (!seen.Add(exercised))
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, at, "duplicate-tag", $"'{item.Id}' lists '{exercised}' under 'exercises' twice"));
            }
        }
    }
}
