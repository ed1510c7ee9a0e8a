using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Tests;

public class MarkdownTests
{
    [Fact]
    public void Inline_and_display_math_become_mathml_with_no_script()
    {
        var html = CourseMarkdown.ToHtml("Add $\\frac{3}{4} + x^2$ now.\n\n$$\\sqrt{x} \\le 2$$\n");

        Assert.Contains("<math><mrow><mfrac><mrow><mn>3</mn></mrow><mrow><mn>4</mn></mrow></mfrac><mo>+</mo><msup><mrow><mi>x</mi></mrow><mrow><mn>2</mn></mrow></msup></mrow></math>", html, StringComparison.Ordinal);
        Assert.Contains("<math display=\"block\"><mrow><msqrt><mi>x</mi></msqrt><mo>\u2264</mo><mn>2</mn></mrow></math>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\frac", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_html_in_course_text_is_not_passed_through()
    {
        var html = CourseMarkdown.ToHtml("Hello <script>alert(1)</script> **world**");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>world</strong>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\frca{1}{2}", "Unknown math command '\\frca'", 0)]
    [InlineData("\\frac{1}{2", "not closed", 8)]
    [InlineData("x^", "needs something after it", 1)]
    [InlineData("a}b", "no matching", 1)]
    public void Bad_tex_is_reported_with_its_offset(string tex, string message, int offset)
    {
        var error = TexToMathMl.Validate(tex);

        Assert.NotNull(error);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Validation_reports_lines_and_columns_and_accepts_escaped_dollars()
    {
        var problems = CourseMarkdown.Validate("Fine $x$ here.\nIt costs \\$5.\nBroken $\\foo{x}$ here.\nA lone $ sign.");

        Assert.Equal(2, problems.Count);
        Assert.Equal((3, 9), (problems[0].Line, problems[0].Column));
        Assert.Contains("\\foo", problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(4, problems[1].Line);
        Assert.Contains("opens no formula", problems[1].Message, StringComparison.Ordinal);
    }
}

public class MarkdownSafetyTests
{
    [Fact]
    public void Script_links_are_reported_and_never_rendered()
    {
        const string text = "See [this](javascript:alert(1)) and ![i](javascript:x) and <javascript:alert(3)> but [ok](https://example.org) and [local](media/a.png).";

        var problems = CourseMarkdown.Validate(text);
        var html = CourseMarkdown.ToHtml(text);

        Assert.Equal(3, problems.Count(p => p.Message.Contains("is not allowed", StringComparison.Ordinal)));
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://example.org\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"media/a.png\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_tex_is_an_error_not_a_crash()
    {
        var error = TexToMathMl.Validate(new string('{', 3000) + "x" + new string('}', 3000));

        Assert.NotNull(error);
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }
}
