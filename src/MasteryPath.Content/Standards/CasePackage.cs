using System.Globalization;
using System.Text.Json;

namespace MasteryPath.Content.Standards;

/// <summary>A CASE package refused: the sentence says what is wrong with it.</summary>
public sealed class CasePackageException(string message) : Exception(message);

/// <summary>The CFDocument of a framework: what the import keeps of it.</summary>
public sealed record CaseDocument(Guid Identifier, string? Uri, string Title, string? Creator);

/// <summary>A CFItem: one node of the framework (a grade, domain, cluster, standard or component).</summary>
public sealed record CaseItem(
    Guid Identifier,
    string? Uri,
    string FullStatement,
    string? AbbreviatedStatement,
    string? HumanCodingScheme,
    string? ItemType,
    IReadOnlyList<string> EducationLevels);

/// <summary>A CFAssociation between two nodes, named by their identifiers.</summary>
public sealed record CaseAssociation(Guid Identifier, string AssociationType, Guid Origin, Guid Destination, double? SequenceNumber);

/// <summary>
/// A 1EdTech CASE framework as served or exported: the CFPackage of CASE 1.0 (<c>/ims/case/v1p0/CFPackages/{id}</c>:
/// CFDocument, CFItems, CFAssociations at the top) or 1.1 (<c>/ims/case/v1p1/CFPackages/{id}</c>: the same under a
/// <c>CFPackage</c> key). Fields the import does not use are not read, so earlier OpenSALT exports load too.
/// </summary>
public sealed record CasePackage(CaseDocument Document, IReadOnlyList<CaseItem> Items, IReadOnlyList<CaseAssociation> Associations)
{
    /// <summary>Reads a package from its JSON text; refuses anything that is not one with a <see cref="CasePackageException"/>.</summary>
    public static CasePackage Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new CasePackageException($"this is not a JSON file: {ex.Message}");
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CasePackageException("this JSON is not a CASE package: a CFPackage is an object with CFDocument, CFItems and CFAssociations");
            }

            if (root.TryGetProperty("CFPackage", out var wrapped))
            {
                root = wrapped.ValueKind == JsonValueKind.Object
                    ? wrapped
                    : throw new CasePackageException("'CFPackage' is not an object");
            }

            if (!root.TryGetProperty("CFDocument", out var document) || document.ValueKind != JsonValueKind.Object)
            {
                var keys = string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(8));
                throw new CasePackageException($"this JSON is not a CASE package: it has no CFDocument object (its keys: {(keys.Length == 0 ? "none" : keys)}); export the framework as a CFPackage");
            }

            if (!root.TryGetProperty("CFItems", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new CasePackageException("this CASE package has no CFItems list: export the whole CFPackage, not only the CFDocument");
            }

            var doc = new CaseDocument(
                Identifier(document, "the CFDocument"),
                Text(document, "uri"),
                Text(document, "title") is { Length: > 0 } title ? title : throw new CasePackageException("the CFDocument has no title"),
                Text(document, "creator"));
            var readItems = new List<CaseItem>();
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                readItems.Add(ReadItem(item, index++));
            }

            var associations = new List<CaseAssociation>();
            if (root.TryGetProperty("CFAssociations", out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw new CasePackageException("CFAssociations is not a list");
                }

                index = 0;
                foreach (var association in list.EnumerateArray())
                {
                    associations.Add(ReadAssociation(association, index++));
                }
            }

            var package = new CasePackage(doc, readItems, associations);
            package.RefuseDuplicates();
            return package;
        }
    }

    private void RefuseDuplicates()
    {
        var seen = new Dictionary<Guid, string> { [Document.Identifier] = "the CFDocument" };
        foreach (var item in Items)
        {
            var name = $"CFItem '{item.HumanCodingScheme ?? Shorten(item.FullStatement)}'";
            if (!seen.TryAdd(item.Identifier, name))
            {
                throw new CasePackageException($"the identifier {item.Identifier} is used twice: by {seen[item.Identifier]} and by {name}");
            }
        }

        var associations = new HashSet<Guid>();
        foreach (var association in Associations)
        {
            if (!associations.Add(association.Identifier))
            {
                throw new CasePackageException($"the CFAssociation identifier {association.Identifier} is used twice");
            }
        }
    }

    private static CaseItem ReadItem(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new CasePackageException($"CFItems[{index}] is not an object");
        }

        var code = Text(item, "humanCodingScheme");
        var where = code is null ? $"CFItems[{index}]" : $"CFItems[{index}] ({code})";
        var statement = Text(item, "fullStatement");
        if (string.IsNullOrWhiteSpace(statement))
        {
            throw new CasePackageException($"{where} has no fullStatement, which CASE requires of every CFItem");
        }

        var levels = new List<string>();
        // CASE 1.0 and 1.1 name it educationLevel (a list); early OpenSALT exports wrote educationalLevel (one text).
        foreach (var name in new[] { "educationLevel", "educationalLevel" })
        {
            if (item.TryGetProperty(name, out var level))
            {
                if (level.ValueKind == JsonValueKind.String)
                {
                    levels.AddRange(SplitLevels(level.GetString()));
                }
                else if (level.ValueKind == JsonValueKind.Array)
                {
                    levels.AddRange(level.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).SelectMany(l => SplitLevels(l.GetString())));
                }
            }
        }

        return new CaseItem(
            Identifier(item, where),
            Text(item, "uri"),
            statement.Trim(),
            Text(item, "abbreviatedStatement"),
            code,
            Text(item, "CFItemType"),
            levels);
    }

    private static CaseAssociation ReadAssociation(JsonElement association, int index)
    {
        var where = $"CFAssociations[{index}]";
        if (association.ValueKind != JsonValueKind.Object)
        {
            throw new CasePackageException($"{where} is not an object");
        }

        var type = Text(association, "associationType") ?? throw new CasePackageException($"{where} has no associationType");
        Guid End(string name)
        {
            if (!association.TryGetProperty(name, out var node) || node.ValueKind != JsonValueKind.Object)
            {
                throw new CasePackageException($"{where} ({type}) has no {name} object");
            }

            return Identifier(node, $"the {name} of {where}");
        }

        double? sequence = null;
        if (association.TryGetProperty("sequenceNumber", out var number))
        {
            // CASE 1.1 says integer; OpenSALT's early exports wrote it as text.
            if (number.ValueKind == JsonValueKind.Number)
            {
                sequence = number.GetDouble();
            }
            else if (number.ValueKind == JsonValueKind.String && double.TryParse(number.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                sequence = parsed;
            }
        }

        return new CaseAssociation(Identifier(association, where), type, End("originNodeURI"), End("destinationNodeURI"), sequence);
    }

    private static Guid Identifier(JsonElement element, string where)
    {
        var text = Text(element, "identifier");
        if (text is null)
        {
            throw new CasePackageException($"{where} has no identifier");
        }

        return Guid.TryParse(text, out var guid)
            ? guid
            : throw new CasePackageException($"{where} has the identifier '{text}', which is not a CASE identifier (a UUID)");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text && text.Trim().Length > 0
            ? text.Trim()
            : null;

    private static IEnumerable<string> SplitLevels(string? text) =>
        (text ?? string.Empty).Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static string Shorten(string text, int length = 60)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var space = text.LastIndexOf(' ', length);
        return text[..(space > 20 ? space : length)].TrimEnd(',', ';', ':', ' ') + "…";
    }
}
