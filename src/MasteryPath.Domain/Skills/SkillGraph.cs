namespace MasteryPath.Domain.Skills;

/// <summary>Thrown when prerequisites form a cycle; <see cref="Cycle"/> lists it, first skill repeated at the end.</summary>
public sealed class PrerequisiteCycleException(IReadOnlyList<SkillId> cycle)
    : Exception("Prerequisites form a cycle: " + string.Join(" -> ", cycle))
{
    /// <summary>The skills on the cycle, in prerequisite order, the first repeated at the end.</summary>
    public IReadOnlyList<SkillId> Cycle { get; } = cycle;
}

/// <summary>
/// The prerequisite graph of a course: an acyclic directed graph where an edge p → s means p must be
/// mastered before s opens.
/// </summary>
public sealed class SkillGraph
{
    private readonly Dictionary<SkillId, IReadOnlyList<SkillId>> _prerequisites;
    private readonly Dictionary<SkillId, List<SkillId>> _dependents;
    private readonly Dictionary<SkillId, int> _order;

    private SkillGraph(Dictionary<SkillId, IReadOnlyList<SkillId>> prerequisites, IReadOnlyList<SkillId> topologicalOrder)
    {
        _prerequisites = prerequisites;
        TopologicalOrder = topologicalOrder;
        _order = topologicalOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        _dependents = prerequisites.Keys.ToDictionary(k => k, _ => new List<SkillId>());
        foreach (var id in topologicalOrder)
        {
            foreach (var p in prerequisites[id])
            {
                _dependents[p].Add(id);
            }
        }
    }

    /// <summary>Every skill, each after all its prerequisites; ties keep the order skills were given in.</summary>
    public IReadOnlyList<SkillId> TopologicalOrder { get; }

    /// <summary>The number of skills.</summary>
    public int Count => TopologicalOrder.Count;

    /// <summary>Builds the graph.</summary>
    /// <param name="skills">Each skill with its direct prerequisites, in authoring order.</param>
    /// <exception cref="ArgumentException">On a duplicate skill or an unknown prerequisite.</exception>
    /// <exception cref="PrerequisiteCycleException">When prerequisites form a cycle.</exception>
    public static SkillGraph Create(IEnumerable<(SkillId Skill, IReadOnlyList<SkillId> Prerequisites)> skills)
    {
        ArgumentNullException.ThrowIfNull(skills);
        var prerequisites = new Dictionary<SkillId, IReadOnlyList<SkillId>>();
        var authoring = new List<SkillId>();
        foreach (var (skill, prereqs) in skills)
        {
            if (!prerequisites.TryAdd(skill, prereqs.Distinct().ToList()))
            {
                throw new ArgumentException($"Skill '{skill}' is listed twice.", nameof(skills));
            }

            authoring.Add(skill);
        }

        foreach (var (skill, prereqs) in prerequisites)
        {
            foreach (var p in prereqs)
            {
                if (!prerequisites.ContainsKey(p))
                {
                    throw new ArgumentException($"Skill '{skill}' has unknown prerequisite '{p}'.", nameof(skills));
                }
            }
        }

        var cycle = FindCycle(prerequisites);
        if (cycle is not null)
        {
            throw new PrerequisiteCycleException(cycle);
        }

        return new SkillGraph(prerequisites, TopologicalSort(authoring, prerequisites));
    }

