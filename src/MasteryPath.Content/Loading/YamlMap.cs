using System.Globalization;
using MasteryPath.Content.Checking;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MasteryPath.Content.Loading;

/// <summary>
/// Reads one YAML mapping field by field, reporting every problem (missing, wrong type, unknown field)
/// with its file position instead of stopping at the first.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly string _file;
    private readonly int _lineOffset;
    private readonly List<Diagnostic> _diagnostics;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, string file, int lineOffset, List<Diagnostic> diagnostics, string what)
    {
        _node = node;
        _file = file;
        _lineOffset = lineOffset;
        _diagnostics = diagnostics;
        What = what;
    }

    public string What { get; }

    public SourceLocation Location => At(_node);

    public SourceLocation At(YamlNode node) => At(node.Start);

    public SourceLocation At(Mark mark) => new(_file, (int)mark.Line + _lineOffset, (int)mark.Column);

    public void Error(YamlNode node, string code, string message) =>
        _diagnostics.Add(new Diagnostic(Severity.Error, At(node), code, message));

    public void Error(string code, string message) =>
        _diagnostics.Add(new Diagnostic(Severity.Error, Location, code, message));

    public YamlNode? Node(string key)
    {
        _read.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public bool Has(string key) => _node.Children.ContainsKey(new YamlScalarNode(key));

    public string? String(string key, bool required)
    {
        var node = Node(key);
        if (node is null || (node is YamlScalarNode { Value: null or "" } && node is YamlScalarNode { Style: ScalarStyle.Plain }))
        {
            if (required)
            {
                Error("missing-field", $"{What} has no '{key}'");
            }

            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Error(node, "wrong-type", $"'{key}' must be text, not a {Describe(node)}");
        return null;
    }

    public bool Bool(string key, bool fallback)
    {
        var node = Node(key);
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: "true" or "yes" })
        {
            return true;
        }

        if (node is YamlScalarNode { Value: "false" or "no" })
        {
            return false;
        }

        Error(node, "wrong-type", $"'{key}' must be true or false");
        return fallback;
    }

    public double? Number(string key, double? min = null, double? max = null)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            if ((min is not null && value < min) || (max is not null && value > max))
            {
                Error(node, "out-of-range", $"'{key}' must be between {min} and {max}, not {value}");
                return null;
            }

            return value;
        }

        Error(node, "wrong-type", $"'{key}' must be a number");
        return null;
    }

    public List<(string Value, YamlNode Node)> StringList(string key)
    {
        var node = Node(key);
        var result = new List<(string, YamlNode)>();
        if (node is null)
        {
            return result;
        }

        if (node is YamlScalarNode single && !string.IsNullOrEmpty(single.Value))
        {
            result.Add((single.Value, single));
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            if (node is not YamlScalarNode)
            {
                Error(node, "wrong-type", $"'{key}' must be a list");
            }

            return result;
        }

        foreach (var child in sequence.Children)
        {
            if (child is YamlScalarNode { Value: not null } s)
            {
                result.Add((s.Value, s));
            }
            else
            {
                Error(child, "wrong-type", $"every entry of '{key}' must be text, not a {Describe(child)}");
            }
        }

        return result;
    }

    public List<YamlMap> MapList(string key, string what)
    {
        var node = Node(key);
        var result = new List<YamlMap>();
        if (node is null)
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, "wrong-type", $"'{key}' must be a list");
            return result;
        }

        foreach (var child in sequence.Children)
        {
            if (child is YamlMappingNode map)
            {
                result.Add(new YamlMap(map, _file, _lineOffset, _diagnostics, what));
            }
            else
            {
                Error(child, "wrong-type", $"every entry of '{key}' must be a mapping (key: value lines), not a {Describe(child)}");
            }
        }

        return result;
    }

    public YamlMap? Map(string key, string what)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode map)
        {
            return new YamlMap(map, _file, _lineOffset, _diagnostics, what);
        }

        Error(node, "wrong-type", $"'{key}' must be a mapping (key: value lines)");
        return null;
    }

    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries()
    {
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode { Value: not null } key)
            {
                _read.Add(key.Value);
                yield return (key.Value, key, v);
            }
        }
    }

    /// <summary>Reports every field that no reader asked for: usually a typo such as 'prerequisits'.</summary>
    public void ReportUnknownFields()
    {
        foreach (var (k, _) in _node.Children)
        {
            if (k is YamlScalarNode { Value: not null } key && !_read.Contains(key.Value))
            {
                Error(key, "unknown-field", $"{What} has no field '{key.Value}'");
            }
        }
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "mapping",
        _ => "text",
    };
}
