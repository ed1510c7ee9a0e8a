using System.Net;
using Markdig;
using Markdig.Extensions.CustomContainers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MasteryPath.Content.Markdown;

/// <summary>
/// The blocks of rich lessons: <c>::: video https://…</c> (a link card with a caption, nothing loaded from the
/// other site until the learner clicks) and <c>::: worked-example [title]</c> (numbered steps and an optional
/// <c>**Answer:**</c> line), plus the rules for images (<c>![alt](media/name.png)</c>).
/// Only the block form of Markdig's custom containers is enabled: the inline <c>::text::</c> form is not.
/// </summary>
public static class RichBlocks
{
    /// <summary>The block that links a video.</summary>
    public const string Video = "video";

    /// <summary>The block that shows a worked example.</summary>
    public const string WorkedExample = "worked-example";

    /// <summary>File extensions an image may have.</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg" };

    private const string MediaPrefix = "media/";

    /// <summary>The file name in media/ that <paramref name="url"/> points at (<c>media/name</c>), or null when it points elsewhere.</summary>
    public static string? MediaName(string? url)
    {
        if (url is null || !url.StartsWith(MediaPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = Uri.UnescapeDataString(url[MediaPrefix.Length..]);
        return name.Length == 0 || name.StartsWith('.') || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) ? null : name;
    }

    /// <summary>True for an address on another site (http, https or protocol-relative).</summary>
    public static bool IsRemote(string? url) =>
        url is not null && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("//", StringComparison.Ordinal));

    internal static void Use(MarkdownPipelineBuilder builder) => builder.Extensions.AddIfNotAlready<Extension>();

    /// <summary>The problems of one image: alt text, where it lives, its type, and (with <paramref name="media"/>) whether the file exists.</summary>
    internal static IEnumerable<MarkdownProblem> ImageProblems(LinkInline image, MediaInventory? media)
    {
        var line = image.Line + 1;
        var column = image.Column + 1;
        if (PlainText(image).Trim().Length == 0)
        {
            yield return new MarkdownProblem(line, column, "an image needs alt text that says what it shows: ![a number line from 0 to 10](media/…)", "missing-alt-text");
        }

        var url = image.Url ?? string.Empty;
        if (IsRemote(url))
        {
            yield return new MarkdownProblem(line, column, $"the image '{url}' is on another site: images are served by the app, no third-party CDN; put the file in media/ and write media/<name>", "remote-media");
            yield break;
        }

        if (!CourseMarkdown.IsSafeUrl(url))
        {
            yield break;
        }

        var name = MediaName(url);
        if (name is null)
        {
            yield return new MarkdownProblem(line, column, $"the image '{url}' is not in the course's media/ folder: put the file there and write media/<name>", "missing-media");
            yield break;
        }

        if (!ImageExtensions.Contains(Path.GetExtension(name)))
        {
            yield return new MarkdownProblem(line, column, $"'{url}' is not an image type the app serves: use png, jpg, gif, webp or svg", "unsupported-media");
            yield break;
        }

        if (media is not null && MissingFile(image, media) is { } missing)
        {
            yield return missing;
        }
    }

    /// <summary>An error when the image points at a file media/ does not hold; otherwise marks the file used and returns null.</summary>
    internal static MarkdownProblem? MissingFile(LinkInline image, MediaInventory media)
    {
        var name = MediaName(image.Url);
        if (name is null || !ImageExtensions.Contains(Path.GetExtension(name)))
        {
            return null;
        }

        if (media.Contains(name))
        {
            media.MarkUsed(name);
            return null;
        }

        return new MarkdownProblem(image.Line + 1, image.Column + 1, $"the image '{image.Url}' does not exist: there is no file '{name}' in the course's media/ folder", "missing-media");
    }

    /// <summary>The problems of one <c>:::</c> block.</summary>
    internal static IEnumerable<MarkdownProblem> BlockProblems(CustomContainer block)
    {
        var line = block.Line + 1;
        var column = block.Column + 1;
        switch (block.Info)
        {
            case Video:
                {
                    if (VideoAddress(block) is null)
                    {
                        var given = string.IsNullOrWhiteSpace(block.Arguments) ? "no address" : $"'{block.Arguments.Trim()}'";
                        yield return new MarkdownProblem(line, column, $"a video block links one https address (::: video https://…), not {given}", "bad-video-link");
                    }

                    if (!block.Descendants<LiteralInline>().Any(l => l.Content.ToString().Trim().Length > 0) && !block.Descendants<Markdig.Extensions.Mathematics.MathInline>().Any())
                    {
                        yield return new MarkdownProblem(line, column, "a video needs a caption: write what the video shows on the lines inside the block", "missing-caption");
                    }

                    break;
                }

            case WorkedExample:
                if (!block.OfType<ListBlock>().Any(l => l.IsOrdered))
                {
                    yield return new MarkdownProblem(line, column, "a worked example lists its steps as a numbered list (1. 2. 3.)", "bad-worked-example");
                }

                break;

            default:
                yield return new MarkdownProblem(line, column, $"'::: {block.Info}' is not a block: use '::: video <https address>' or '::: worked-example [title]'", "unknown-block");
                break;
        }
    }

