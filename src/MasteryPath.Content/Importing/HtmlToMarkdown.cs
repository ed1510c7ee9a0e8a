using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Importing;

/// <summary>
/// Turns the HTML of question texts (QTI, Moodle XML, GIFT [html]) into course Markdown: paragraphs, emphasis,
/// lists, tables, line breaks, links, <c>&lt;img&gt;</c> (registered through the image callback), MathML
/// <c>&lt;math&gt;</c> and TeX in <c>\(…\)</c>, <c>\[…\]</c>, <c>$$…$$</c> → <c>$…$</c> / <c>$$…$$</c>.
/// Whatever it cannot keep is reported through the problem callback (element, reason); nothing is silently dropped.
/// </summary>
public static partial class HtmlToMarkdown
{
    private static readonly HtmlParser Parser = new();

    /// <param name="html">The fragment.</param>
    /// <param name="image">Called with an image's src; returns the media name to use (media/&lt;name&gt;), or null when the file is missing (then reported).</param>
    /// <param name="problem">Called with (element, reason) for anything not kept.</param>
    public static string Convert(string html, Func<string, string?> image, Action<string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(problem);
        var document = Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        var writer = new Writer(image, problem);
        writer.Block(document.Body!);
        return writer.Result();
    }

    /// <summary>Plain text (GIFT [plain], Moodle plain_text) as course Markdown: special characters escaped, TeX delimiters kept as math.</summary>
    public static string FromPlainText(string text, Action<string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problem);
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join("\n\n", paragraphs.Select(p => string.Join("  \n", p.Split('\n').Select(line => TextWithMath(line.Trim(), problem)))));
    }

    /// <summary>Text with TeX in <c>\(…\)</c>, <c>\[…\]</c> or <c>$$…$$</c>: the text escaped for Markdown, the TeX as course math
    /// (checked against the dialect: unsupported TeX is kept as code and reported).</summary>
    public static string TextWithMath(string text, Action<string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problem);
        var builder = new StringBuilder();
        var last = 0;
        foreach (Match match in TexDelimited().Matches(text))
        {
            builder.Append(Escape(text[last..match.Index]));
            var display = match.Groups["display"].Success || match.Groups["dollars"].Success;
            var tex = (match.Groups["inline"].Success ? match.Groups["inline"] : match.Groups["display"].Success ? match.Groups["display"] : match.Groups["dollars"]).Value.Trim();
            builder.Append(Math(tex, display && match.Groups["display"].Success, problem));
            last = match.Index + match.Length;
        }

        builder.Append(Escape(text[last..]));
        return builder.ToString();
    }

    internal static string Math(string tex, bool display, Action<string, string> problem)
    {
        tex = tex.Replace("\n", " ", StringComparison.Ordinal).Trim();
        if (tex.Length == 0)
        {
            return string.Empty;
        }

        if (TexToMathMl.Validate(tex) is { } error)
        {
            problem("math", $"the TeX '{tex}' is outside the course dialect ({error.Message}); kept as code for the author to rewrite");
            return "`" + tex.Replace("`", "'", StringComparison.Ordinal) + "`";
        }

        return display ? "$$" + tex + "$$" : "$" + tex + "$";
    }

    internal static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' or '$' or '<' or '>' or '#' or '|' or '~')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\\\((?<inline>.+?)\\\)|\\\[(?<display>.+?)\\\]|\$\$(?<dollars>.+?)\$\$", RegexOptions.Singleline)]
    private static partial Regex TexDelimited();

    [GeneratedRegex(@"^([-+]\s|\d+[.)]\s)")]
    private static partial Regex ListLike();

    [GeneratedRegex(@"[ \t\r\n]+")]
    private static partial Regex Whitespace();

    private sealed class Writer(Func<string, string?> image, Action<string, string> problem)
    {
        private readonly List<string> _blocks = [];
        private readonly StringBuilder _paragraph = new();

        public string Result()
        {
            Flush();
            return string.Join("\n\n", _blocks.Where(b => b.Length > 0)).Trim();
        }

        public void Block(INode container)
        {
            foreach (var node in container.ChildNodes)
            {
                if (node is IElement element && IsBlock(element))
                {
                    Flush();
                    BlockElement(element);
                }
                else
                {
                    _paragraph.Append(Inline(node));
                }
            }
        }

        private void Flush()
        {
            var text = _paragraph.ToString().Trim();
            _paragraph.Clear();
            if (ListLike().IsMatch(text))
            {
                text = "\\" + text;
            }

            if (text.Length > 0)
            {
                _blocks.Add(text);
            }
        }

        private static bool IsBlock(IElement element) => MathMlToTex.LocalName(element) is "p" or "div" or "ul" or "ol" or "table" or "blockquote"
            or "pre" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "hr" or "section" or "article" or "figure" or "center" or "dl";

        private void BlockElement(IElement element)
        {
            switch (MathMlToTex.LocalName(element))
            {
                case "ul" or "ol":
                    var ordered = MathMlToTex.LocalName(element) == "ol";
                    var number = 1;
                    var lines = new List<string>();
                    foreach (var item in element.Children)
                    {
                        var text = Sub(item);
                        var marker = ordered ? $"{number++}. " : "- ";
                        lines.Add(marker + text.Replace("\n", "\n" + new string(' ', marker.Length), StringComparison.Ordinal));
                    }

                    _blocks.Add(string.Join("\n", lines));
                    break;
                case "table":
                    Table(element);
                    break;
                case "blockquote":
                    _blocks.Add(string.Join("\n", Sub(element).Split('\n').Select(l => "> " + l)));
                    break;
                case "pre":
                    _blocks.Add("```\n" + element.TextContent.TrimEnd() + "\n```");
                    break;
                case "hr":
                    _blocks.Add("***");
                    break;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    var heading = Sub(element);
                    if (heading.Length > 0)
                    {
                        _blocks.Add("**" + heading + "**");
                    }

                    break;
                default:
                    Block(element);
                    Flush();
                    break;
            }
        }

        private string Sub(IElement element)
        {
            var nested = new Writer(image, problem);
            nested.Block(element);
            return nested.Result();
        }

        private void Table(IElement table)
        {
            var rows = table.QuerySelectorAll("tr").Select(r => r.Children.Where(c => MathMlToTex.LocalName(c) is "td" or "th")
                .Select(c => Sub(c).Replace("\n", " ", StringComparison.Ordinal)).ToList()).Where(r => r.Count > 0).ToList();
            if (rows.Count == 0)
            {
                return;
            }

            var width = rows.Max(r => r.Count);
            var lines = new List<string>();
            for (var i = 0; i < rows.Count; i++)
            {
                var cells = rows[i].Concat(Enumerable.Repeat(string.Empty, width - rows[i].Count));
                lines.Add("| " + string.Join(" | ", cells) + " |");
                if (i == 0)
                {
                    lines.Add("|" + string.Concat(Enumerable.Repeat(" --- |", width)));
                }
            }

            _blocks.Add(string.Join("\n", lines));
        }

        private string Inline(INode node)
        {
            if (node is IText text)
            {
                return TextWithMath(Whitespace().Replace(text.Data, " "), problem);
            }

            if (node is not IElement element)
            {
                return string.Empty;
            }

            var name = MathMlToTex.LocalName(element);
            switch (name)
            {
                case "br":
                    return "  \n";
                case "strong" or "b":
                    return Wrap("**", Children(element));
                case "em" or "i" or "cite" or "var" or "dfn":
                    return Wrap("*", Children(element));
                case "code" or "kbd" or "samp" or "tt":
                    var code = element.TextContent.Replace("`", "'", StringComparison.Ordinal).Trim();
                    return code.Length == 0 ? string.Empty : "`" + code + "`";
                case "sup":
                    return Script("^", element);
                case "sub":
                    return Script("_", element);
                case "a":
                    var label = Children(element);
                    var href = element.GetAttribute("href");
                    if (CourseMarkdown.IsSafeUrl(href) && href!.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                    {
                        return "[" + label + "](" + href.Replace(" ", "%20", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal) + ")";
                    }

                    if (href is not null && !href.StartsWith('#'))
                    {
                        problem("<a>", $"the link to '{href}' is not a web address; its text was kept");
                    }

                    return label;
                case "img":
                    return Image(element, element.GetAttribute("src"));
                case "object" when element.GetAttribute("type")?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true:
                    return Image(element, element.GetAttribute("data"));
                case "math":
                    var tex = MathMlToTex.Convert(element, problem);
                    return Math(tex, element.GetAttribute("display") == "block", problem);
                case "script" or "style" or "iframe" or "object" or "embed" or "video" or "audio" or "canvas" or "svg" or "input" or "select" or "button" or "form":
                    problem($"<{name}>", "not kept: a question text here holds text, math and images only");
                    return string.Empty;
                case "span" or "font" or "u" or "small" or "big" or "abbr" or "label" or "mark" or "s" or "del" or "ins" or "q" or "time" or "nobr" or "bdi" or "bdo" or "wbr":
                    return Children(element);
                default:
                    if (IsBlock(element))
                    {
                        var nested = Sub(element);
                        return nested.Length == 0 ? string.Empty : " " + nested.Replace("\n\n", "  \n", StringComparison.Ordinal) + " ";
                    }

                    problem($"<{element.LocalName}>", "this element is not part of a question text; its text was kept");
                    return Children(element);
            }
        }

        private string Children(IElement element) => string.Concat(element.ChildNodes.Select(Inline));

        private static string Wrap(string marker, string text)
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0)
            {
                return text;
            }

            var lead = text.Length - text.TrimStart().Length > 0 ? " " : string.Empty;
            var tail = text.Length - text.TrimEnd().Length > 0 ? " " : string.Empty;
            return lead + marker + trimmed + marker + tail;
        }

        private static string Script(string marker, IElement element)
        {
            var content = element.TextContent.Trim();
            if (content.Length == 0)
            {
                return string.Empty;
            }

            const string digits = "0123456789+-=()n";
            var table = marker == "^" ? "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ" : "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₙ";
            return content.All(c => digits.Contains(c, StringComparison.Ordinal))
                ? string.Concat(content.Select(c => table[digits.IndexOf(c, StringComparison.Ordinal)]))
                : marker + "(" + Escape(content) + ")";
        }

        private string Image(IElement element, string? source)
        {
            if (string.IsNullOrWhiteSpace(source))
            {
                problem($"<{element.LocalName}>", "an image without a source was left out");
                return string.Empty;
            }

            var name = image(source);
            if (name is null)
            {
                problem($"<{element.LocalName}>", $"the image '{source}' was not found in the bank; it was left out");
                return string.Empty;
            }

            var alt = (element.GetAttribute("alt") ?? element.GetAttribute("title") ?? string.Empty).Trim();
            if (alt.Length == 0)
            {
                alt = "Image " + Path.GetFileNameWithoutExtension(name);
                problem($"<{element.LocalName}>", $"the image '{source}' has no alt text; '{alt}' was written in its place: describe the image for learners who cannot see it");
            }

            var target = "media/" + name;
            return "![" + Escape(alt) + "](" + (target.IndexOfAny([' ', '(', ')', '<', '>']) >= 0 ? "<" + target.Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal) + ">" : target) + ")";
        }
    }
}
