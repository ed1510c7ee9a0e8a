using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// One QTI file being read: where it is (for problems), how to read the files it references (relative to its folder,
/// never outside the package), and the bank receiving its items, media and problems.
/// </summary>
internal sealed partial class QtiSource(string displayFile, string packagePath, Func<string, byte[]?> readFromPackageRoot, QuestionBank bank)
{
    private const string CanvasFileBase = "$IMS-CC-FILEBASE$/";

    private readonly Dictionary<string, string?> _mediaBySource = new(StringComparer.Ordinal);

    public string File => displayFile;

    public QuestionBank Bank => bank;

    public string? Category { get; init; }

    public SourceLocation At(XObject node) => new(displayFile, QtiXml.Line(node));

    public void Problem(XObject node, string element, string reason) => bank.Problems.Add(new ImportProblem(At(node), element, reason));

    /// <summary>Reads a file referenced from this one (relative to its folder); null with a reported problem when it is not there.</summary>
    public byte[]? ReadReferenced(XElement at, string element, string href, out string packagePathOfFile)
    {
        var baseFolder = QtiFiles.Folder(packagePath);
        if (href.StartsWith(CanvasFileBase, StringComparison.Ordinal))
        {
            // Canvas exports course files under web_resources/ and refers to them from the package root.
            baseFolder = string.Empty;
            href = "web_resources/" + href[CanvasFileBase.Length..];
        }

        packagePathOfFile = QtiFiles.Resolve(baseFolder, href, out var reason) ?? string.Empty;
        if (packagePathOfFile.Length == 0)
        {
            Problem(at, element, reason);
            return null;
        }

        var bytes = readFromPackageRoot(packagePathOfFile);
        if (bytes is null)
        {
            Problem(at, element, $"'{href}' is not in the package");
        }

        return bytes;
    }

    /// <summary>The media name of an image (registered once per source path), or null when it could not be read (reported).</summary>
    public string? Media(XElement at, string element, string src)
    {
        if (_mediaBySource.TryGetValue(src, out var known))
        {
            return known;
        }

        var bytes = ReadReferenced(at, element, src, out var path);
        string? name = null;
        if (bytes is not null)
        {
            name = UniqueName(Path.GetFileName(path), bytes);
            if (!bank.Media.Any(m => m.Name == name))
            {
                bank.Media.Add(new ImportedMedia(name, bytes, At(at)));
            }
        }

        _mediaBySource[src] = name;
        return name;
    }

    /// <summary>Copies every image under <paramref name="scope"/> into the media, reporting a missing one at its own line.</summary>
    public void RegisterImages(XElement scope)
    {
        foreach (var image in scope.Descendants().Where(e => e.Name.LocalName is "img" or "object"))
        {
            if ((string?)image.Attribute(image.Name.LocalName == "img" ? "src" : "data") is { } src)
            {
                Media(image, image.Name.LocalName, src);
            }
        }
    }

    /// <summary>
    /// An HTML fragment of the item as course Markdown. Before conversion, MathML that carries its TeX source (an
    /// <c>application/x-tex</c> annotation) becomes that TeX between <c>\(…\)</c> or <c>\[…\]</c>, so the TeX comes back exactly,
    /// and images (<c>img src</c>, <c>object data</c>) are copied into the bank's media.
    /// </summary>
    public string Markdown(IEnumerable<XNode> nodes, XElement at)
    {
        var wrapper = new XElement("fragment", nodes.Select(QtiXml.Plain));
        foreach (var math in wrapper.Descendants("math").ToList())
        {
            var tex = math.Descendants("annotation").FirstOrDefault(a => (string?)a.Attribute("encoding") == QtiXml.TexEncoding);
            if (tex is not null)
            {
                var block = (string?)math.Attribute("display") == "block";
                math.ReplaceWith(new XText(block ? $"\\[{tex.Value}\\]" : $"\\({tex.Value}\\)"));
            }
        }

        foreach (var image in wrapper.Descendants().Where(e => e.Name.LocalName is "img" or "object").ToList())
        {
            var attribute = image.Name.LocalName == "img" ? "src" : "data";
            var src = (string?)image.Attribute(attribute);
            if (src is null)
            {
                continue;
            }

            var name = Media(at, image.Name.LocalName, src);
            var alt = image.Name.LocalName == "img" ? (string?)image.Attribute("alt") ?? string.Empty : image.Value.Trim();
            image.ReplaceWith(name is null
                ? new XText(alt)
                : new XElement("img", new XAttribute("src", "media/" + name), new XAttribute("alt", alt)));
        }

        var html = QtiXml.Html(wrapper.Nodes());
        return HtmlToMarkdown.Convert(
            html,
            src => src.StartsWith("media/", StringComparison.Ordinal) ? src[6..] : Media(at, "img", src),
            (element, reason) => Problem(at, element, reason)).Trim();
    }

    /// <summary>
    /// An HTML string (QTI 1.2 mattext) as course Markdown: Canvas equation images (<c>data-equation-content</c>) become
    /// their TeX, other images are copied into the bank's media.
    /// </summary>
    public string MarkdownFromHtml(string html, XElement at)
    {
        html = CanvasEquation().Replace(html, m => $"\\({System.Net.WebUtility.HtmlDecode(m.Groups["tex"].Value)}\\)");
        html = ImageSource().Replace(html, m =>
        {
            var name = Media(at, "img", System.Net.WebUtility.HtmlDecode(m.Groups["src"].Value));
            return name is null ? m.Value : m.Groups["before"].Value + "media/" + name + m.Groups["after"].Value;
        });
        return HtmlToMarkdown.Convert(
            html,
            src => src.StartsWith("media/", StringComparison.Ordinal) ? src[6..] : Media(at, "img", src),
            (element, reason) => Problem(at, element, reason)).Trim();
    }

    [GeneratedRegex("""<img\b[^>]*\bdata-equation-content="(?<tex>[^"]*)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex CanvasEquation();

    [GeneratedRegex("""(?<before><img\b[^>]*\bsrc=")(?<src>[^"]*)(?<after>")""", RegexOptions.IgnoreCase)]
    private static partial Regex ImageSource();

    private string UniqueName(string fileName, byte[] bytes)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        var candidate = fileName;
        for (var n = 2; ; n++)
        {
            var existing = bank.Media.FirstOrDefault(m => m.Name == candidate);
            if (existing is null || existing.Content.AsSpan().SequenceEqual(bytes))
            {
                return candidate;
            }

            candidate = $"{stem}-{n}{extension}";
        }
    }
}