    /// <summary>True when <paramref name="document"/> holds a worked-example block.</summary>
    internal static bool HasWorkedExampleBlock(MarkdownDocument document) =>
        document.Descendants<CustomContainer>().Any(c => c.Info == WorkedExample);

    /// <summary>Prepares the tree for rendering: media addresses, lazy loading, sizes, and the classes of worked-example parts.</summary>
    internal static void PrepareForRendering(MarkdownDocument document, CourseMediaLinks? links)
    {
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage).ToList())
        {
            if (IsRemote(image.Url))
            {
                // Never load anything from another site: the image becomes a plain link to it.
                image.IsImage = false;
                continue;
            }

            var attributes = image.GetAttributes();
            attributes.AddPropertyIfNotExist("loading", "lazy");
            if (links is not null && MediaName(image.Url) is { } name)
            {
                image.Url = links.Url(name);
                if (links.Sizes.TryGetValue(name, out var size))
                {
                    attributes.AddPropertyIfNotExist("width", size.Width.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    attributes.AddPropertyIfNotExist("height", size.Height.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        foreach (var example in document.Descendants<CustomContainer>().Where(c => c.Info == WorkedExample))
        {
            foreach (var steps in example.OfType<ListBlock>().Where(l => l.IsOrdered))
            {
                steps.GetAttributes().AddClass("worked-example-steps");
            }

            foreach (var answer in example.OfType<ParagraphBlock>().Where(IsAnswerLine))
            {
                answer.GetAttributes().AddClass("worked-example-answer");
            }
        }
    }

    private static bool IsAnswerLine(ParagraphBlock paragraph) =>
        paragraph.Inline?.FirstChild is EmphasisInline { DelimiterCount: 2 } strong
        && PlainText(strong).TrimStart().StartsWith("Answer", StringComparison.OrdinalIgnoreCase);

    private static Uri? VideoAddress(CustomContainer block) =>
        Uri.TryCreate(block.Arguments?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0 && !uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? uri
            : null;

    private static string PlainText(ContainerInline container) =>
        string.Concat(container.Descendants<Inline>().Select(i => i switch
        {
            LiteralInline literal => literal.Content.ToString(),
            Markdig.Extensions.Mathematics.MathInline math => math.Content.ToString(),
            _ => string.Empty,
        }));

    private sealed class Extension : IMarkdownExtension
    {
        public void Setup(MarkdownPipelineBuilder pipeline)
        {
            if (!pipeline.BlockParsers.Contains<CustomContainerParser>())
            {
                pipeline.BlockParsers.Insert(0, new CustomContainerParser());
            }
        }

        public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
        {
            if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<BlockRenderer>())
            {
                html.ObjectRenderers.Insert(0, new BlockRenderer());
            }
        }
    }

    private sealed class BlockRenderer : HtmlObjectRenderer<CustomContainer>
    {
        protected override void Write(HtmlRenderer renderer, CustomContainer obj)
        {
            renderer.EnsureLine();
            switch (obj.Info)
            {
                case Video:
                    WriteVideo(renderer, obj);
                    break;
                case WorkedExample:
                    var title = obj.Arguments?.Trim();
                    renderer.WriteLine("<section class=\"worked-example\" aria-label=\"Worked example\">");
                    renderer.Write("<h3 class=\"worked-example-title\">Worked example");
                    if (!string.IsNullOrEmpty(title))
                    {
                        renderer.Write(": ").WriteEscape(title);
                    }

                    renderer.WriteLine("</h3>");
                    renderer.WriteChildren(obj);
                    renderer.WriteLine("</section>");
                    break;
                default:
                    renderer.WriteLine("<div class=\"unknown-block\">");
                    renderer.WriteChildren(obj);
                    renderer.WriteLine("</div>");
                    break;
            }
        }

        private static void WriteVideo(HtmlRenderer renderer, CustomContainer obj)
        {
            var address = VideoAddress(obj);
            renderer.WriteLine("<figure class=\"video-card\">");
            if (address is not null)
            {
                var host = address.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? address.Host[4..] : address.Host;
                renderer.Write("<a class=\"video-link\" href=\"").Write(WebUtility.HtmlEncode(address.AbsoluteUri)).Write("\" rel=\"noopener noreferrer external\">");
                renderer.Write("<span class=\"video-play\" aria-hidden=\"true\">\u25B6</span> ");
                renderer.Write("<span class=\"video-label\">Watch the video <span class=\"video-host\">on ").WriteEscape(host).Write("</span></span></a>");
                renderer.WriteLine();
            }

            renderer.WriteLine("<figcaption>");
            renderer.WriteChildren(obj);
            renderer.WriteLine("</figcaption>");
            renderer.WriteLine("</figure>");
        }
    }
}
