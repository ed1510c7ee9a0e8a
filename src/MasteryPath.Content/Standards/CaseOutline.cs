using System.Globalization;
using System.Text;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Content.Standards;

/// <summary>What to import of a framework.</summary>
/// <param name="CourseId">The course id (default: from the framework's title and the root's code).</param>
/// <param name="Title">The course title (default: the framework's title, and the root's code).</param>
/// <param name="Root">The identifier or humanCodingScheme of the CFItem whose sub-tree becomes the course (default: the whole document).</param>
/// <param name="Grade">Keep only standards of this education level ("06" and "6" are the same), inherited from the nearest ancestor that has one.</param>
/// <param name="UnitDepth">Which level below the root becomes the units: 1 = the root's children.</param>
public sealed record CaseImportOptions(string? CourseId = null, string? Title = null, string? Root = null, string? Grade = null, int UnitDepth = 1);

/// <summary>A unit of the outline, from a CFItem above the skills.</summary>
public sealed record OutlineUnit(string Id, string Title, Guid Identifier);

/// <summary>A skill of the outline: one leaf standard, with the standard kept as the framework gives it.</summary>
public sealed record OutlineSkill(string Id, string Title, string Objective, string? UnitId, IReadOnlyList<string> Prerequisites, SkillStandard Standard);

/// <summary>A course outline made from a CASE framework: units, skills, prerequisites; lessons and items are the author's to write.</summary>
public sealed record CourseOutline(string CourseId, string Title, string Description, CaseDocument Framework, IReadOnlyList<OutlineUnit> Units, IReadOnlyList<OutlineSkill> Skills, IReadOnlyList<string> LeftOut);

/// <summary>
/// Maps a CASE package to a course outline: the leaf CFItems of the chosen sub-tree become skills (their CASE
/// identifier, uri, code and statement in the <c>standard:</c> block), the <c>isChildOf</c> level below the root
/// becomes the units, and <c>precedes</c> associations become prerequisites. Pure: no files.
/// </summary>
public static class CaseOutlineBuilder
{
    public const string IsChildOf = "isChildOf";
    public const string Precedes = "precedes";
    public const string ExactMatchOf = "exactMatchOf";

