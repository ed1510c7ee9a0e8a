using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Checking;

/// <summary>A problem in an SVG file, at a 1-based line and column.</summary>
public sealed record SvgProblem(Severity Severity, int Line, int Column, string Code, string Message);

/// <summary>
/// Diagrams as SVG are made safe by refusal, not by rewriting: the checker rejects (<c>unsafe-svg</c>) scripts,
/// event attributes, foreignObject, references to anything outside the file, processing instructions and
/// DOCTYPE/entities. The file must be well-formed XML with an &lt;svg&gt; root that has a viewBox or a width and
/// height (<c>bad-svg</c>), and should carry a &lt;title&gt; (<c>svg-no-title</c>, a warning).
/// </summary>
public static partial class SvgChecks
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";

    /// <summary>Every problem of the SVG <paramref name="text"/>.</summary>
    public static IReadOnlyList<SvgProblem> Check(string text)
    {
        var problems = new List<SvgProblem>();
        using var reader = XmlReader.Create(new StringReader(text), Settings());
        var at = (IXmlLineInfo)reader;
        void Unsafe(string message) => problems.Add(new SvgProblem(Severity.Error, at.LineNumber, at.LinePosition, "unsafe-svg", message));

        var rootSeen = false;
        var hasTitle = false;
        var styleDepth = -1;
        try
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (!rootSeen)
                        {
                            rootSeen = true;
                            CheckRoot(reader, at, problems);
                        }

                        CheckElement(reader, Unsafe);
                        hasTitle |= reader.LocalName == "title";
                        if (reader.LocalName == "style" && !reader.IsEmptyElement)
                        {
                            styleDepth = reader.Depth;
                        }

                        CheckAttributes(reader, Unsafe);
                        break;

                    case XmlNodeType.EndElement when reader.Depth == styleDepth:
                        styleDepth = -1;
                        break;

                    case XmlNodeType.Text or XmlNodeType.CDATA when styleDepth >= 0:
                        if (reader.Value.Contains("@import", StringComparison.OrdinalIgnoreCase) || ExternalUrl().IsMatch(reader.Value))
                        {
                            Unsafe("a style that loads something from outside the file (@import or url() not starting with '#')");
                        }

                        break;

                    case XmlNodeType.ProcessingInstruction:
                        Unsafe($"the processing instruction <?{reader.Name} …?> is not allowed (it can load a stylesheet from elsewhere)");
                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            var isDtd = ex.Message.Contains("DTD", StringComparison.Ordinal);
            // The reader reports a prohibited DTD without a position: find the DOCTYPE itself.
            var doctype = isDtd ? Array.FindIndex(text.Split('\n'), l => l.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)) + 1 : 0;
            problems.Add(new SvgProblem(
                Severity.Error,
                doctype > 0 ? doctype : System.Math.Max(ex.LineNumber, 1),
                doctype > 0 ? 1 : System.Math.Max(ex.LinePosition, 1),
                isDtd ? "unsafe-svg" : "bad-svg",
                isDtd ? "a DOCTYPE (and the entities it could declare) is not allowed in an SVG" : $"the SVG is not well-formed XML: {ex.Message}"));
            return problems;
        }

        if (!rootSeen)
        {
            problems.Add(new SvgProblem(Severity.Error, 1, 1, "bad-svg", "the file holds no <svg> element"));
        }
        else if (!hasTitle && problems.All(p => p.Severity == Severity.Warning))
        {
            problems.Add(new SvgProblem(Severity.Warning, 1, 1, "svg-no-title", "the SVG has no <title>: add one that names what it shows (the Markdown alt text is still required)"));
        }

        return problems;
    }

    /// <summary>The width and height the SVG's root states (its width and height, else its viewBox), or null.</summary>
    public static MediaSize? SizeOf(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings());
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "svg")
            {
                return null;
            }

            if (Length(reader.GetAttribute("width")) is { } width && Length(reader.GetAttribute("height")) is { } height)
            {
                return new MediaSize(width, height);
            }

            var box = ViewBox(reader.GetAttribute("viewBox"));
            return box is null ? null : new MediaSize((int)System.Math.Ceiling(box.Value.Width), (int)System.Math.Ceiling(box.Value.Height));
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    private static void CheckRoot(XmlReader reader, IXmlLineInfo at, List<SvgProblem> problems)
    {
        if (reader.LocalName != "svg" || reader.NamespaceURI != SvgNamespace)
        {
            problems.Add(new SvgProblem(Severity.Error, at.LineNumber, at.LinePosition, "bad-svg", $"the root element is <{reader.Name}>; an SVG starts with <svg xmlns=\"{SvgNamespace}\">"));
            return;
        }

        var hasSize = Length(reader.GetAttribute("width")) is not null && Length(reader.GetAttribute("height")) is not null;
        if (!hasSize && ViewBox(reader.GetAttribute("viewBox")) is null)
        {
            problems.Add(new SvgProblem(Severity.Error, at.LineNumber, at.LinePosition, "bad-svg", "the <svg> element needs a viewBox (or a width and a height) so it can be sized"));
        }
    }

    private static void CheckElement(XmlReader reader, Action<string> @unsafe)
    {
        switch (reader.LocalName)
        {
            case "script":
                @unsafe("<script> is not allowed in an SVG");
                break;
            case "foreignObject":
                @unsafe("<foreignObject> is not allowed in an SVG (it embeds HTML)");
                break;
            case "iframe" or "embed" or "object":
                @unsafe($"<{reader.LocalName}> is not allowed in an SVG");
                break;
        }
    }

    private static void CheckAttributes(XmlReader reader, Action<string> @unsafe)
    {
        if (!reader.MoveToFirstAttribute())
        {
            return;
        }

        do
        {
            var name = reader.LocalName;
            var value = reader.Value;
            if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase) && reader.Prefix != "xmlns")
            {
                @unsafe($"the event attribute '{reader.Name}' is not allowed in an SVG");
            }
            else if (name == "href" && !value.TrimStart().StartsWith('#'))
            {
                @unsafe($"'{reader.Name}=\"{value}\"' refers to something outside the file; only references within it ('#id') are allowed");
            }
            else if (ExternalUrl().IsMatch(value))
            {
                @unsafe($"'{reader.Name}' uses url() to something outside the file; only url(#id) is allowed");
            }
            else if (Whitespace().Replace(value, string.Empty).Contains("javascript:", StringComparison.OrdinalIgnoreCase))
            {
                @unsafe($"'{reader.Name}' holds a javascript: address");
            }
        }
        while (reader.MoveToNextAttribute());
        reader.MoveToElement();
    }

    private static int? Length(string? value)
    {
        var trimmed = value?.Trim();
        if (trimmed is null)
        {
            return null;
        }

        if (trimmed.EndsWith("px", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^2];
        }

        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 ? (int)System.Math.Ceiling(number) : null;
    }

    private static (double Width, double Height)? ViewBox(string? value)
    {
        var parts = (value ?? string.Empty).Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4)
        {
            return null;
        }

        var numbers = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return numbers[2] > 0 && numbers[3] > 0 ? (numbers[2], numbers[3]) : null;
    }

    [GeneratedRegex(@"url\(\s*['""]?\s*(?!#)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
