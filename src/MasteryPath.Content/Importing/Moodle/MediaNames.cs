using System.Text;

namespace MasteryPath.Content.Importing.Moodle;

/// <summary>
/// Gives every embedded file of a bank a media name unique across the bank: Moodle names files per text
/// (every question may have its own <c>image.png</c>), so the same name with other bytes gets a numbered name,
/// and the same bytes under the same name are stored once.
/// </summary>
internal sealed class MediaNames(QuestionBank bank)
{
    private readonly Dictionary<string, byte[]> _byName = new(StringComparer.OrdinalIgnoreCase);

    public string Register(string sourceName, byte[] content, SourceLocation source)
    {
        var safe = SafeFileName(sourceName);
        var stem = Path.GetFileNameWithoutExtension(safe);
        var extension = Path.GetExtension(safe);
        var name = safe;
        for (var n = 2; _byName.TryGetValue(name, out var existing); n++)
        {
            if (existing.AsSpan().SequenceEqual(content))
            {
                return name;
            }

            name = $"{stem}-{n}{extension}";
        }

        _byName[name] = content;
        bank.Media.Add(new ImportedMedia(name, content, source));
        return name;
    }

    /// <summary>The last path segment, with anything but letters, digits, dot, dash and underscore made a dash.</summary>
    private static string SafeFileName(string name)
    {
        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var result = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            result.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-');
        }

        var trimmed = result.ToString().Trim('.', '-');
        return trimmed.Length == 0 ? "file" : trimmed;
    }
}
