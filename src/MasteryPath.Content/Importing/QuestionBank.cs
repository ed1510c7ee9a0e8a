namespace MasteryPath.Content.Importing;

/// <summary>Where in a source file something was read: the file (as given, or its path inside a package) and a 1-based line (0 when unknown).</summary>
public sealed record SourceLocation(string File, int Line)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}

/// <summary>Something in a source file that was not imported, with where it is, which element, and why.</summary>
public sealed record ImportProblem(SourceLocation Source, string Element, string Reason)
{
    public override string ToString() => $"{Source}: {Element}: {Reason}";
}

/// <summary>One answer option of a choice item; <see cref="Feedback"/> is the message shown when it is picked.</summary>
public sealed record ImportedChoice(string Text, bool Correct, string? Feedback = null);

/// <summary>A specific wrong answer (written like the item's answer) and the message it gets.</summary>
public sealed record ImportedMisconception(string Answer, string Feedback);

/// <summary>
/// A question read from a bank, already in MasteryPath terms: <see cref="Kind"/> is a course-format kind
/// (<c>single-choice</c>, <c>multiple-select</c>, <c>numeric</c>, <c>text</c>); texts are course Markdown with
/// TeX math between <c>$…$</c>, images as <c>![alt](media/name)</c> naming an entry of <see cref="QuestionBank.Media"/>.
/// </summary>
public sealed record ImportedItem
{
    /// <summary>The id in the source (QTI identifier, Moodle question name, GIFT title); the writer makes a course id from it.</summary>
    public required string SourceId { get; init; }

    public required string Kind { get; init; }

    public required string Prompt { get; init; }

    public required SourceLocation Source { get; init; }

    /// <summary>The bank's own grouping (Moodle/GIFT category, QTI section or package folder); the writer may make a skill of it.</summary>
    public string? Category { get; init; }

    /// <summary>Numeric: the value as a number ("12.5"); text: the first accepted answer.</summary>
    public string? Answer { get; init; }

    /// <summary>Numeric only: absolute tolerance as a number ("0.05"), null for exact.</summary>
    public string? Tolerance { get; init; }

    /// <summary>Text only: further accepted answers.</summary>
    public IReadOnlyList<string> Accept { get; init; } = [];

    public bool CaseSensitive { get; init; }

    public IReadOnlyList<ImportedChoice> Choices { get; init; } = [];

    /// <summary>Pins the last authored choice (course format <c>shuffle: false</c>) when the source fixed the order.</summary>
    public bool PinLastChoice { get; init; }

    public IReadOnlyList<string> Hints { get; init; } = [];

    /// <summary>The worked solution / general feedback.</summary>
    public string? Solution { get; init; }

    public IReadOnlyList<ImportedMisconception> Misconceptions { get; init; } = [];
}

/// <summary>An essay or file-upload question: it becomes a rubric-scored task (tasks/&lt;id&gt;.yaml).</summary>
public sealed record ImportedTask
{
    public required string SourceId { get; init; }

    public required string Title { get; init; }

    public required string Prompt { get; init; }

    public required SourceLocation Source { get; init; }

    public string? Category { get; init; }

    /// <summary>Grading notes from the source (Moodle graderinfo, QTI rubricBlock), kept for the author.</summary>
    public string? GraderNotes { get; init; }

    public bool AcceptsFiles { get; init; }
}

/// <summary>An image or other file a question uses; <see cref="Name"/> is its file name under the course's media/ folder.</summary>
public sealed record ImportedMedia(string Name, byte[] Content, SourceLocation Source)
{
    /// <summary>Markdown text with every image reference to media/<paramref name="from"/> pointing at media/<paramref name="to"/> instead.</summary>
    public static string Rename(string markdown, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return markdown
            .Replace($"](media/{from})", $"](media/{to})", StringComparison.Ordinal)
            .Replace($"](<media/{from}>)", $"](<media/{to}>)", StringComparison.Ordinal);
    }
}

/// <summary>Everything read from one or more bank files: what maps, and every problem with where it is.</summary>
public sealed class QuestionBank
{
    public List<ImportedItem> Items { get; } = [];

    public List<ImportedTask> Tasks { get; } = [];

    public List<ImportedMedia> Media { get; } = [];

    public List<ImportProblem> Problems { get; } = [];

    public void Add(QuestionBank other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Items.AddRange(other.Items);
        Tasks.AddRange(other.Tasks);
        Media.AddRange(other.Media);
        Problems.AddRange(other.Problems);
    }
}

/// <summary>One bank format (QTI 1.2, QTI 2.1/3.0, Moodle XML, GIFT).</summary>
public interface IQuestionBankFormat
{
    /// <summary>A short name for messages ("Moodle XML").</summary>
    string Name { get; }

    /// <summary>Whether the file is of this format, from its name and its first few kilobytes.</summary>
    bool Recognizes(string fileName, string head);

    /// <summary>Reads a file. <paramref name="displayName"/> is the name used in <see cref="SourceLocation"/>.
    /// <paramref name="resolveFile"/> returns the bytes of a file referenced relative to this one (images,
    /// items of a manifest), or null when it does not exist. Never throws for bad content: it reports problems.</summary>
    QuestionBank Read(string displayName, string text, Func<string, byte[]?> resolveFile);
}
