namespace MasteryPath.Content.Standards;

/// <summary>
/// The <c>isChildOf</c> hierarchy of a package: every item's parent (the CFDocument or another item) and children in
/// their sequence order. Refuses a cycle, which would make an item its own ancestor.
/// </summary>
internal sealed class CaseTree
{
    private readonly Dictionary<Guid, Guid> _parent = [];
    private readonly Dictionary<Guid, List<Guid>> _children = [];
    private readonly Guid _document;

    private CaseTree(CasePackage package)
    {
        _document = package.Document.Identifier;
        Items = package.Items.ToDictionary(i => i.Identifier);
    }

    public IReadOnlyDictionary<Guid, CaseItem> Items { get; }

    public static CaseTree Build(CasePackage package, List<string> leftOut)
    {
        var tree = new CaseTree(package);
        var order = package.Items.Select((item, index) => (item.Identifier, index)).ToDictionary(p => p.Identifier, p => p.index);
        var sequence = new Dictionary<Guid, double>();
        var outsideParents = 0;
        var secondParents = 0;
        foreach (var link in package.Associations.Where(a => a.AssociationType == CaseOutlineBuilder.IsChildOf))
        {
            if (!tree.Items.ContainsKey(link.Origin))
            {
                // The document (or something outside the package) as a child is not part of the hierarchy of items.
                continue;
            }

            if (link.Destination != tree._document && !tree.Items.ContainsKey(link.Destination))
            {
                outsideParents++;
                continue;
            }

            if (!tree._parent.TryAdd(link.Origin, link.Destination))
            {
                secondParents++;
                continue;
            }

            if (link.SequenceNumber is { } number)
            {
                sequence[link.Origin] = number;
            }
        }

        var orphans = 0;
        foreach (var item in package.Items.Where(i => !tree._parent.ContainsKey(i.Identifier)))
        {
            tree._parent[item.Identifier] = tree._document;
            orphans++;
        }

        tree.RefuseCycles();
        foreach (var (child, parent) in tree._parent)
        {
            (tree._children.TryGetValue(parent, out var list) ? list : tree._children[parent] = []).Add(child);
        }

        foreach (var list in tree._children.Values)
        {
            list.Sort((a, b) => (sequence.GetValueOrDefault(a, double.MaxValue), order[a]).CompareTo((sequence.GetValueOrDefault(b, double.MaxValue), order[b])));
        }

        if (outsideParents > 0)
        {
            leftOut.Add($"{outsideParents} isChildOf association(s) name a parent outside the package; those items were placed under the document");
        }

        if (secondParents > 0)
        {
            leftOut.Add($"{secondParents} isChildOf association(s) give an item a second parent; each item was kept under its first");
        }

        if (orphans > 0 && orphans < package.Items.Count)
        {
            leftOut.Add($"{orphans} CFItem(s) had no isChildOf association and were placed under the document");
        }

        return tree;
    }

    /// <summary>The leaves of <paramref name="node"/>'s sub-tree in document order; a leaf item is its own.</summary>
    public List<Guid> Leaves(Guid node) => Subtree(node).Where(n => n != _document && !_children.ContainsKey(n)).ToList();

    /// <summary>The node and everything under it, depth first in sequence order.</summary>
    public List<Guid> Subtree(Guid node)
    {
        var result = new List<Guid>();
        var stack = new Stack<Guid>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            result.Add(next);
            if (_children.TryGetValue(next, out var children))
            {
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    stack.Push(children[i]);
                }
            }
        }

        return result;
    }

    /// <summary>The ancestor of <paramref name="leaf"/> <paramref name="depth"/> levels below <paramref name="root"/>, when the leaf lies deeper than that.</summary>
    public Guid? UnitOf(Guid leaf, Guid root, int depth)
    {
        var path = new List<Guid> { leaf };
        while (path[^1] != root && _parent.TryGetValue(path[^1], out var parent))
        {
            path.Add(parent);
        }

        path.Reverse();
        return path.Count > depth + 1 ? path[depth] : null;
    }

    /// <summary>True when the item, or its nearest ancestor that names levels, is of <paramref name="grade"/>.</summary>
    public bool HasLevel(Guid item, string grade) => LevelsOf(item).Any(l => SameLevel(l, grade));

    public IEnumerable<string> LevelsUnder(Guid root) =>
        Leaves(root).SelectMany(LevelsOf).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);

    /// <summary>How an error names a node: its code, else the start of its statement.</summary>
    public string Name(Guid id) =>
        Items.TryGetValue(id, out var item) ? item.HumanCodingScheme ?? CasePackage.Shorten(item.FullStatement, 40) : id.ToString();

    private IReadOnlyList<string> LevelsOf(Guid item)
    {
        for (var node = item; node != _document && Items.TryGetValue(node, out var found); node = _parent[node])
        {
            if (found.EducationLevels.Count > 0)
            {
                return found.EducationLevels;
            }
        }

        return [];
    }

    private static bool SameLevel(string a, string b) =>
        string.Equals(a.TrimStart('0'), b.TrimStart('0'), StringComparison.OrdinalIgnoreCase)
        || (a.Trim('0').Length == 0 && b.Trim('0').Length == 0);

    private void RefuseCycles()
    {
        var settled = new HashSet<Guid> { _document };
        foreach (var start in _parent.Keys)
        {
            var path = new List<Guid>();
            var onPath = new HashSet<Guid>();
            var node = start;
            while (!settled.Contains(node))
            {
                if (!onPath.Add(node))
                {
                    var cycle = path.Skip(path.IndexOf(node)).Append(node).Select(Name);
                    throw new CasePackageException($"the isChildOf associations form a cycle, so the hierarchy has no top: {string.Join(" -> ", cycle)} (each is a child of the next)");
                }

                path.Add(node);
                if (!_parent.TryGetValue(node, out var parent))
                {
                    break;
                }

                node = parent;
            }

            settled.UnionWith(path);
        }
    }
}
