using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// Reading QTI 2.x and 3.0 with one code path: QTI 3.0 spells <c>choiceInteraction</c> as
/// <c>qti-choice-interaction</c> and <c>responseIdentifier</c> as <c>response-identifier</c>, so every element and
/// attribute name is compared in its QTI 2 (camelCase) spelling.
/// </summary>
internal static class QtiXml
{
    public const string Qti21Namespace = "http://www.imsglobal.org/xsd/imsqti_v2p1";
    public const string Qti22Namespace = "http://www.imsglobal.org/xsd/imsqti_v2p2";
    public const string Qti3Namespace = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
    public const string MathMlNamespace = "http://www.w3.org/1998/Math/MathML";
    public const string TexEncoding = "application/x-tex";

    /// <summary>The QTI 2 spelling of an element's name: <c>qti-simple-choice</c> → <c>simpleChoice</c>.</summary>
    public static string Name(XElement element) => Canonical(element.Name.LocalName, stripPrefix: true);

    /// <summary>An attribute by its QTI 2 spelling, found under either spelling.</summary>
    public static string? Attr(XElement element, string qti2Name)
    {
        foreach (var attribute in element.Attributes())
        {
            if (attribute.Name.NamespaceName.Length == 0 && Canonical(attribute.Name.LocalName, stripPrefix: false) == qti2Name)
            {
                return attribute.Value;
            }
        }

        return null;
    }

    public static IEnumerable<XElement> Children(XElement element, string qti2Name) => element.Elements().Where(e => Name(e) == qti2Name);

    public static XElement? Child(XElement element, string qti2Name) => Children(element, qti2Name).FirstOrDefault();

    public static IEnumerable<XElement> Descendants(XElement element, string qti2Name) => element.Descendants().Where(e => Name(e) == qti2Name);

    /// <summary>The 1-based line of an element (0 when the document was read without line information).</summary>
    public static int Line(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    /// <summary>Whether the class attribute holds <paramref name="token"/> (case-insensitive).</summary>
    public static bool HasClass(XElement element, string token) =>
        (Attr(element, "class") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(c => string.Equals(c, token, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <paramref name="text"/> keeping line numbers; a broken document is one problem at its line.</summary>
    public static XDocument? Load(string text, string file, List<ImportProblem> problems)
    {
        try
        {
            return XDocument.Parse(text, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        }
        catch (XmlException ex)
        {
            problems.Add(new ImportProblem(new SourceLocation(file, ex.LineNumber), "xml", "not well-formed XML: " + ex.Message));
            return null;
        }
    }

    /// <summary>The nodes as an HTML fragment: namespaces dropped, MathML kept as &lt;math&gt;.</summary>
    public static string Html(IEnumerable<XNode> nodes)
    {
        var sb = new StringBuilder();
        foreach (var node in nodes)
        {
            sb.Append(Plain(node)?.ToString(SaveOptions.DisableFormatting));
        }

        return sb.ToString().Trim();
    }

    /// <summary>A copy of the node with every name in no namespace (the HTML the converters read).</summary>
    public static XNode? Plain(XNode node) => node switch
    {
        XElement e => new XElement(
            e.Name.LocalName,
            e.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.NamespaceName.Length == 0).Select(a => new XAttribute(a.Name.LocalName, a.Value)),
            e.Nodes().Select(Plain)),
        XText t => new XText(t.Value),
        _ => null,
    };

    public static string? Number(string? text) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : null;

    private static string Canonical(string name, bool stripPrefix)
    {
        if (stripPrefix && name.StartsWith("qti-", StringComparison.Ordinal))
        {
            name = name[4..];
        }

        if (!name.Contains('-', StringComparison.Ordinal))
        {
            return name;
        }

        var sb = new StringBuilder(name.Length);
        var upper = false;
        foreach (var ch in name)
        {
            if (ch == '-')
            {
                upper = true;
                continue;
            }

            sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
            upper = false;
        }

        return sb.ToString();
    }
}
