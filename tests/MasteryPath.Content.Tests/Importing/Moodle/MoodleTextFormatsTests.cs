using MasteryPath.Content.Importing.Moodle;

namespace MasteryPath.Content.Tests.Importing.Moodle;

/// <summary>Moodle's markdown and plain-text formats to course Markdown: TeX delimiters, dollar signs, escaping.</summary>
public sealed class MoodleTextFormatsTests
{
    [Theory]
    [InlineData("Solve \\(x + 1 = 2\\).", "Solve $x + 1 = 2$.")]
    [InlineData("Display \\[ x^2 \\] here", "Display $$x^2$$ here")]
    [InlineData("Moodle TeX $$\\frac{1}{2}$$ stays display", "Moodle TeX $$\\frac{1}{2}$$ stays display")]
    [InlineData("It costs $5 and *that* is fine", "It costs \\$5 and *that* is fine")]
    [InlineData("An unclosed \\( stays text", "An unclosed \\( stays text")]
    public void Markdown_keeps_markup_and_rewrites_tex_delimiters(string moodle, string expected) =>
        Assert.Equal(expected, MoodleTextFormats.MarkdownToCourse(moodle));

    [Theory]
    [InlineData("2 * 3 = 6", "2 \\* 3 = 6")]
    [InlineData("# not a heading", "\\# not a heading")]
    [InlineData("- not a list", "\\- not a list")]
    [InlineData("1. not a list", "1\\. not a list")]
    [InlineData("12) not a list, 3.5 stays", "12\\) not a list, 3.5 stays")]
    [InlineData("a_b [link] <b> $5", "a\\_b \\[link\\] \\<b\\> \\$5")]
    [InlineData("line one\nline two", "line one\\\nline two")]
    [InlineData("para one\n\npara two", "para one\n\npara two")]
    [InlineData("area \\(\\pi r^2\\) * 2", "area $\\pi r^2$ \\* 2")]
    public void Plain_text_is_escaped_so_it_reads_as_written(string plain, string expected) =>
        Assert.Equal(expected, MoodleTextFormats.PlainToCourse(plain));
}