    public static CourseOutline Build(CasePackage package, CaseImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(options);
        if (options.UnitDepth < 1)
        {
            throw new CasePackageException("the unit depth is 1 (the root's children) or more");
        }

        var leftOut = new List<string>();
        var tree = CaseTree.Build(package, leftOut);
        var root = FindRoot(package, tree, options.Root);
        var selected = tree.Leaves(root).Where(leaf => options.Grade is null || tree.HasLevel(leaf, options.Grade)).ToList();
        if (selected.Count == 0)
        {
            var where = root == package.Document.Identifier ? "the framework" : $"'{options.Root}'";
            throw new CasePackageException(options.Grade is null
                ? $"{where} has no standards to import"
                : $"{where} has no standards of education level '{options.Grade}' (the levels in it: {string.Join(", ", tree.LevelsUnder(root).DefaultIfEmpty("none"))})");
        }

        var codes = new ShortCodes(selected.Concat(selected.Select(s => tree.UnitOf(s, root, options.UnitDepth)).OfType<Guid>()).Select(id => tree.Items[id].HumanCodingScheme));
        var unitIds = new UniqueIds();
        var units = new Dictionary<Guid, OutlineUnit>();
        foreach (var unitNode in selected.Select(s => tree.UnitOf(s, root, options.UnitDepth)).OfType<Guid>().Distinct())
        {
            var item = tree.Items[unitNode];
            var code = codes.Short(item.HumanCodingScheme);
            var title = code is null ? Shorten(item.AbbreviatedStatement ?? item.FullStatement, 90) : $"{code}: {Shorten(item.AbbreviatedStatement ?? item.FullStatement, 80)}";
            units[unitNode] = new OutlineUnit(unitIds.Take(code ?? item.AbbreviatedStatement ?? item.FullStatement), title, unitNode);
        }

        var skillIds = new UniqueIds();
        var idOf = new Dictionary<Guid, string>();
        foreach (var leaf in selected)
        {
            var item = tree.Items[leaf];
            idOf[leaf] = skillIds.Take(codes.Short(item.HumanCodingScheme) ?? item.AbbreviatedStatement ?? item.FullStatement);
        }

        var prerequisites = Prerequisites(package, tree, selected, leftOut);
        var framework = package.Document;
        var skills = selected.Select(leaf =>
        {
            var item = tree.Items[leaf];
            var unit = tree.UnitOf(leaf, root, options.UnitDepth);
            var standard = new SkillStandard(item.Identifier.ToString(), HttpUri(item.Uri), item.HumanCodingScheme ?? string.Empty, item.FullStatement, framework.Title);
            return new OutlineSkill(
                idOf[leaf],
                Shorten(item.AbbreviatedStatement ?? item.FullStatement, 90),
                item.FullStatement,
                unit is { } u ? units[u].Id : null,
                prerequisites.GetValueOrDefault(leaf, []).Where(idOf.ContainsKey).Select(p => idOf[p]).Distinct().ToList(),
                standard);
        }).ToList();

        var outside = package.Items.Count - tree.Subtree(root).Count(id => id != package.Document.Identifier);
        if (outside > 0 || options.Grade is not null)
        {
            leftOut.Add($"{package.Items.Count - selected.Count - units.Count} CFItems are neither a skill nor a unit of this outline (outside the chosen sub-tree or grade, or levels between the units and the standards)");
        }

        var rootItem = root == framework.Identifier ? null : tree.Items[root];
        var defaultTitle = rootItem is null ? framework.Title : $"{framework.Title}: {rootItem.HumanCodingScheme ?? Shorten(rootItem.FullStatement, 60)}";
        var courseId = options.CourseId ?? Slug(defaultTitle, 64);
        if (!SkillId.IsValid(courseId))
        {
            throw new CasePackageException($"'{courseId}' is not a valid course id: use lower-case letters, digits and dashes");
        }

        var description = $"Outline imported from the CASE framework \"{framework.Title}\"{(framework.Uri is null ? string.Empty : $" ({framework.Uri})")}"
            + (rootItem is null ? "." : $", the standards under {rootItem.HumanCodingScheme ?? rootItem.Identifier.ToString()}.")
            + (options.Grade is null ? string.Empty : $" Education level {options.Grade}.");
        return new CourseOutline(courseId, options.Title ?? defaultTitle, description, framework, units.Values.ToList(), skills, leftOut);
    }

