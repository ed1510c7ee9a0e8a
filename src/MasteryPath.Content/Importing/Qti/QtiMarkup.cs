using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// Course Markdown as QTI 3.0 item-body XHTML. Math becomes MathML (TexToMathMl) carrying its TeX source in an
/// <c>application/x-tex</c> annotation, so an import gives back exactly the TeX that was written.
/// </summary>
internal static partial class QtiMarkup
{
    private static readonly XNamespace Qti = QtiXml.Qti3Namespace;
    private static readonly XNamespace MathMl = QtiXml.MathMlNamespace;

    /// <summary>Block content (paragraphs, lists, display math).</summary>
    public static IEnumerable<XNode> Blocks(string markdown, Action<string> image) => Convert(markdown, image, inline: false);

    /// <summary>Inline content: a single paragraph is unwrapped (choices, inline feedback).</summary>
    public static IEnumerable<XNode> Inline(string markdown, Action<string> image) => Convert(markdown, image, inline: true);

    /// <summary>A formula as MathML that keeps its TeX in an annotation; TeX the converter refuses is kept as text.</summary>
    public static XElement Math(string tex, bool display)
    {
        XElement body;
        try
        {
            var mathMl = XElement.Parse(TexToMathMl.Convert(tex, display));
            body = WithNamespace(mathMl.Elements().Single(), MathMl);
        }
        catch (Exception ex) when (ex is MathSyntaxException or XmlException or InvalidOperationException)
        {
            body = new XElement(MathMl + "mtext", tex);
        }

        return new XElement(
            MathMl + "math",
            display ? new XAttribute("display", "block") : null,
            new XElement(MathMl + "semantics", body, new XElement(MathMl + "annotation", new XAttribute("encoding", QtiXml.TexEncoding), tex)));
    }

    private static List<XNode> Convert(string markdown, Action<string> image, bool inline)
    {
        var formulas = new List<XElement>();
        string Hold(Match m, bool display)
        {
            formulas.Add(Math(m.Groups["tex"].Value, display));
            return $"QTIMATH{formulas.Count - 1}X";
        }

        var held = DisplayMath().Replace(markdown, m => Hold(m, display: true));
        held = InlineMath().Replace(held, m => Hold(m, display: false));
        var html = CourseMarkdown.ToHtml(held);
        XElement wrapper;
        try
        {
            wrapper = XElement.Parse($"<div>{html}</div>");
        }
        catch (XmlException)
        {
            wrapper = new XElement("div", new XElement("p", markdown));
        }

        var content = WithNamespace(wrapper, Qti);
        foreach (var text in content.DescendantNodes().OfType<XText>().Where(t => t.Value.Contains("QTIMATH", StringComparison.Ordinal)).ToList())
        {
            var parts = Placeholder().Split(text.Value);
            text.ReplaceWith(parts.Select((part, i) => i % 2 == 1 ? (XNode)new XElement(formulas[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]) : new XText(part)).Where(n => n is not XText { Value.Length: 0 }));
        }

        foreach (var img in content.Descendants(Qti + "img"))
        {
            image((string?)img.Attribute("src") ?? string.Empty);
        }

        var nodes = content.Nodes().Where(n => n is not XText t || !string.IsNullOrWhiteSpace(t.Value)).ToList();
        return inline && nodes is [XElement { Name.LocalName: "p" } paragraph] ? paragraph.Nodes().ToList() : nodes;
    }

    private static XElement WithNamespace(XElement element, XNamespace ns) => new(
        ns + element.Name.LocalName,
        element.Attributes().Where(a => !a.IsNamespaceDeclaration),
        element.Nodes().Select(n => n is XElement child ? WithNamespace(child, ns) : n));

    [GeneratedRegex(@"\$\$(?<tex>.+?)\$\$", RegexOptions.Singleline)]
    private static partial Regex DisplayMath();

    [GeneratedRegex(@"(?<!\\)\$(?<tex>[^$]+?)(?<!\\)\$")]
    private static partial Regex InlineMath();

    [GeneratedRegex(@"QTIMATH(\d+)X")]
    private static partial Regex Placeholder();
}
