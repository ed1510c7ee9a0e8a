using System.Text.RegularExpressions;
using MasteryPath.Content.Importing;
using MasteryPath.Content.Importing.Moodle;

namespace MasteryPath.Content.Tests.Importing.Moodle;

/// <summary>The Moodle XML fixtures (Fixtures/Import/moodle, written from Moodle's export format) and where things are in them.</summary>
internal static partial class MoodleFixture
{
    public static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Content.Tests", "Fixtures", "Import", "moodle");

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static QuestionBank Read(string name) => new MoodleXmlFormat().Read(name, Text(name), _ => null);

    /// <summary>The 1-based line of the only line of the fixture that contains <paramref name="snippet"/>.</summary>
    public static int LineOf(string name, string snippet)
    {
        var lines = Text(name).Split('\n');
        var found = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(snippet, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 1, $"'{snippet}' is on {found.Count} lines of {name}");
        return found[0] + 1;
    }

    /// <summary>The line of the <c>&lt;question&gt;</c> whose name is <paramref name="questionName"/>.</summary>
    public static int QuestionLine(string name, string questionName) =>
        LineBefore(name, LineOf(name, $"<text>{questionName}</text>"), "<question ");

    /// <summary>The first line after the question named <paramref name="questionName"/> that contains <paramref name="snippet"/>.</summary>
    public static int LineInQuestion(string name, string questionName, string snippet)
    {
        var lines = Text(name).Split('\n');
        for (var i = QuestionLine(name, questionName); i < lines.Length; i++)
        {
            if (lines[i].Contains(snippet, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"'{snippet}' not found after question '{questionName}'");
    }

    /// <summary>The bytes of the base64 <c>&lt;file name="…"&gt;</c> on the given line.</summary>
    public static byte[] FileOnLine(string name, int line) =>
        Convert.FromBase64String(FileContent().Match(Text(name).Split('\n')[line - 1]).Groups[1].Value);

    private static int LineBefore(string name, int line, string snippet)
    {
        var lines = Text(name).Split('\n');
        for (var i = line - 1; i >= 0; i--)
        {
            if (lines[i].Contains(snippet, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"no '{snippet}' before line {line}");
    }

    [GeneratedRegex(@"<file [^>]*>([^<]+)</file>")]
    private static partial Regex FileContent();
}
