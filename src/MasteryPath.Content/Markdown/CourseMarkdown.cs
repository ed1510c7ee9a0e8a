using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MasteryPath.Content.Markdown;

/// <summary>A problem found in a piece of course Markdown; line and column are 1-based within that text; <see cref="Code"/> is the checker's code.</summary>
public sealed record MarkdownProblem(int Line, int Column, string Message, string Code = "markdown");

/// <summary>
/// The one Markdown dialect of courses: CommonMark plus tables, with $inline$ and $$display$$ math
/// rendered to MathML on the server, images from the course's media/ folder, and the blocks of
/// <see cref="RichBlocks"/> (video links, worked examples). Raw HTML is not passed through.
/// </summary>
public static partial class CourseMarkdown
{
    private static readonly MarkdownPipeline Pipeline = BuildPipeline();

    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder()
            .UsePipeTables()
            .UseEmphasisExtras()
            .UseMathematics()
            .DisableHtml();
        RichBlocks.Use(builder);
        return builder.Build();
    }

    /// <summary>Parses Markdown into Markdig's syntax tree (with source positions).</summary>
    public static MarkdownDocument Parse(string markdown) => Markdig.Markdown.Parse(markdown ?? string.Empty, Pipeline);

    /// <summary>True for links and images a learner's browser may follow: http, https, mailto, and relative paths.</summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        var trimmed = url.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var slash = trimmed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true;
        }

        var scheme = trimmed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }

    /// <summary>Renders Markdown to HTML, with math as MathML; images keep their media/ paths (see the overload with links).</summary>
    public static string ToHtml(string markdown) => ToHtml(markdown, null);

    /// <summary>
    /// Renders Markdown to HTML, with math as MathML. A formula that does not convert is shown as escaped TeX.
    /// With <paramref name="media"/>, images in media/ link to where the app serves that course's media, with their sizes.
    /// </summary>
    public static string ToHtml(string markdown, CourseMediaLinks? media)
    {
        var document = Parse(markdown);
        RichBlocks.PrepareForRendering(document, media);
        foreach (var link in document.Descendants<LinkInline>().Where(l => !IsSafeUrl(l.Url)))
        {
            link.Url = "#";
        }

        foreach (var link in document.Descendants<AutolinkInline>().Where(l => !IsSafeUrl(l.Url)))
        {
            link.Url = "#";
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.RemoveAll(r => r is HtmlMathInlineRenderer or HtmlMathBlockRenderer);
        renderer.ObjectRenderers.Insert(0, new MathInlineRenderer());
        renderer.ObjectRenderers.Insert(0, new MathBlockRenderer());
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>True when <paramref name="markdown"/> has a worked example: a '::: worked-example' block or the words "worked example" (as in a heading).</summary>
    public static bool HasWorkedExample(string markdown) =>
        (markdown ?? string.Empty).Contains("worked example", StringComparison.OrdinalIgnoreCase) || RichBlocks.HasWorkedExampleBlock(Parse(markdown ?? string.Empty));

    /// <summary>
    /// The problems of the images in <paramref name="markdown"/> that depend on the course's media/ folder (files that
    /// do not exist), marking the ones it uses in <paramref name="media"/>. For texts with template holes, whose other
    /// problems are found per variant by <see cref="Validate"/>.
    /// </summary>
    public static IReadOnlyList<MarkdownProblem> CheckMediaReferences(string markdown, MediaInventory media) =>
        [.. Parse(markdown).Descendants<LinkInline>().Where(l => l.IsImage).Select(l => RichBlocks.MissingFile(l, media)).OfType<MarkdownProblem>()];

    /// <summary>
    /// Every problem in <paramref name="markdown"/>: math that does not convert, '$' signs that open no formula, images
    /// without alt text or not in media/, and malformed blocks. With <paramref name="media"/>, images must exist there too.
    /// </summary>
    public static IReadOnlyList<MarkdownProblem> Validate(string markdown, MediaInventory? media = null)
    {
        var problems = new List<MarkdownProblem>();
        var document = Parse(markdown);
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case MathInline inline:
                    {
                        var tex = inline.Content.ToString();
                        var error = TexToMathMl.Validate(tex);
                        if (error is not null)
                        {
                            problems.Add(new MarkdownProblem(inline.Line + 1, inline.Column + 1 + inline.DelimiterCount + error.Offset, $"math: {error.Message}"));
                        }

                        break;
                    }

                case MathBlock block:
                    {
                        var tex = block.Lines.ToString();
                        var error = TexToMathMl.Validate(tex);
                        if (error is not null)
                        {
                            problems.Add(new MarkdownProblem(block.Line + 1, block.Column + 1, $"math: {error.Message}"));
                        }

                        break;
                    }

                case LinkInline image when image.IsImage:
                    problems.AddRange(RichBlocks.ImageProblems(image, media));
                    if (!IsSafeUrl(image.Url))
                    {
                        problems.Add(new MarkdownProblem(image.Line + 1, image.Column + 1, $"the link '{image.Url}' is not allowed: use http, https, mailto or a relative path"));
                    }

                    break;

                case Markdig.Extensions.CustomContainers.CustomContainer block:
                    problems.AddRange(RichBlocks.BlockProblems(block));
                    break;

                case LinkInline link when !IsSafeUrl(link.Url):
                    problems.Add(new MarkdownProblem(link.Line + 1, link.Column + 1, $"the link '{link.Url}' is not allowed: use http, https, mailto or a relative path"));
                    break;

                case AutolinkInline link when !IsSafeUrl(link.Url):
                    problems.Add(new MarkdownProblem(link.Line + 1, link.Column + 1, $"the link '{link.Url}' is not allowed: use http, https, mailto or a relative path"));
                    break;

                case LiteralInline literal when !literal.IsFirstCharacterEscaped && literal.Content.IndexOf('$') >= 0:
                    {
                        var text = literal.Content.ToString();
                        var at = text.IndexOf('$', StringComparison.Ordinal);
                        problems.Add(new MarkdownProblem(literal.Line + 1, literal.Column + 1 + at, "a '$' opens no formula: close it, or write \\$ for a dollar sign"));
                        break;
                    }
            }
        }

        return problems;
    }

    private sealed class MathInlineRenderer : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline obj) =>
            renderer.Write(Safe(obj.Content.ToString(), display: obj.DelimiterCount >= 2));
    }

    private sealed class MathBlockRenderer : HtmlObjectRenderer<MathBlock>
    {
        protected override void Write(HtmlRenderer renderer, MathBlock obj)
        {
            renderer.EnsureLine();
            renderer.Write(Safe(obj.Lines.ToString(), display: true));
            renderer.WriteLine();
        }
    }

    /// <summary>
    /// The text a reader sees once <paramref name="markdown"/> is rendered: tags dropped (math keeps its symbols),
    /// entities decoded, spaces collapsed. Its length is how long an option looks.
    /// </summary>
    public static string PlainText(string markdown) =>
        Spaces().Replace(System.Net.WebUtility.HtmlDecode(Tags().Replace(ToHtml(markdown), string.Empty)), " ").Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private static string Safe(string tex, bool display)
    {
        try
        {
            return TexToMathMl.Convert(tex, display);
        }
        catch (MathSyntaxException)
        {
            return $"<code class=\"math-error\">{System.Net.WebUtility.HtmlEncode(tex)}</code>";
        }
    }
}
