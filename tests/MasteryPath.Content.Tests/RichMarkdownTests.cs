using MasteryPath.Content.Loading;
using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Tests;

/// <summary>The rich-lesson Markdown: images from media/, video link cards and worked-example blocks, rendered and validated.</summary>
public class RichMarkdownTests
{
    private static readonly CourseMediaLinks Links = new("/courses/algebra-1/media/", new Dictionary<string, MediaSize> { ["bar.svg"] = new(400, 130) });

    [Fact]
    public void A_media_image_links_to_the_served_path_with_its_alt_text_size_and_lazy_loading()
    {
        var html = CourseMarkdown.ToHtml("Look:\n\n![Two bars, two thirds shaded](media/bar.svg)\n", Links);

        Assert.Contains("src=\"/courses/algebra-1/media/bar.svg\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Two bars, two thirds shaded\"", html, StringComparison.Ordinal);
        Assert.Contains("loading=\"lazy\"", html, StringComparison.Ordinal);
        Assert.Contains("width=\"400\"", html, StringComparison.Ordinal);
        Assert.Contains("height=\"130\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"media/bar.svg\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_of_unknown_size_gets_no_size_and_its_name_is_escaped_in_the_address()
    {
        var html = CourseMarkdown.ToHtml("![A photo](<media/class photo.png>)", Links);

        Assert.Contains("src=\"/courses/algebra-1/media/class%20photo.png\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("width=", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_remote_image_is_refused_and_rendered_as_a_plain_link_that_loads_nothing()
    {
        const string markdown = "Intro.\n\n![A graph](https://cdn.example.com/graph.png)";

        var problem = Assert.Single(CourseMarkdown.Validate(markdown));
        var html = CourseMarkdown.ToHtml(markdown, Links);

        Assert.Equal(("remote-media", 3, 1), (problem.Code, problem.Line, problem.Column));
        Assert.Contains("no third-party CDN", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains(">A graph</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Text.\n\nSee ![](media/bar.svg) here.", "missing-alt-text", 3, 5)]
    [InlineData("![A bar](bar.svg)", "missing-media", 1, 1)]
    [InlineData("![A bar](media/../course.yaml)", "missing-media", 1, 1)]
    [InlineData("![A bar](media/sub/bar.svg)", "missing-media", 1, 1)]
    [InlineData("![A bar](media/bar.bmp)", "unsupported-media", 1, 1)]
    [InlineData("![A bar](//cdn.example.com/bar.png)", "remote-media", 1, 1)]
    public void A_bad_image_is_reported_with_its_code_line_and_column(string markdown, string code, int line, int column)
    {
        var problem = Assert.Single(CourseMarkdown.Validate(markdown));

        Assert.Equal((code, line, column), (problem.Code, problem.Line, problem.Column));
    }

    [Fact]
    public void With_the_course_media_an_image_must_exist_and_the_ones_used_are_marked()
    {
        var media = new MediaInventory(["bar.svg", "unused.png"]);

        var problems = CourseMarkdown.Validate("![A bar](media/bar.svg)\n\n![A line](media/line.svg)", media);

        var problem = Assert.Single(problems);
        Assert.Equal(("missing-media", 3), (problem.Code, problem.Line));
        Assert.Contains("no file 'line.svg'", problem.Message, StringComparison.Ordinal);
        Assert.True(media.IsUsed("bar.svg"));
        Assert.False(media.IsUsed("unused.png"));
    }

    [Fact]
    public void A_video_is_a_link_card_with_its_caption_and_host_and_no_iframe_or_script()
    {
        const string markdown = "::: video https://www.khanacademy.org/math/v/equivalent-fractions\nEquivalent fractions, with $\\frac{1}{2}$ drawn.\n:::\n";

        var html = CourseMarkdown.ToHtml(markdown, Links);

        Assert.Empty(CourseMarkdown.Validate(markdown));
        Assert.Contains("<figure class=\"video-card\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.khanacademy.org/math/v/equivalent-fractions\"", html, StringComparison.Ordinal);
        Assert.Contains("on khanacademy.org", html, StringComparison.Ordinal);
        Assert.Contains("<figcaption>", html, StringComparison.Ordinal);
        Assert.Contains("Equivalent fractions, with", html, StringComparison.Ordinal);
        Assert.Contains("<mfrac>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("::: video http://videos.example.com/v/1\nA caption.\n:::", "bad-video-link")]
    [InlineData("::: video javascript:alert(1)\nA caption.\n:::", "bad-video-link")]
    [InlineData("::: video\nA caption.\n:::", "bad-video-link")]
    [InlineData("::: video https://videos.example.com/v/1\n:::", "missing-caption")]
    [InlineData("::: worked-example Add\nJust add them.\n:::", "bad-worked-example")]
    [InlineData("::: warning\nCareful.\n:::", "unknown-block")]
    public void A_bad_block_is_reported_at_its_first_line(string block, string code)
    {
        var problem = Assert.Single(CourseMarkdown.Validate("Intro.\n\n" + block));

        Assert.Equal((code, 3, 1), (problem.Code, problem.Line, problem.Column));
    }

    [Fact]
    public void A_video_with_a_bad_address_links_nowhere()
    {
        var html = CourseMarkdown.ToHtml("::: video javascript:alert(1)\nA caption.\n:::");

        Assert.DoesNotContain("href", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worked_example_is_a_labelled_section_with_a_heading_numbered_steps_and_the_answer()
    {
        const string markdown = "::: worked-example Solve 2x + 3 = 7\n1. Subtract 3 from both sides: $2x = 4$.\n2. Divide by 2.\n\n**Answer:** $x = 2$\n:::\n";

        var html = CourseMarkdown.ToHtml(markdown);

        Assert.Empty(CourseMarkdown.Validate(markdown));
        Assert.Contains("<section class=\"worked-example\" aria-label=\"Worked example\">", html, StringComparison.Ordinal);
        Assert.Contains("<h3 class=\"worked-example-title\">Worked example: Solve 2x + 3 = 7</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<ol class=\"worked-example-steps\">", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"worked-example-answer\"><strong>Answer:</strong>", html, StringComparison.Ordinal);
        Assert.True(CourseMarkdown.HasWorkedExample(markdown));
    }

    [Fact]
    public void A_worked_example_title_is_escaped_and_raw_html_inside_blocks_is_still_not_rendered()
    {
        var html = CourseMarkdown.ToHtml("::: worked-example <b>bold</b>\n1. <script>alert(1)</script> step\n:::\n\n::: video https://v.example.com/1\n<img src=x onerror=alert(1)> caption\n:::");

        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("## Worked example\n\nStep one.", true)]
    [InlineData("::: worked-example\n1. Step one.\n:::", true)]
    [InlineData("## Example\n\nStep one.", false)]
    public void A_worked_example_is_a_heading_or_a_block(string lesson, bool has) =>
        Assert.Equal(has, CourseMarkdown.HasWorkedExample(lesson));

    [Fact]
    public void The_sample_course_shows_diagrams_worked_example_blocks_and_a_video_card()
    {
        var course = CourseLoader.Load(Path.Combine(RepositoryPaths.Courses, "algebra-1")).Course!;

        var html = string.Join("\n", course.Skills.Select(s => CourseMarkdown.ToHtml(s.Lesson, Links)));

        Assert.Contains("src=\"/courses/algebra-1/media/equivalent-fractions-bar.svg\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/courses/algebra-1/media/rounding-number-line.svg\"", html, StringComparison.Ordinal);
        Assert.Contains("<section class=\"worked-example\" aria-label=\"Worked example\">", html, StringComparison.Ordinal);
        Assert.Contains("<figure class=\"video-card\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.khanacademy.org/", html, StringComparison.Ordinal);
    }
}
