using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Domain.Diagnostics;

/// <summary>
/// A kind of placement question: a skill and the other skills answering it really takes. A learner answers it right
/// when she knows all of them (up to slips and guesses), so a right answer backs exactly these skills.
/// </summary>
public sealed class DiagnosticQuestion : IEquatable<DiagnosticQuestion>
{
    /// <summary>A question on <paramref name="skill"/> that also takes <paramref name="exercised"/> (listed once each, in ordinal order).</summary>
    public DiagnosticQuestion(SkillId skill, IEnumerable<SkillId> exercised)
    {
        ArgumentNullException.ThrowIfNull(exercised);
        Skill = skill;
        Exercised = [.. exercised.Where(s => s != skill).Distinct().OrderBy(s => s.Value, StringComparer.Ordinal)];
    }

    /// <summary>The skill asked about.</summary>
    public SkillId Skill { get; }

    /// <summary>The other skills a right answer takes: for an item, its <c>exercises</c> with their prerequisites.</summary>
    public IReadOnlyList<SkillId> Exercised { get; }

    /// <summary>The skills a right answer backs: the skill and the exercised ones.</summary>
    public IEnumerable<SkillId> Backs => Exercised.Prepend(Skill);

    /// <summary>
    /// The question an item asks: its primary skill, exercising its <c>exercises</c> with every prerequisite of those
    /// in <paramref name="graph"/>. Without them it exercises nothing but its skill. Its <c>also</c> skills (credit for
    /// the learner model) back nothing here: they name related skills, not what a right answer proves.
    /// </summary>
    public static DiagnosticQuestion Of(ItemDefinition item, SkillGraph graph)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(graph);
        var exercised = new HashSet<SkillId>();
        foreach (var skill in item.ExercisedSkills.Where(graph.Contains))
        {
            exercised.Add(skill);
            exercised.UnionWith(graph.Ancestors(skill));
        }

        return new DiagnosticQuestion(item.PrimarySkill, exercised);
    }

    /// <summary>The question of every item whose skill is in <paramref name="graph"/>, by item id.</summary>
    public static IReadOnlyDictionary<string, DiagnosticQuestion> ByItem(SkillGraph graph, IEnumerable<ItemDefinition> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Where(i => graph.Contains(i.PrimarySkill)).ToDictionary(i => i.Id, i => Of(i, graph), StringComparer.Ordinal);
    }

    /// <summary>
    /// The same question on <paramref name="graph"/> (the course's, or one unit's for a test-out): exercised skills
    /// outside it dropped, since the placement says nothing about them, and those inside with their prerequisites.
    /// </summary>
    public DiagnosticQuestion ClosedIn(SkillGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var exercised = new HashSet<SkillId>();
        foreach (var skill in Exercised.Where(graph.Contains))
        {
            exercised.Add(skill);
            exercised.UnionWith(graph.Ancestors(skill));
        }

        var closed = new DiagnosticQuestion(Skill, exercised);
        return closed.Equals(this) ? this : closed;
    }

    /// <summary>
    /// The distinct questions of <paramref name="questions"/> on skills of <paramref name="graph"/>, closed in it, plus
    /// a question that exercises nothing else for each skill without one; ordered by skill (topologically), then by
    /// how much they exercise.
    /// </summary>
    internal static IReadOnlyList<DiagnosticQuestion> Complete(SkillGraph graph, IEnumerable<DiagnosticQuestion>? questions)
    {
        var order = graph.TopologicalOrder.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var given = (questions ?? []).Where(q => graph.Contains(q.Skill)).Select(q => q.ClosedIn(graph)).ToList();
        var covered = given.Select(q => q.Skill).ToHashSet();
        return [.. given
            .Concat(graph.TopologicalOrder.Where(s => !covered.Contains(s)).Select(s => new DiagnosticQuestion(s, [])))
            .Distinct()
            .OrderBy(q => order[q.Skill])
            .ThenBy(q => q.Exercised.Count)
            .ThenBy(q => string.Join(",", q.Exercised), StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public bool Equals(DiagnosticQuestion? other) =>
        other is not null && Skill == other.Skill && Exercised.SequenceEqual(other.Exercised);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DiagnosticQuestion);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Skill);
        foreach (var s in Exercised)
        {
            hash.Add(s);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => Exercised.Count == 0 ? Skill.Value : $"{Skill} (+ {string.Join(", ", Exercised)})";
}