    /// <summary>
    /// Finds one prerequisite cycle among the skills whose prerequisites are all known (unknown ones are
    /// ignored), or null. The cycle lists skills in prerequisite order with the first repeated at the end.
    /// </summary>
    public static IReadOnlyList<SkillId>? FindCycle(IReadOnlyDictionary<SkillId, IReadOnlyList<SkillId>> prerequisites)
    {
        ArgumentNullException.ThrowIfNull(prerequisites);
        var state = new Dictionary<SkillId, int>();
        var stack = new List<SkillId>();
        foreach (var start in prerequisites.Keys.OrderBy(k => k.Value, StringComparer.Ordinal))
        {
            var found = Visit(start);
            if (found is not null)
            {
                return found;
            }
        }

        return null;

        List<SkillId>? Visit(SkillId node)
        {
            if (state.TryGetValue(node, out var s))
            {
                if (s == 1)
                {
                    // On the stack: the cycle is from its first occurrence to here. Dependents were pushed
                    // after prerequisites' dependents, so reverse to read in prerequisite order.
                    var from = stack.IndexOf(node);
                    var cycle = stack.Skip(from).Append(node).ToList();
                    cycle.Reverse();
                    return cycle;
                }

                return null;
            }

            state[node] = 1;
            stack.Add(node);
            foreach (var p in prerequisites[node])
            {
                if (!prerequisites.ContainsKey(p))
                {
                    continue;
                }

                var found = Visit(p);
                if (found is not null)
                {
                    return found;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private static List<SkillId> TopologicalSort(List<SkillId> authoring, Dictionary<SkillId, IReadOnlyList<SkillId>> prerequisites)
    {
        var position = authoring.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var remaining = prerequisites.ToDictionary(p => p.Key, p => p.Value.Count);
        var dependents = prerequisites.Keys.ToDictionary(k => k, _ => new List<SkillId>());
        foreach (var (skill, prereqs) in prerequisites)
        {
            foreach (var p in prereqs)
            {
                dependents[p].Add(skill);
            }
        }

        var ready = new PriorityQueue<SkillId, int>();
        foreach (var (skill, count) in remaining)
        {
            if (count == 0)
            {
                ready.Enqueue(skill, position[skill]);
            }
        }

        var order = new List<SkillId>(authoring.Count);
        while (ready.TryDequeue(out var skill, out _))
        {
            order.Add(skill);
            foreach (var d in dependents[skill])
            {
                if (--remaining[d] == 0)
                {
                    ready.Enqueue(d, position[d]);
                }
            }
        }

        return order;
    }

    /// <summary>True when the graph has this skill.</summary>
    public bool Contains(SkillId skill) => _prerequisites.ContainsKey(skill);

    /// <summary>The direct prerequisites of <paramref name="skill"/>.</summary>
    public IReadOnlyList<SkillId> PrerequisitesOf(SkillId skill) => _prerequisites[skill];

    /// <summary>The skills that list <paramref name="skill"/> as a direct prerequisite.</summary>
    public IReadOnlyList<SkillId> DependentsOf(SkillId skill) => _dependents[skill];

    /// <summary>Every skill <paramref name="skill"/> depends on, directly or not, in topological order.</summary>
    public IReadOnlyList<SkillId> Ancestors(SkillId skill) => Closure(skill, PrerequisitesOf);

    /// <summary>Every skill that depends on <paramref name="skill"/>, directly or not, in topological order.</summary>
    public IReadOnlyList<SkillId> Descendants(SkillId skill) => Closure(skill, DependentsOf);

    private List<SkillId> Closure(SkillId skill, Func<SkillId, IReadOnlyList<SkillId>> next)
    {
        var seen = new HashSet<SkillId>();
        var stack = new Stack<SkillId>(next(skill));
        while (stack.TryPop(out var s))
        {
            if (seen.Add(s))
            {
                foreach (var n in next(s))
                {
                    stack.Push(n);
                }
            }
        }

        return seen.OrderBy(s => _order[s]).ToList();
    }

    /// <summary>True when every prerequisite of <paramref name="skill"/> is in <paramref name="mastered"/>.</summary>
    public bool IsUnlocked(SkillId skill, IReadOnlySet<SkillId> mastered)
    {
        ArgumentNullException.ThrowIfNull(mastered);
        return _prerequisites[skill].All(mastered.Contains);
    }

    /// <summary>
    /// The frontier: skills not yet mastered whose prerequisites are all mastered, in topological order.
    /// </summary>
    public IReadOnlyList<SkillId> Frontier(IReadOnlySet<SkillId> mastered)
    {
        ArgumentNullException.ThrowIfNull(mastered);
        return TopologicalOrder.Where(s => !mastered.Contains(s) && IsUnlocked(s, mastered)).ToList();
    }

    /// <summary>Roots: skills without prerequisites.</summary>
    public IReadOnlyList<SkillId> Roots => TopologicalOrder.Where(s => _prerequisites[s].Count == 0).ToList();

    /// <summary>The length of the longest prerequisite chain ending at each skill (roots are 0): a layout layer.</summary>
    public IReadOnlyDictionary<SkillId, int> Depths()
    {
        var depth = new Dictionary<SkillId, int>();
        foreach (var s in TopologicalOrder)
        {
            depth[s] = _prerequisites[s].Count == 0 ? 0 : _prerequisites[s].Max(p => depth[p]) + 1;
        }

        return depth;
    }
}
