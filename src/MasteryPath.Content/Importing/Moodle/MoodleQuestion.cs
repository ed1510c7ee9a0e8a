using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace MasteryPath.Content.Importing.Moodle;

/// <summary>
/// One <c>&lt;question&gt;</c> element being read: its name, category and place, its texts turned into course Markdown
/// (with their embedded files registered as media), and the problems it reports, each naming the question and the line.
/// </summary>
internal sealed partial class MoodleQuestion(XElement element, string file, MoodleCategory? category, QuestionBank bank, MediaNames media)
{
    public XElement Element { get; } = element;

    public string Type { get; } = element.Attribute("type")?.Value ?? "";

    public string Name { get; } = element.Element("name")?.Element("text")?.Value.Trim() is { Length: > 0 } name ? name : "";

    public string? Category => category?.Name;

    public SourceLocation Source => At(Element);

    /// <summary>The question's name, or its id number, or its line when it has neither.</summary>
    public string SourceId => Name.Length > 0 ? Name
        : Element.Element("idnumber")?.Value.Trim() is { Length: > 0 } id ? id
        : $"question-line-{Line(Element)}";

    /// <summary>How problems name the question: <c>&lt;question type="matching"&gt; "Capitals"</c>, plus its category path.</summary>
    public string Label => $"<question type=\"{Type}\"> \"{SourceId}\"" + (category is null ? "" : $" in {category.Path}");

    public SourceLocation At(XObject node) => new(file, Line(node));

    public void Problem(XObject at, string reason, string? part = null) =>
        bank.Problems.Add(new ImportProblem(At(at), part is null ? Label : $"{Label} {part}", reason));

    /// <summary>Reports the whole question as not imported.</summary>
    public void LeftOut(string reason) => Problem(Element, $"left out: {reason}");

    public string? Solution() => OptionalText(Element.Element("generalfeedback"), "<generalfeedback>");

    public IReadOnlyList<string> Hints() =>
        [.. Element.Elements("hint").Select(hint => OptionalText(hint, "<hint>")).OfType<string>()];

    /// <summary>Reports <c>correctfeedback</c>/<c>partiallycorrectfeedback</c>/<c>incorrectfeedback</c> that carry more than
    /// Moodle's default sentences: MasteryPath says right or wrong itself and has no place for a combined message.</summary>
    public void ReportCombinedFeedback()
    {
        foreach (var (name, standard) in CombinedFeedback)
        {
            if (Element.Element(name) is { } feedback && feedback.Element("text")?.Value.Trim() is { Length: > 0 } text
                && !string.Equals(StripTags(text), standard, StringComparison.OrdinalIgnoreCase))
            {
                Problem(feedback, "not kept: MasteryPath shows its own right/wrong message; put what it teaches in the general feedback or an answer's feedback", $"<{name}>");
            }
        }
    }

    /// <summary>The Markdown of a text element, or null when it is missing or empty.</summary>
    public string? OptionalText(XElement? container, string part) =>
        container is null ? null : Text(container, part) is { Length: > 0 } text ? text : null;

    /// <summary>
    /// A Moodle text element (<c>format</c> attribute, <c>&lt;text&gt;</c>, <c>&lt;file&gt;</c> children) as course Markdown.
    /// <c>@@PLUGINFILE@@/name</c> references are resolved to the element's own files, which become media.
    /// </summary>
    public string Text(XElement container, string part, string? rawText = null)
    {
        var raw = rawText ?? container.Element("text")?.Value ?? "";
        var format = container.Attribute("format")?.Value ?? "html";
        var files = EmbeddedFiles(container, raw, part);
        switch (format)
        {
            case "html" or "moodle_auto_format":
                return HtmlToMarkdown.Convert(
                    raw,
                    src => src.StartsWith(PluginFile, StringComparison.Ordinal) ? files.GetValueOrDefault(Uri.UnescapeDataString(src[PluginFile.Length..])) : null,
                    (what, why) => Problem(container, why, $"{part} {what}")).Trim();
            case "markdown":
                return MoodleTextFormats.MarkdownToCourse(ReplaceFileReferences(raw, files)).Trim();
            case "plain_text":
                return MoodleTextFormats.PlainToCourse(raw).Trim();
            default:
                Problem(container, $"unknown text format '{format}': read as plain text", part);
                return MoodleTextFormats.PlainToCourse(raw).Trim();
        }
    }

