using System.Text.RegularExpressions;
using MasteryPath.Content.Importing.Moodle;

namespace MasteryPath.Content.Importing.Gift;

/// <summary>
/// One GIFT question: <c>::title::</c>, an optional <c>[html]</c>/<c>[moodle]</c>/<c>[markdown]</c>/<c>[plain]</c> marker,
/// text, one <c>{…}</c> answer block and, for a missing-word question, text after it. Splits the question, refuses
/// unbalanced braces, and hands the answer block to <see cref="GiftAnswers"/>.
/// </summary>
internal sealed partial class GiftQuestion
{
    public const string Gap = "_____";

    private readonly GiftBlock _block;
    private readonly string _file;
    private readonly QuestionBank _bank;
    private readonly MediaNames _media;
    private readonly Func<string, byte[]?> _resolveFile;
    private string? _title;
    private string _format = "moodle";

    private GiftQuestion(GiftBlock block, string file, string? category, QuestionBank bank, MediaNames media, Func<string, byte[]?> resolveFile)
    {
        _block = block;
        _file = file;
        Category = category;
        _bank = bank;
        _media = media;
        _resolveFile = resolveFile;
    }

    public string? Category { get; }

    public QuestionBank Bank => _bank;

    public SourceLocation Source => new(_file, _block.FirstLine);

    /// <summary>The title, or the start of the text when there is none (Moodle names such a question by its text).</summary>
    public string SourceId => _title is { Length: > 0 } title ? title : Snippet();

    /// <summary>How problems name the question: <c>::title::</c>, or <c>question "start of its text…"</c>.</summary>
    public string Label => _title is { Length: > 0 } title ? $"::{title}::" : $"question \"{Snippet()}\"";

    public static void Read(GiftBlock block, string file, string? category, QuestionBank bank, MediaNames media, Func<string, byte[]?> resolveFile) =>
        new GiftQuestion(block, file, category, bank, media, resolveFile).Read();

    /// <summary>Reports a problem at the line of <paramref name="offset"/> in the question, naming the offending part.</summary>
    public void Problem(int offset, string reason, string? part = null) =>
        _bank.Problems.Add(new ImportProblem(new SourceLocation(_file, _block.LineAt(offset)), part is null ? Label : $"{Label} {part}", reason));

    public void LeftOut(string reason) => _bank.Problems.Add(new ImportProblem(Source, Label, $"left out: {reason}"));

    /// <summary>GIFT text (still escaped) in the question's format, as course Markdown; null when empty.</summary>
    public string? Markdown(string escaped, int offset, string part)
    {
        var text = GiftSyntax.Unescape(escaped).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        return (_format switch
        {
            "markdown" => MoodleTextFormats.MarkdownToCourse(text),
            "plain" => MoodleTextFormats.PlainToCourse(text),
            _ => HtmlToMarkdown.Convert(text, Image, (what, why) => Problem(offset, why, $"{part} {what}")),
        }).Trim();
    }

    public ImportedItem Item(string kind, string prompt, string? solution) => new()
    {
        SourceId = SourceId,
        Kind = kind,
        Prompt = prompt,
        Source = Source,
        Category = Category,
        Solution = solution,
    };

    private void Read()
    {
        var text = _block.Text;
        var position = SkipSpaces(text, 0);
        if (string.CompareOrdinal(text, position, "::", 0, 2) == 0)
        {
            var end = GiftSyntax.FindUnescaped(text, "::", position + 2);
            if (end < 0)
            {
                Problem(position, "the title opened with '::' is never closed: the question is left out", "'::'");
                return;
            }

            _title = GiftSyntax.Unescape(text[(position + 2)..end]).Trim();
            position = SkipSpaces(text, end + 2);
        }

        if (FormatMarker().Match(text, position) is { Success: true } marker)
        {
            _format = marker.Groups[1].Value.ToLowerInvariant();
            position = SkipSpaces(text, position + marker.Length);
        }

        if (Braces(text, position) is not var (open, close))
        {
            return;
        }

        var before = text[position..open];
        var after = text[(close + 1)..];
        // A missing-word question: the answer block stands where the gap is.
        var promptText = after.Trim().Length > 0 ? before + Gap + after : before;
        GiftAnswers.Read(this, text[(open + 1)..close], open + 1, promptText, position);
    }

    /// <summary>The one answer block's braces; reports a description (no block) or unbalanced braces and returns null.</summary>
    private (int Open, int Close)? Braces(string text, int from)
    {
        var open = GiftSyntax.FindUnescaped(text, "{", from);
        var firstClose = GiftSyntax.FindUnescaped(text, "}", from);
        if (open < 0 && firstClose < 0)
        {
            LeftOut("description text, not a question (it has no answer block in braces)");
            return null;
        }

        if (open < 0 || (firstClose >= 0 && firstClose < open))
        {
            Problem(firstClose, "unbalanced braces: this '}' closes no answer block (write \\} for a brace in the text); the question is left out", "'}'");
            return null;
        }

        var nested = GiftSyntax.FindUnescaped(text, "{", open + 1);
        if (firstClose < 0 || (nested >= 0 && nested < firstClose))
        {
            Problem(open, "unbalanced braces: this '{' opens an answer block that is never closed (write \\{ for a brace in the text); the question is left out", "'{'");
            return null;
        }

        var second = GiftSyntax.FindUnescaped(text, "{", firstClose + 1);
        var strayClose = GiftSyntax.FindUnescaped(text, "}", firstClose + 1);
        if (second >= 0 || strayClose >= 0)
        {
            var at = second >= 0 ? second : strayClose;
            Problem(at, "a second answer block or a stray brace after the answer block: a GIFT question has one answer block; the question is left out", $"'{text[at]}'");
            return null;
        }

        return (open, firstClose);
    }

    /// <summary>An image of an [html] text: a file next to the GIFT file, copied as media; null (reported by the converter) when absent.</summary>
    private string? Image(string src)
    {
        if (src.Contains("://", StringComparison.Ordinal) || src.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _resolveFile(Uri.UnescapeDataString(src)) is { } bytes ? _media.Register(src, bytes, Source) : null;
    }

    private string Snippet()
    {
        var open = GiftSyntax.FindUnescaped(_block.Text, "{");
        var question = open < 0 ? _block.Text : _block.Text[..open];
        var text = WhiteSpace().Replace(GiftSyntax.Unescape(LeadingMarker().Replace(question, "")), " ").Trim();
        return text.Length <= 40 ? text : text[..40].TrimEnd() + "…";
    }

    private static int SkipSpaces(string text, int from)
    {
        while (from < text.Length && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        return from;
    }

    [GeneratedRegex(@"\G\[(html|moodle|markdown|plain)\]", RegexOptions.IgnoreCase)]
    private static partial Regex FormatMarker();

    [GeneratedRegex(@"^\s*\[(html|moodle|markdown|plain)\]", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
