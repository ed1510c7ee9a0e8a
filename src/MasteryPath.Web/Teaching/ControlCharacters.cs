using System.Globalization;
using System.Text;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// The characters refused in what teachers type or upload — names, emails, usernames, passwords, class names,
/// band labels and every cell of a roster file: control characters (C0, tab and line breaks included, DEL and
/// C1), line and paragraph separators, bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C), zero-width and other invisible format characters (category Cf: U+200B, U+2060, U+FEFF, U+00AD, …),
/// letters that show as blanks (Hangul fillers, U+034F) and U+FFFD, the trace of text read in the wrong encoding.
/// They are refused with their position rather than stripped, so that what is stored is exactly what was sent
/// and the teacher learns which cell to fix. Names keep U+200C and U+200D (zero-width non-joiner and joiner)
/// between two visible characters: Persian and Indic names and emoji sequences need them, and they reorder nothing.
/// </summary>
public static class ControlCharacters
{
    /// <summary>
    /// The first refused character of <paramref name="text"/> and where, such as "a tab (U+0009) at character 4"
    /// (counting code points from 1); null when there is none. <paramref name="isName"/> allows the joiners.
    /// </summary>
    public static string? Find(string text, bool isName = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return null;
        }

        // Enumerating runes turns an unpaired surrogate into U+FFFD, which is refused.
        var runes = text.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var rune = runes[i];
            if (!IsRefused(rune))
            {
                continue;
            }

            var joins = isName && rune.Value is 0x200C or 0x200D && i > 0 && i < runes.Length - 1 && IsVisible(runes[i - 1]) && IsVisible(runes[i + 1]);
            if (!joins)
            {
                return $"{Describe(rune)} (U+{rune.Value:X4}) at character {i + 1}";
            }
        }

        return null;
    }

    private static bool IsRefused(Rune rune) =>
        rune.Value is 0xFFFD or 0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsVisible(Rune rune) => !IsRefused(rune) && !Rune.IsWhiteSpace(rune);

    private static string Describe(Rune rune) => rune.Value switch
    {
        0x00 => "a NUL character",
        0x09 => "a tab",
        0x0A or 0x0D or 0x85 or 0x2028 or 0x2029 => "a line break",
        0x1B => "an escape character",
        0x7F => "a delete character",
        0x202E => "a right-to-left override",
        0x202D => "a left-to-right override",
        0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202C) or (>= 0x2066 and <= 0x2069) => "a text-direction control",
        0x200B or 0x200C or 0x200D or 0x2060 or 0xFEFF => "a zero-width character",
        0xFFFD => "a replacement character, the mark of text read in the wrong encoding",
        _ when Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control => "a control character",
        _ => "an invisible character",
    };
}