    /// <summary>A piece of a text element (a cloze answer or feedback) in that element's format, without files of its own.</summary>
    public string Fragment(XElement container, string raw, string part) =>
        (container.Attribute("format")?.Value ?? "html") switch
        {
            "html" or "moodle_auto_format" => HtmlToMarkdown.Convert(raw, _ => null, (what, why) => Problem(container, why, $"{part} {what}")).Trim(),
            "markdown" => MoodleTextFormats.MarkdownToCourse(raw).Trim(),
            _ => MoodleTextFormats.PlainToCourse(raw).Trim(),
        };

    /// <summary>A text element's <c>&lt;text&gt;</c> as written, for answers that are values rather than texts.</summary>
    public static string RawText(XElement? container) => container?.Element("text")?.Value.Trim() ?? "";

    public static double Fraction(XElement answer) =>
        double.TryParse(answer.Attribute("fraction")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) ? fraction : 0;

    public static int Line(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    private Dictionary<string, string> EmbeddedFiles(XElement container, string raw, string part)
    {
        var referenced = FileReference().Matches(raw).Select(m => Uri.UnescapeDataString(m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var mediaNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in container.Elements("file"))
        {
            var name = file.Attribute("name")?.Value ?? "";
            if (!referenced.Contains(name))
            {
                Problem(file, $"the file '{name}' is not used by the text: left out", part);
                continue;
            }

            if (!string.Equals(file.Attribute("encoding")?.Value, "base64", StringComparison.OrdinalIgnoreCase))
            {
                Problem(file, $"the file '{name}' is not base64-encoded (encoding '{file.Attribute("encoding")?.Value}'): left out", part);
                continue;
            }

            try
            {
                mediaNames[name] = media.Register(name, Convert.FromBase64String(file.Value.Trim()), At(file));
            }
            catch (FormatException)
            {
                Problem(file, $"the file '{name}' is not valid base64: left out", part);
            }
        }

        foreach (var missing in referenced.Where(name => !mediaNames.ContainsKey(name) && !container.Elements("file").Any(f => f.Attribute("name")?.Value == name)))
        {
            Problem(container, $"the image '{missing}' is referenced but the export carries no <file name=\"{missing}\">", part);
        }

        return mediaNames;
    }

    private static string ReplaceFileReferences(string text, Dictionary<string, string> files) =>
        FileReference().Replace(text, m => files.TryGetValue(Uri.UnescapeDataString(m.Groups[1].Value), out var name) ? $"media/{name}" : m.Value);

    private static string StripTags(string html) => Tag().Replace(html, "").Trim();

    private const string PluginFile = "@@PLUGINFILE@@/";

    private static readonly (string Element, string MoodleDefault)[] CombinedFeedback =
    [
        ("correctfeedback", "Your answer is correct."),
        ("partiallycorrectfeedback", "Your answer is partially correct."),
        ("incorrectfeedback", "Your answer is incorrect."),
    ];

    [GeneratedRegex(@"@@PLUGINFILE@@/([^""'\s<>()]+)")]
    private static partial Regex FileReference();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}

/// <summary>A Moodle category: the full path as exported (<c>$course$/top/Fractions</c>) and its last segment.</summary>
internal sealed record MoodleCategory(string Path, string Name)
{
    /// <summary>Reads a category path; Moodle writes a slash inside a name as <c>//</c>. Null for the top category.</summary>
    public static MoodleCategory? FromPath(string path)
    {
        var segments = path.Replace("//", "\u0001", StringComparison.Ordinal).Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Replace('\u0001', '/').Trim())
            .Where(s => s.Length > 0 && !(s.StartsWith('$') && s.EndsWith('$')))
            .ToList();
        if (segments.Count > 0 && segments[0] == "top")
        {
            segments.RemoveAt(0);
        }

        return segments.Count == 0 ? null : new MoodleCategory(path.Trim(), segments[^1]);
    }
}
