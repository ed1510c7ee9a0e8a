using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MasteryPath.Web.Authoring;

/// <summary>
/// A skills/&lt;id&gt;.md file as the editor sees it: front matter fields and the three Markdown sections. Edits change
/// only the lines of the fields they set, so fields the editor does not know (a standard, comments) are kept.
/// </summary>
public sealed partial class SkillFile
{
    public static readonly IReadOnlyList<string> SectionNames = ["Lesson", "Corrective", "Enrichment"];

    private readonly List<string> _frontMatter;

    private SkillFile(List<string> frontMatter, Dictionary<string, string> sections)
    {
        _frontMatter = frontMatter;
        Sections = sections;
    }

    /// <summary>Section name → its Markdown (without the '# Name' heading).</summary>
    public Dictionary<string, string> Sections { get; }

    public static SkillFile New(string id, string title, string objective, string unit) => new(
        ["---", $"id: {id}", $"title: {Scalar(title)}", $"objective: {Scalar(objective)}", $"unit: {unit}", "prerequisites: []", "---"],
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Lesson"] = "Explain the idea here, then show a worked example.",
            ["Corrective"] = "Explain it a second way, for learners the lesson did not reach.",
            ["Enrichment"] = "Something further for learners who have mastered it.",
        });

    public static SkillFile Parse(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').ToList();
        var frontMatter = new List<string>();
        var start = 0;
        if (lines.Count > 0 && lines[0].Trim() == "---")
        {
            var end = lines.FindIndex(1, l => l.Trim() == "---");
            if (end > 0)
            {
                frontMatter = lines.Take(end + 1).ToList();
                start = end + 1;
            }
        }

        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var body = new StringBuilder();
        var preamble = new StringBuilder();
        foreach (var line in lines.Skip(start))
        {
            var heading = SectionHeading().Match(line);
            if (heading.Success && SectionNames.Contains(heading.Groups[1].Value, StringComparer.OrdinalIgnoreCase))
            {
                if (current is not null)
                {
                    sections[current] = body.ToString().Trim('\n');
                }

                current = SectionNames.First(n => string.Equals(n, heading.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
                body.Clear();
                continue;
            }

            (current is null ? preamble : body).Append(line).Append('\n');
        }

        if (current is not null)
        {
            sections[current] = body.ToString().Trim('\n');
        }

        if (preamble.ToString().Trim().Length > 0)
        {
            sections["Lesson"] = (preamble.ToString().Trim('\n') + "\n\n" + sections.GetValueOrDefault("Lesson", string.Empty)).Trim('\n');
        }

        return new SkillFile(frontMatter, sections);
    }

    /// <summary>A front matter field's value (a scalar), or null.</summary>
    public string? Field(string name) => FrontMatterMap()?.Children.TryGetValue(new YamlScalarNode(name), out var node) == true && node is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>The prerequisites listed in the front matter.</summary>
    public IReadOnlyList<string> Prerequisites =>
        FrontMatterMap()?.Children.TryGetValue(new YamlScalarNode("prerequisites"), out var node) == true && node is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).Where(s => s.Length > 0).ToList()
            : [];

    /// <summary>Sets a scalar field, replacing its line (and its continuation lines) or adding it before the closing '---'.</summary>
    public void SetField(string name, string value) => ReplaceField(name, $"{name}: {Scalar(value)}");

    public void SetPrerequisites(IEnumerable<string> prerequisites) => ReplaceField("prerequisites", $"prerequisites: [{string.Join(", ", prerequisites)}]");

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var line in _frontMatter)
        {
            text.Append(line).Append('\n');
        }

        foreach (var name in SectionNames)
        {
            if (Sections.TryGetValue(name, out var markdown))
            {
                text.Append('\n').Append("# ").Append(name).Append("\n\n").Append(markdown.ReplaceLineEndings("\n").Trim('\n')).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A YAML scalar: plain when that is safe, else double-quoted.</summary>
    public static string Scalar(string value)
    {
        value = value.ReplaceLineEndings(" ").Trim();
        if (PlainScalar().IsMatch(value) && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal))
        {
            return value;
        }

        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private void ReplaceField(string name, string line)
    {
        if (_frontMatter.Count < 2)
        {
            _frontMatter.Clear();
            _frontMatter.AddRange(["---", line, "---"]);
            return;
        }

        var at = _frontMatter.FindIndex(1, l => l.StartsWith(name + ":", StringComparison.Ordinal));
        if (at < 0)
        {
            _frontMatter.Insert(_frontMatter.Count - 1, line);
            return;
        }

        var next = at + 1;
        while (next < _frontMatter.Count - 1 && (_frontMatter[next].StartsWith(' ') || _frontMatter[next].StartsWith('\t') || _frontMatter[next].StartsWith('-')))
        {
            next++;
        }

        _frontMatter.RemoveRange(at, next - at);
        _frontMatter.Insert(at, line);
    }

    private YamlMappingNode? FrontMatterMap()
    {
        if (_frontMatter.Count < 2)
        {
            return null;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(string.Join('\n', _frontMatter.Skip(1).Take(_frontMatter.Count - 2))));
            return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^#\s+(\w+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 ,.;()'/+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainScalar();
}
