using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

public class SkillGraphTests
{
    private static SkillId S(string id) => SkillId.Parse(id);

    private static SkillGraph Graph(params (string Skill, string[] Prereqs)[] skills) =>
        SkillGraph.Create(skills.Select(s => (S(s.Skill), (IReadOnlyList<SkillId>)s.Prereqs.Select(S).ToList())));

    // counting -> add -> multiply -> divide; add -> subtract; multiply + subtract -> equations
    private static readonly SkillGraph Arithmetic = Graph(
        ("equations", ["multiply", "subtract"]),
        ("counting", []),
        ("add", ["counting"]),
        ("multiply", ["add"]),
        ("subtract", ["add"]),
        ("divide", ["multiply"]));

    [Fact]
    public void Topological_order_puts_every_prerequisite_first_and_keeps_authoring_order_for_ties()
    {
        var order = Arithmetic.TopologicalOrder.Select(s => s.Value).ToList();

        Assert.Equal(["counting", "add", "multiply", "subtract", "equations", "divide"], order);
    }

    [Fact]
    public void Ancestors_and_descendants_follow_the_edges_transitively()
    {
        Assert.Equal(["counting", "add", "multiply", "subtract"], Arithmetic.Ancestors(S("equations")).Select(s => s.Value));
        Assert.Equal(["add", "multiply", "subtract", "equations", "divide"], Arithmetic.Descendants(S("counting")).Select(s => s.Value));
        Assert.Empty(Arithmetic.Ancestors(S("counting")));
        Assert.Empty(Arithmetic.Descendants(S("divide")));
    }

    [Fact]
    public void Frontier_holds_unmastered_skills_whose_prerequisites_are_all_mastered()
    {
        Assert.Equal(["counting"], Arithmetic.Frontier(new HashSet<SkillId>()).Select(s => s.Value));
        Assert.Equal(["multiply", "subtract"], Arithmetic.Frontier(new HashSet<SkillId> { S("counting"), S("add") }).Select(s => s.Value));
        Assert.Equal(["subtract", "divide"], Arithmetic.Frontier(new HashSet<SkillId> { S("counting"), S("add"), S("multiply") }).Select(s => s.Value));
    }

    [Fact]
    public void A_cycle_is_rejected_and_printed_in_prerequisite_order()
    {
        var ex = Assert.Throws<PrerequisiteCycleException>(() => Graph(("a", ["c"]), ("b", ["a"]), ("c", ["b"]), ("d", [])));

        Assert.Equal(4, ex.Cycle.Count);
        Assert.Equal(ex.Cycle[0], ex.Cycle[^1]);
        Assert.Contains("a -> b -> c -> a", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_prerequisite_is_rejected_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => Graph(("a", ["ghost"])));

        Assert.Contains("'ghost'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Depths_are_longest_prerequisite_chains()
    {
        var depths = Arithmetic.Depths();

        Assert.Equal(0, depths[S("counting")]);
        Assert.Equal(3, depths[S("equations")]);
        Assert.Equal(3, depths[S("divide")]);
    }

    /// <summary>A random DAG: each skill may depend only on skills created before it.</summary>
    private static SkillGraph RandomDag(int size, int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var skills = new List<(SkillId, IReadOnlyList<SkillId>)>();
        for (var i = 0; i < size; i++)
        {
            var prereqs = Enumerable.Range(0, i).Where(_ => random.Next(4) == 0).Select(j => S($"s{j}")).ToList();
            skills.Add((S($"s{i}"), prereqs));
        }

        // Authoring order shuffled so the sort has work to do.
        return SkillGraph.Create(skills.OrderBy(_ => random.Next(1000)));
    }

    [Property(MaxTest = 200)]
    public Property Frontier_never_holds_a_skill_with_an_unmastered_prerequisite(PositiveInt size, int seed, int masterySeed)
    {
        var graph = RandomDag((size.Get % 30) + 1, seed);
        var random = new DeterministicRandom((ulong)masterySeed);
        var mastered = graph.TopologicalOrder.Where(_ => random.Next(2) == 0).ToHashSet();

        var frontier = graph.Frontier(mastered);

        return frontier.All(s => !mastered.Contains(s) && graph.PrerequisitesOf(s).All(mastered.Contains)).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Topological_order_respects_every_edge(PositiveInt size, int seed)
    {
        var graph = RandomDag((size.Get % 30) + 1, seed);
        var position = graph.TopologicalOrder.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);

        return (graph.TopologicalOrder.Count == graph.Count
            && graph.TopologicalOrder.All(s => graph.PrerequisitesOf(s).All(p => position[p] < position[s]))).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Ancestors_and_descendants_are_mirror_images(PositiveInt size, int seed)
    {
        var graph = RandomDag((size.Get % 20) + 1, seed);

        return graph.TopologicalOrder.All(s =>
            !graph.Ancestors(s).Contains(s)
            && graph.Ancestors(s).All(a => graph.Descendants(a).Contains(s))).ToProperty();
    }
}
