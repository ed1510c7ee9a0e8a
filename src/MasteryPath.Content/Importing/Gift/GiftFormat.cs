using System.Text.RegularExpressions;
using MasteryPath.Content.Importing.Moodle;

namespace MasteryPath.Content.Importing.Gift;

/// <summary>
/// Moodle's GIFT text format (https://docs.moodle.org/en/GIFT_format): questions separated by blank lines, <c>//</c>
/// comment lines, <c>$CATEGORY:</c> lines, <c>::title::</c>, a format marker, and one answer block in braces.
/// Problems name the question's first line, or the line of the offending answer.
/// </summary>
public sealed partial class GiftFormat : IQuestionBankFormat
{
    public string Name => "GIFT";

    public bool Recognizes(string fileName, string head)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(head);
        return fileName.EndsWith(".gift", StringComparison.OrdinalIgnoreCase)
            || (fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) && GiftLooking().IsMatch(head));
    }

    public QuestionBank Read(string displayName, string text, Func<string, byte[]?> resolveFile)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(text);
        var bank = new QuestionBank();
        var media = new MediaNames(bank);
        MoodleCategory? category = null;
        foreach (var block in Blocks(text))
        {
            var question = block;
            var firstLine = block.Text.Split('\n')[0].Trim();
            if (firstLine.StartsWith("$CATEGORY:", StringComparison.OrdinalIgnoreCase))
            {
                category = MoodleCategory.FromPath(firstLine["$CATEGORY:".Length..].Trim());
                // Moodle wants a blank line after the category; a question written right below it is read all the same.
                if (block.WithoutFirstLine() is not { } rest)
                {
                    continue;
                }

                question = rest;
            }

            GiftQuestion.Read(question, displayName, category?.Name, bank, media, resolveFile ?? (_ => null));
        }

        return bank;
    }

    /// <summary>Questions as blocks of lines between blank lines, comment lines removed, each line keeping its number.</summary>
    private static IEnumerable<GiftBlock> Blocks(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var current = new List<(int Line, string Text)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart('\uFEFF');
            if (line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.Trim().Length == 0)
            {
                if (current.Count > 0)
                {
                    yield return new GiftBlock(current);
                    current = [];
                }

                continue;
            }

            current.Add((i + 1, line));
        }

        if (current.Count > 0)
        {
            yield return new GiftBlock(current);
        }
    }

    [GeneratedRegex(@"(^|\n)\s*(::[^\n]*::|\$CATEGORY:)|\{[^{}\n]*[=~#][^{}\n]*\}|\{\s*(T|F|TRUE|FALSE)\s*\}")]
    private static partial Regex GiftLooking();
}

/// <summary>The lines of one question, joined by new lines; <see cref="LineAt"/> maps an offset back to its line.</summary>
internal sealed class GiftBlock(List<(int Line, string Text)> lines)
{
    public string Text { get; } = string.Join('\n', lines.Select(l => l.Text));

    public int FirstLine => lines[0].Line;

    public GiftBlock? WithoutFirstLine() => lines.Count > 1 ? new GiftBlock(lines[1..]) : null;

    public int LineAt(int offset)
    {
        var start = 0;
        foreach (var (line, text) in lines)
        {
            if (offset <= start + text.Length)
            {
                return line;
            }

            start += text.Length + 1;
        }

        return lines[^1].Line;
    }
}
