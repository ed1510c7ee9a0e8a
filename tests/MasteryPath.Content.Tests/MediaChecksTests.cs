using MasteryPath.Content.Checking;
using MasteryPath.Content.Loading;
using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Tests;

/// <summary>The checker on a course's media/ folder and the images, videos and worked examples of its Markdown.</summary>
public sealed class MediaChecksTests : IDisposable
{
    private const string Diagram = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40">
          <title>A bar cut in two</title>
          <rect x="0" y="0" width="50" height="40" fill="#4f7cac"/>
        </svg>
        """;

    private readonly CourseFixture _course = new();

    public MediaChecksTests() => Directory.CreateDirectory(_course.PathOf("media"));

    public void Dispose() => _course.Dispose();

    internal static byte[] Png(int width, int height) =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
        (byte)(width >> 24), (byte)(width >> 16), (byte)(width >> 8), (byte)width,
        (byte)(height >> 24), (byte)(height >> 16), (byte)(height >> 8), (byte)height, 8, 6, 0, 0, 0,
    ];

    private void Media(string name, byte[] bytes) => File.WriteAllBytes(_course.PathOf("media/" + name), bytes);

    private void Media(string name, string text) => File.WriteAllText(_course.PathOf("media/" + name), text);

    /// <summary>Puts <paramref name="markdown"/> into the lesson of 'counting', after its worked example; returns its first line number.</summary>
    private int InLesson(string markdown)
    {
        _course.Replace("skills/counting.md", "Step one.\n", $"Step one.\n\n{markdown}\n");
        return LineOf("skills/counting.md", markdown.Split('\n')[0]);
    }

    private int LineOf(string relative, string text) =>
        Array.FindIndex(_course.Read(relative).Split('\n'), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private Diagnostic Single(IEnumerable<Diagnostic> diagnostics, string code)
    {
        var all = diagnostics.ToList();
        var matches = all.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one '{code}', got:\n{string.Join("\n", all)}");
        return matches[0];
    }

    private string Rel(Diagnostic d) => Path.GetRelativePath(_course.Root, d.Location.File).Replace('\\', '/');

    private IReadOnlyList<Diagnostic> Load() => CourseLoader.Load(_course.Root).Diagnostics;

    [Fact]
    public void Used_images_and_a_titled_svg_are_clean_and_media_files_are_not_stray_content()
    {
        Media("bar.svg", Diagram);
        Media("photo.png", Png(640, 480));
        InLesson("![A bar cut in two, one half shaded](media/bar.svg)\n\n![The class at work](media/photo.png)");

        var diagnostics = Load();

        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
    }

    [Fact]
    public void An_image_without_alt_text_is_an_error_at_its_line()
    {
        Media("bar.svg", Diagram);
        var line = InLesson("![](media/bar.svg)");

        var d = Single(Load(), "missing-alt-text");

        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal(("skills/counting.md", line, 1), (Rel(d), d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void An_image_that_is_not_in_media_is_missing_at_its_line()
    {
        var line = InLesson("A picture: ![A bar](media/nothing.png)");

        var d = Single(Load(), "missing-media");

        Assert.Equal(("skills/counting.md", line, 12), (Rel(d), d.Location.Line, d.Location.Column));
        Assert.Contains("no file 'nothing.png'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_remote_image_is_refused_at_its_line()
    {
        var line = InLesson("![A bar](https://cdn.example.com/bar.png)");

        var d = Single(Load(), "remote-media");

        Assert.Equal(("skills/counting.md", line), (Rel(d), d.Location.Line));
    }

    [Fact]
    public void Images_in_item_prompts_and_task_prompts_must_exist_and_have_alt_text()
    {
        _course.Replace("items/adding.yaml", "prompt: 'Compute with $[[a]]$ and $[[b]]$.'", "prompt: 'Compute with $[[a]]$ and $[[b]]$. ![](media/sum.png)'");
        _course.Replace("tasks/poster.yaml", "prompt: Draw a poster", "prompt: See ![A poster](media/poster.png). Draw a poster");

        var report = CourseChecker.Check(_course.Root);

        var missing = report.Diagnostics.Where(d => d.Code == "missing-media").OrderBy(d => d.Location.File, StringComparer.Ordinal).ToList();
        Assert.Equal(["items/adding.yaml", "tasks/poster.yaml"], missing.Select(Rel));
        Assert.Equal(LineOf("items/adding.yaml", "prompt:"), missing[0].Location.Line);
        Assert.Equal(LineOf("tasks/poster.yaml", "prompt:"), missing[1].Location.Line);
        var alt = Single(report.Diagnostics, "missing-alt-text");
        Assert.Equal(("items/adding.yaml", LineOf("items/adding.yaml", "prompt:")), (Rel(alt), alt.Location.Line));
    }

    [Fact]
    public void A_file_nothing_shows_is_an_unused_media_warning_not_unreachable_content()
    {
        Media("spare.png", Png(10, 10));

        var diagnostics = Load();

        var d = Single(diagnostics, "unused-media");
        Assert.Equal((Severity.Warning, "media/spare.png"), (d.Severity, Rel(d)));
        Assert.DoesNotContain(diagnostics, x => x.Code == "unreachable-content");
    }

    [Theory]
    [InlineData("chart.bmp", "BM fake bitmap", "not an image type")]
    [InlineData("photo.jpg", "\u0089PNG not really", "first bytes are not those of a JPEG")]
    [InlineData("photo.png", "GIF89a a gif in disguise", "first bytes are not those of a PNG")]
    [InlineData("drawing.svg", "%PDF-1.4", "first bytes are not those of a SVG")]
    public void A_file_of_another_type_than_its_name_says_is_unsupported(string name, string content, string message)
    {
        Media(name, content);
        InLesson($"![A chart](media/{name})");

        var d = Single(Load().Where(x => Rel(x).StartsWith("media/", StringComparison.Ordinal)), "unsupported-media");

        Assert.Equal(("media/" + name, Severity.Error), (Rel(d), d.Severity));
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_in_a_folder_inside_media_is_unsupported()
    {
        Directory.CreateDirectory(_course.PathOf("media/old"));
        Media("old/bar.png", Png(4, 4));

        var d = Single(Load(), "unsupported-media");

        Assert.Equal("media/old/bar.png", Rel(d));
    }

    [Fact]
    public void A_file_over_two_megabytes_is_too_large()
    {
        var big = new byte[MediaFormats.MaxBytes + 1];
        Png(100, 100).CopyTo(big, 0);
        Media("huge.png", big);
        InLesson("![A huge picture](media/huge.png)");

        var d = Single(Load(), "media-too-large");

        Assert.Equal("media/huge.png", Rel(d));
        Assert.Contains("at most 2 MB", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "<script>")]
    [InlineData("<rect width=\"1\" height=\"1\" onload=\"alert(1)\"/>", "event attribute 'onload'")]
    [InlineData("<foreignObject><p xmlns=\"http://www.w3.org/1999/xhtml\">hi</p></foreignObject>", "<foreignObject>")]
    [InlineData("<image href=\"https://evil.example/x.png\" width=\"1\" height=\"1\"/>", "outside the file")]
    [InlineData("<use xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"other.svg#a\"/>", "outside the file")]
    [InlineData("<rect width=\"1\" height=\"1\" fill=\"url(http://evil.example/p.svg#g)\"/>", "url()")]
    [InlineData("<style>@import url(https://evil.example/a.css);</style>", "@import")]
    [InlineData("<a href=\"#x\"><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a>", "javascript:")]
    public void Unsafe_svg_content_is_refused_at_its_line(string element, string message)
    {
        Media("bad.svg", $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n<title>Bad</title>\n{element}\n</svg>");
        InLesson("![A bad diagram](media/bad.svg)");

        var d = Single(Load(), "unsafe-svg");

        Assert.Equal(("media/bad.svg", 3), (Rel(d), d.Location.Line));
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_doctype_is_refused_and_no_entity_is_expanded()
    {
        Media("bad.svg", "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><title>&x;</title></svg>");
        InLesson("![A bad diagram](media/bad.svg)");

        var d = Single(Load(), "unsafe-svg");

        Assert.Equal(2, d.Location.Line);
        Assert.Contains("DOCTYPE", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\">\n<title>Open</title>\n<rect>\n</svg>", 4, "not well-formed")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<title>No size</title>\n</svg>", 1, "viewBox")]
    [InlineData("<html>\n<title>Not svg</title>\n</html>", 1, "root element is <html>")]
    public void A_malformed_or_unsized_svg_is_bad_at_its_line(string svg, int line, string message)
    {
        Media("odd.svg", svg);
        InLesson("![An odd diagram](media/odd.svg)");

        var d = Single(Load(), "bad-svg");

        Assert.Equal(("media/odd.svg", line), (Rel(d), d.Location.Line));
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_svg_without_a_title_is_a_warning()
    {
        Media("plain.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\"><rect width=\"5\" height=\"5\"/></svg>");
        InLesson("![A small square](media/plain.svg)");

        var diagnostics = Load();

        var d = Single(diagnostics, "svg-no-title");
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.DoesNotContain(diagnostics, x => x.Severity == Severity.Error);
    }

    [Fact]
    public void A_video_without_caption_or_with_an_http_link_is_an_error_at_its_line()
    {
        var line = InLesson("::: video http://videos.example.com/v/1\nA caption.\n:::\n\n::: video https://videos.example.com/v/2\n:::");

        var diagnostics = Load();

        Assert.Equal(("skills/counting.md", line), (Rel(Single(diagnostics, "bad-video-link")), Single(diagnostics, "bad-video-link").Location.Line));
        Assert.Equal(line + 4, Single(diagnostics, "missing-caption").Location.Line);
    }

    [Fact]
    public void A_worked_example_block_counts_for_the_worked_example_check()
    {
        _course.Replace("skills/counting.md", "## Worked example\n\nStep one.", "::: worked-example Count to three\n1. One.\n2. Two.\n3. Three.\n\n**Answer:** 3\n:::");
        _course.Replace("skills/adding.md", "## Worked example\n\nStep one.", "Step one.");

        var diagnostics = Load();

        var d = Single(diagnostics, "no-worked-example");
        Assert.Equal("skills/adding.md", Rel(d));
    }

    [Fact]
    public void Sizes_are_read_from_each_image_type()
    {
        var gif = "GIF89a"u8.ToArray().Concat(new byte[] { 0x20, 0x01, 0x10, 0x00, 0, 0, 0 }).ToArray();
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x78, 0x00, 0xA0, 0x03, 0, 0, 0 };
        var webp = new byte[30];
        "RIFF"u8.CopyTo(webp);
        "WEBPVP8X"u8.CopyTo(webp.AsSpan(8));
        webp[24] = 199;
        webp[27] = 99;

        Assert.Equal(new MediaSize(640, 480), MediaFormats.SizeOf(MediaKind.Png, Png(640, 480)));
        Assert.Equal(new MediaSize(288, 16), MediaFormats.SizeOf(MediaKind.Gif, gif));
        Assert.Equal(new MediaSize(160, 120), MediaFormats.SizeOf(MediaKind.Jpeg, jpeg));
        Assert.Equal(new MediaSize(200, 100), MediaFormats.SizeOf(MediaKind.Webp, webp));
        Assert.Equal(new MediaSize(100, 40), SvgChecks.SizeOf(Diagram));
        Assert.Equal(new MediaSize(20, 10), SvgChecks.SizeOf("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20px\" height=\"10\" viewBox=\"0 0 400 200\"/>"));
        Assert.True(MediaFormats.Matches(MediaKind.Webp, webp));
        Assert.False(MediaFormats.Matches(MediaKind.Png, gif));
    }

    [Fact]
    public void The_media_folder_reader_lists_only_servable_files_with_their_course_id()
    {
        Media("bar.svg", Diagram);
        Media("fake.png", "not a png");
        Media("notes.txt", "hello");

        var folder = CourseMediaFolder.Read(_course.Root);

        Assert.Equal("fixture", folder.CourseId);
        var file = Assert.Single(folder.Files);
        Assert.Equal(("bar.svg", MediaKind.Svg, new MediaSize(100, 40)), (file.Name, file.Kind, file.Size));
        Assert.Equal(20, file.Hash.Length);
    }
}
