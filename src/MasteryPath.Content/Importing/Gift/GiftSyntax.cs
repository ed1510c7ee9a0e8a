using System.Text;

namespace MasteryPath.Content.Importing.Gift;

/// <summary>
/// GIFT's escapes: <c>\~ \= \# \{ \} \:</c> stand for the character itself and <c>\n</c> for a new line. Searching and
/// splitting happen on the escaped text, so an escaped character never acts as syntax; only the pieces are unescaped.
/// </summary>
internal static class GiftSyntax
{
    /// <summary>The index of <paramref name="token"/> at or after <paramref name="start"/>, skipping escaped characters; -1 when absent.</summary>
    public static int FindUnescaped(string text, string token, int start = 0)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (string.CompareOrdinal(text, i, token, 0, token.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Splits on a character that is not escaped; each piece keeps its offset in <paramref name="text"/>.</summary>
    public static List<(int Offset, string Text)> SplitUnescaped(string text, char separator)
    {
        var pieces = new List<(int, string)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == separator)
            {
                pieces.Add((start, text[start..i]));
                start = i + 1;
            }
        }

        pieces.Add((start, text[start..]));
        return pieces;
    }

    /// <summary>
    /// Resolves the escapes. <c>\n</c> inside TeX (<c>\(…\)</c>, <c>\[…\]</c>, <c>$$…$$</c>) is kept, because there it is
    /// the start of a command such as <c>\neq</c> or <c>\nu</c>; any other backslash stays as written.
    /// </summary>
    public static string Unescape(string text)
    {
        var result = new StringBuilder(text.Length);
        string? closeMath = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (closeMath is null && c == '\\' && next is '(' or '[')
            {
                closeMath = next == '(' ? "\\)" : "\\]";
            }
            else if (closeMath is null && c == '$' && next == '$')
            {
                closeMath = "$$";
                result.Append("$$");
                i++;
                continue;
            }
            else if (closeMath is not null && string.CompareOrdinal(text, i, closeMath, 0, closeMath.Length) == 0)
            {
                result.Append(closeMath);
                i += closeMath.Length - 1;
                closeMath = null;
                continue;
            }

            if (c == '\\' && next is '~' or '=' or '#' or '{' or '}' or ':')
            {
                result.Append(next);
                i++;
            }
            else if (c == '\\' && next == 'n' && closeMath is null)
            {
                result.Append('\n');
                i++;
            }
            else if (c == '\\' && next != '\0')
            {
                result.Append(c).Append(next);
                i++;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
