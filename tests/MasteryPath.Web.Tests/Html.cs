using System.Net;
using System.Text.RegularExpressions;

namespace MasteryPath.Web.Tests;

/// <summary>Reading server-rendered pages the way a browser without scripts would.</summary>
internal static partial class Html
{
    /// <summary>The value of the first antiforgery hidden input on the page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var input = TokenInput().Match(html);
        Assert.True(input.Success, "the page has no antiforgery token");
        var value = ValueAttribute().Match(input.Value);
        Assert.True(value.Success, "the antiforgery input has no value");
        return WebUtility.HtmlDecode(value.Groups[1].Value);
    }

    /// <summary>The visible text: tags removed, entities decoded, whitespace collapsed.</summary>
    public static string Text(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    /// <summary>
    /// Sentences of rendered course text long enough to be recognisable on their own, for checking whether a page
    /// shows that text.
    /// </summary>
    public static IReadOnlyList<string> Fingerprints(string renderedHtml)
    {
        var text = Text(renderedHtml);
        var sentences = SentenceEnd().Split(text).Select(s => s.Trim()).Where(s => s.Length >= 20).ToList();
        return sentences.Count > 0 ? sentences : [text];
    }

    public static bool ShowsAny(string pageOrText, IEnumerable<string> fingerprints, out string? shown)
    {
        var text = Text(pageOrText);
        shown = fingerprints.FirstOrDefault(f => text.Contains(f, StringComparison.Ordinal));
        return shown is not null;
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
