using System.Text;

namespace MasteryPath.Content.Importing.Moodle;

/// <summary>
/// Moodle's non-HTML text formats (<c>markdown</c>, <c>plain_text</c>; GIFT's <c>[markdown]</c>, <c>[plain]</c>) to course
/// Markdown. Moodle writes TeX as <c>$$…$$</c>, <c>\(…\)</c> or <c>\[…\]</c>; the course format wants <c>$…$</c> inline and
/// <c>$$…$$</c> display, and a lone <c>$</c> there opens a formula, so a Moodle dollar sign (always literal) becomes <c>\$</c>.
/// HTML texts go through <see cref="HtmlToMarkdown"/> instead, which handles the same delimiters.
/// </summary>
public static class MoodleTextFormats
{
    /// <summary>Markdown as written in Moodle: kept, with its TeX delimiters rewritten and literal dollar signs escaped.</summary>
    public static string MarkdownToCourse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var result = new StringBuilder(markdown.Length);
        foreach (var (isMath, display, text) in SplitMath(markdown))
        {
            result.Append(isMath ? Formula(text, display) : text.Replace("$", "\\$", StringComparison.Ordinal));
        }

        return result.ToString();
    }

    /// <summary>Plain text: every character Markdown would read as markup is escaped, line breaks are kept, TeX becomes math.</summary>
    public static string PlainToCourse(string plain)
    {
        ArgumentNullException.ThrowIfNull(plain);
        var result = new StringBuilder(plain.Length + 16);
        foreach (var (isMath, display, text) in SplitMath(plain.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            result.Append(isMath ? Formula(text, display) : EscapePlain(text));
        }

        return result.ToString();
    }

    private static string Formula(string tex, bool display) => display ? $"$${tex.Trim()}$$" : $"${tex.Trim()}$";

    private static string EscapePlain(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        var lineStart = true;
        var digitsSinceLineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                var lineBreak = (i == 0 || text[i - 1] != '\n') && i + 1 < text.Length && text[i + 1] != '\n';
                // A single newline in plain text is a line break; Markdown would join the lines without the backslash.
                result.Append(lineBreak ? "\\\n" : "\n");
                lineStart = true;
                digitsSinceLineStart = 0;
                continue;
            }

            // "1." or "1)" at the start of a line would begin a numbered list: its dot is escaped.
            var listNumberEnd = c is '.' or ')' && digitsSinceLineStart > 0;
            if ("\\`*_[]<>#|$~".Contains(c, StringComparison.Ordinal) || (lineStart && c is '-' or '+') || listNumberEnd)
            {
                result.Append('\\');
            }

            result.Append(c);
            digitsSinceLineStart = (lineStart || digitsSinceLineStart > 0) && char.IsAsciiDigit(c) ? digitsSinceLineStart + 1 : 0;
            lineStart = lineStart && c == ' ';
        }

        return result.ToString();
    }

    /// <summary>Splits text into plain runs and TeX formulas (<c>$$…$$</c> and <c>\[…\]</c> display, <c>\(…\)</c> inline);
    /// an opening delimiter that is never closed stays text.</summary>
    public static IEnumerable<(bool IsMath, bool Display, string Text)> SplitMath(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plainStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var (open, close, display) = text.AsSpan(i) switch
            {
                var s when s.StartsWith("$$") => ("$$", "$$", true),
                var s when s.StartsWith("\\(") => ("\\(", "\\)", false),
                var s when s.StartsWith("\\[") => ("\\[", "\\]", true),
                _ => ((string?)null, (string?)null, false),
            };
            var end = open is null ? -1 : text.IndexOf(close!, i + open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                i += open is null && text[i] == '\\' && i + 1 < text.Length ? 2 : 1;
                continue;
            }

            if (i > plainStart)
            {
                yield return (false, false, text[plainStart..i]);
            }

            yield return (true, display, text[(i + open!.Length)..end]);
            i = end + close!.Length;
            plainStart = i;
        }

        if (plainStart < text.Length)
        {
            yield return (false, false, text[plainStart..]);
        }
    }
}
