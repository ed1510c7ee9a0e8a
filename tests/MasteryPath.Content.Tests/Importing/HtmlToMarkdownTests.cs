using MasteryPath.Content.Importing;
using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Tests.Importing;

/// <summary>Question-text HTML from LMS exports into course Markdown that renders, with what is dropped reported.</summary>
public sealed class HtmlToMarkdownTests
{
    private readonly List<(string Element, string Reason)> _problems = [];
    private readonly List<string> _images = [];

    private string Convert(string html) => HtmlToMarkdown.Convert(html, src =>
    {
        _images.Add(src);
        return src.Contains("missing", StringComparison.Ordinal) ? null : Path.GetFileName(src);
    }, (element, reason) => _problems.Add((element, reason)));

    [Fact]
    public void Paragraphs_emphasis_lists_and_breaks_become_markdown_that_renders_the_same_text()
    {
        var markdown = Convert("<p>What is <strong>3 × 4</strong>?</p><p>Pick <em>one</em>:<br/>then check.</p><ol><li>first</li><li>second</li></ol><ul><li>a</li></ul>");

        Assert.Equal("What is **3 × 4**?\n\nPick *one*:  \nthen check.\n\n1. first\n2. second\n\n- a", markdown);
        Assert.Empty(CourseMarkdown.Validate(markdown));
        var html = CourseMarkdown.ToHtml(markdown);
        Assert.Contains("<strong>3 × 4</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<ol>", html, StringComparison.Ordinal);
        Assert.Empty(_problems);
    }

    [Fact]
    public void Tex_in_every_lms_delimiter_becomes_course_math_and_a_dollar_sign_stays_a_dollar_sign()
    {
        var markdown = Convert(@"<p>Add \(\frac{1}{2}\) and $$\frac{1}{3}$$; show \[x^2 + 1\]. It costs $5.</p>");

        Assert.Equal(@"Add $\frac{1}{2}$ and $\frac{1}{3}$; show $$x^2 + 1$$. It costs \$5.", markdown);
        Assert.Empty(CourseMarkdown.Validate(markdown));
        Assert.Contains("<mfrac>", CourseMarkdown.ToHtml(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void Mathml_becomes_tex_and_a_tex_annotation_is_taken_as_written()
    {
        var markdown = Convert("""
            <p>Solve <math><mfrac><mn>3</mn><mi>x</mi></mfrac><mo>=</mo><msqrt><mn>9</mn></msqrt><mo>×</mo><msup><mi>y</mi><mn>2</mn></msup></math>
            and <math display="block"><semantics><mrow><mi>a</mi></mrow><annotation encoding="application/x-tex">\dfrac{a}{b}</annotation></semantics></math></p>
            """);

        Assert.Contains(@"$\frac{3}{x}=\sqrt{9} \times {y}^{2}$", markdown, StringComparison.Ordinal);
        Assert.Contains(@"$$\dfrac{a}{b}$$", markdown, StringComparison.Ordinal);
        Assert.Empty(CourseMarkdown.Validate(markdown));
    }

    [Fact]
    public void Tex_outside_the_dialect_is_kept_as_code_and_reported()
    {
        var markdown = Convert(@"<p>Integrate \(\int_0^1 x\,dx\)</p>");

        Assert.Contains(@"`\int_0^1 x\,dx`", markdown, StringComparison.Ordinal);
        var problem = Assert.Single(_problems);
        Assert.Equal("math", problem.Element);
        Assert.Contains(@"\int", problem.Reason, StringComparison.Ordinal);
        Assert.Empty(CourseMarkdown.Validate(markdown));
    }

    [Fact]
    public void Images_are_registered_with_their_alt_text_and_a_missing_alt_or_file_is_reported()
    {
        var markdown = Convert("""<p><img src="images/pie%20chart.png" alt="A pie chart in thirds"> <img src="b.png"> <img src="missing.png" alt="x"></p>""");

        Assert.Equal(["images/pie%20chart.png", "b.png", "missing.png"], _images);
        Assert.Contains("![A pie chart in thirds](media/pie%20chart.png)", markdown, StringComparison.Ordinal);
        Assert.Contains("![Image b](media/b.png)", markdown, StringComparison.Ordinal);
        Assert.Contains(_problems, p => p.Reason.Contains("no alt text", StringComparison.Ordinal));
        Assert.Contains(_problems, p => p.Reason.Contains("'missing.png' was not found", StringComparison.Ordinal));
    }

    [Fact]
    public void Scripts_frames_and_form_controls_are_not_kept_and_each_is_reported()
    {
        var markdown = Convert("<p>Hi<script>alert(1)</script><iframe src='https://x.example'></iframe><input type='text'></p>");

        Assert.Equal("Hi", markdown);
        Assert.Equal(["<script>", "<iframe>", "<input>"], _problems.Select(p => p.Element));
    }

    [Fact]
    public void Markdown_special_characters_in_text_are_escaped_so_the_text_reads_as_written()
    {
        var markdown = Convert("<p>2 * 3 = 6 and a_b [[x]] # not a heading</p><p>- not a list</p><table><tr><th>n</th><th>n²</th></tr><tr><td>3</td><td>9</td></tr></table>");

        var html = CourseMarkdown.ToHtml(markdown);
        Assert.Contains("2 * 3 = 6 and a_b [[x]] # not a heading", html, StringComparison.Ordinal);
        Assert.Contains("- not a list", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<li>", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<td>9</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Superscripts_and_subscripts_of_digits_become_unicode()
    {
        Assert.Equal("x² + H₂O", Convert("x<sup>2</sup> + H<sub>2</sub>O"));
    }
}