    private static Guid FindRoot(CasePackage package, CaseTree tree, string? root)
    {
        if (root is null)
        {
            return package.Document.Identifier;
        }

        if (Guid.TryParse(root, out var guid))
        {
            return guid == package.Document.Identifier || tree.Items.ContainsKey(guid)
                ? guid
                : throw new CasePackageException($"no CFItem of the package has the identifier {guid}");
        }

        var matches = package.Items.Where(i => string.Equals(i.HumanCodingScheme, root, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Identifier,
            0 => throw new CasePackageException($"no CFItem of the package has the identifier or code '{root}'"),
            _ => throw new CasePackageException($"{matches.Count} CFItems have the code '{root}': give the identifier of the one to import ({string.Join(", ", matches.Select(m => m.Identifier))})"),
        };
    }

    /// <summary>Each selected leaf's prerequisites from <c>precedes</c>; an end that is a whole sub-tree stands for its leaves.</summary>
    private static Dictionary<Guid, HashSet<Guid>> Prerequisites(CasePackage package, CaseTree tree, List<Guid> selected, List<string> leftOut)
    {
        var chosen = selected.ToHashSet();
        // A precedes may name the official copy of a standard this framework holds as an exact match.
        var local = new Dictionary<Guid, Guid>();
        foreach (var match in package.Associations.Where(a => a.AssociationType == ExactMatchOf))
        {
            if (tree.Items.ContainsKey(match.Origin) && !tree.Items.ContainsKey(match.Destination))
            {
                local.TryAdd(match.Destination, match.Origin);
            }
            else if (tree.Items.ContainsKey(match.Destination) && !tree.Items.ContainsKey(match.Origin))
            {
                local.TryAdd(match.Origin, match.Destination);
            }
        }

        Guid? Resolve(Guid id) => tree.Items.ContainsKey(id) ? id : local.TryGetValue(id, out var mapped) ? mapped : null;
        var result = new Dictionary<Guid, HashSet<Guid>>();
        var outside = 0;
        var unselected = 0;
        foreach (var precedes in package.Associations.Where(a => a.AssociationType == Precedes))
        {
            if (Resolve(precedes.Origin) is not { } origin || Resolve(precedes.Destination) is not { } destination)
            {
                outside++;
                continue;
            }

            var before = tree.Leaves(origin).Where(chosen.Contains).ToList();
            var after = tree.Leaves(destination).Where(chosen.Contains).ToList();
            if (before.Count == 0 || after.Count == 0)
            {
                unselected++;
                continue;
            }

            foreach (var later in after)
            {
                var set = result.TryGetValue(later, out var existing) ? existing : result[later] = [];
                set.UnionWith(before.Where(b => b != later));
            }
        }

        if (outside > 0)
        {
            leftOut.Add($"{outside} precedes association(s) name a standard that is not in the package (nor an exact match of one in it)");
        }

        if (unselected > 0)
        {
            leftOut.Add($"{unselected} precedes association(s) link a standard outside the imported ones");
        }

        foreach (var other in package.Associations.Where(a => a.AssociationType is not (IsChildOf or Precedes)).GroupBy(a => a.AssociationType, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            leftOut.Add($"{other.Count()} {other.Key} association(s): a course outline has no place for them");
        }

        RefuseCycles(result, tree);
        return result;
    }

    private static void RefuseCycles(Dictionary<Guid, HashSet<Guid>> prerequisites, CaseTree tree)
    {
        var state = new Dictionary<Guid, int>();
        var path = new List<Guid>();
        void Visit(Guid node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var before in prerequisites.GetValueOrDefault(node, []))
            {
                if (state.GetValueOrDefault(before) == 1)
                {
                    var cycle = path.Skip(path.IndexOf(before)).Append(before).Select(tree.Name);
                    throw new CasePackageException($"the precedes associations form a cycle, so no order of the skills is possible: {string.Join(" -> ", cycle)} (each needs the one after it first)");
                }

                if (state.GetValueOrDefault(before) == 0)
                {
                    Visit(before);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }

        foreach (var node in prerequisites.Keys.Order())
        {
            if (state.GetValueOrDefault(node) == 0)
            {
                Visit(node);
            }
        }
    }

    private static string? HttpUri(string? uri) =>
        uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps) ? uri : null;

    internal static string Shorten(string text, int length) => CasePackage.Shorten(text.ReplaceLineEndings(" "), length);

    /// <summary>Lower-case letters, digits and dashes, at most <paramref name="length"/>: "CCSS.Math.6.RP.A.1" → "ccss-math-6-rp-a-1".</summary>
    public static string Slug(string text, int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(lower);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > length)
        {
            slug = slug[..length].TrimEnd('-');
        }

        return slug.Length == 0 ? "standard" : slug;
    }

    /// <summary>Ids made unique by a number: "6-rp-a-1", "6-rp-a-1-2".</summary>
    private sealed class UniqueIds
    {
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

        public string Take(string text)
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var slug = Slug(words.Length > 6 ? string.Join(' ', words.Take(6)) : text, 56);
            var id = slug;
            for (var n = 2; !_taken.Add(id); n++)
            {
                id = $"{slug}-{n}";
            }

            return id;
        }
    }

    /// <summary>Codes without the dotted prefix every imported code shares ("CCSS.Math.Content.6.RP.A.1" → "6.RP.A.1"), for ids and titles.</summary>
    private sealed class ShortCodes
    {
        private readonly int _common;

        public ShortCodes(IEnumerable<string?> codes)
        {
            var split = codes.OfType<string>().Select(c => c.Split('.')).ToList();
            if (split.Count < 2)
            {
                return;
            }

            // Only the shared words before the first number go ("CCSS.Math.Content"): "6.RP.A" stays whole.
            var common = 0;
            while (common < split.Min(s => s.Length) - 1
                && !split[0][common].Any(char.IsDigit)
                && split.All(s => string.Equals(s[common], split[0][common], StringComparison.Ordinal)))
            {
                common++;
            }

            _common = common;
        }

        public string? Short(string? code) => code is null ? null : string.Join('.', code.Split('.').Skip(_common));
    }
}
