using System.IO.Compression;
using System.Text;

namespace MasteryPath.Content.Importing;

/// <summary>
/// The files an import reads: a bank file, a folder of them, a content package (a folder or .zip with an
/// imsmanifest.xml). Every file is found by format; a file no format reads is reported. Files a bank references
/// (images, the items of a manifest) are read through <see cref="IQuestionBankFormat.Read"/>'s resolver, which
/// never leaves the input (a folder, a zip, or the bank file's own folder).
/// </summary>
public static class BankSources
{
    public const long MaxPackageBytes = 200L * 1024 * 1024;
    public const int MaxPackageEntries = 20_000;

    private static readonly HashSet<string> MediaExtensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp" };

    /// <summary>Reads every input with the formats given; what is refused is in the bank's problems.</summary>
    public static QuestionBank Read(IReadOnlyList<string> inputs, IReadOnlyList<IQuestionBankFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(formats);
        var bank = new QuestionBank();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var root = Path.GetFullPath(input);
                var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                ReadSet(input.TrimEnd('/', '\\'), files, path => ReadInside(root, path), formats, bank);
            }
            else if (File.Exists(input) && input.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                ReadZip(input, formats, bank);
            }
            else if (File.Exists(input))
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(input))!;
                ReadOne(input, Path.GetFileName(input), File.ReadAllBytes(input), relative => ReadInside(folder, relative), formats, bank);
            }
            else
            {
                bank.Problems.Add(new ImportProblem(new SourceLocation(input, 0), "input", "no such file or folder"));
            }
        }

        return bank;
    }

    private static void ReadZip(string path, IReadOnlyList<IQuestionBankFormat> formats, QuestionBank bank)
    {
        var display = path;
        Dictionary<string, byte[]> entries;
        try
        {
            using var archive = ZipFile.OpenRead(path);
            if (archive.Entries.Count > MaxPackageEntries)
            {
                bank.Problems.Add(new ImportProblem(new SourceLocation(display, 0), "zip", $"the package holds {archive.Entries.Count} entries; at most {MaxPackageEntries} are read"));
                return;
            }

            entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            long total = 0;
            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Contains(".."))
                {
                    bank.Problems.Add(new ImportProblem(new SourceLocation($"{display}!/{name}", 0), "zip entry", "a path that leaves the package was not read"));
                    continue;
                }

                total += entry.Length;
                if (total > MaxPackageBytes)
                {
                    bank.Problems.Add(new ImportProblem(new SourceLocation(display, 0), "zip", $"the package unpacks to more than {MaxPackageBytes / (1024 * 1024)} MB; the rest was not read"));
                    break;
                }

                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                entries[name] = buffer.ToArray();
            }
        }
        catch (InvalidDataException ex)
        {
            bank.Problems.Add(new ImportProblem(new SourceLocation(display, 0), "zip", $"not a readable zip file ({ex.Message})"));
            return;
        }

        ReadSet(display + "!", [.. entries.Keys.Order(StringComparer.Ordinal)], name => entries.GetValueOrDefault(name), formats, bank);
    }

    private static void ReadSet(string display, IReadOnlyList<string> files, Func<string, byte[]?> read, IReadOnlyList<IQuestionBankFormat> formats, QuestionBank bank)
    {
        string Shown(string file) => $"{display}/{file}";
        var manifest = files.FirstOrDefault(f => f.Equals("imsmanifest.xml", StringComparison.OrdinalIgnoreCase))
            ?? files.Where(f => f.EndsWith("/imsmanifest.xml", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.Count(c => c == '/')).FirstOrDefault();
        var used = new HashSet<string>(StringComparer.Ordinal);
        byte[]? Resolve(string baseFolder, string relative)
        {
            var combined = Normalize(baseFolder.Length == 0 ? relative : baseFolder + "/" + relative);
            if (combined is null)
            {
                return null;
            }

            var bytes = read(combined);
            if (bytes is not null)
            {
                used.Add(combined);
            }

            return bytes;
        }

        if (manifest is not null)
        {
            var baseFolder = manifest.Contains('/', StringComparison.Ordinal) ? manifest[..manifest.LastIndexOf('/')] : string.Empty;
            used.Add(manifest);
            ReadOne(Shown(manifest), "imsmanifest.xml", read(manifest)!, relative => Resolve(baseFolder, relative), formats, bank);
        }
        else
        {
            foreach (var file in files.Where(f => !IsMedia(f) && !IsIgnorable(f)))
            {
                used.Add(file);
                var folder = file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : string.Empty;
                ReadOne(Shown(file), Path.GetFileName(file), read(file)!, relative => Resolve(folder, relative), formats, bank);
            }
        }

        foreach (var file in files.Where(f => !used.Contains(f) && !IsIgnorable(f)))
        {
            bank.Problems.Add(new ImportProblem(new SourceLocation(Shown(file), 0), "file", manifest is not null
                ? "not used by any item of the package's manifest; not imported"
                : "an image no question refers to; not imported"));
        }
    }

    private static void ReadOne(string display, string fileName, byte[] bytes, Func<string, byte[]?> resolve, IReadOnlyList<IQuestionBankFormat> formats, QuestionBank bank)
    {
        var text = Decode(bytes);
        var head = text.Length > 8192 ? text[..8192] : text;
        var format = formats.FirstOrDefault(f => f.Recognizes(fileName, head));
        if (format is null)
        {
            bank.Problems.Add(new ImportProblem(new SourceLocation(display, 0), "file", "not a question bank in a format MasteryPath reads (QTI 1.2, 2.1 or 3.0, Moodle XML, GIFT)"));
            return;
        }

        try
        {
            bank.Add(WithMediaNamesFreeIn(bank, format.Read(display, text, resolve)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A reader reports bad content as problems; this catches its own defects so one file never stops an import.
            bank.Problems.Add(new ImportProblem(new SourceLocation(display, 0), format.Name, $"could not be read ({ex.GetType().Name}: {ex.Message}); nothing of this file was imported"));
        }
    }

    /// <summary>
    /// Media names are unique within one file; across files two different images may share a name. The later one is
    /// renamed (<c>name-2.png</c>) and its file's texts follow; the same bytes under the same name are kept once.
    /// </summary>
    private static QuestionBank WithMediaNamesFreeIn(QuestionBank earlier, QuestionBank next)
    {
        var taken = earlier.Media.GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Content, StringComparer.Ordinal);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var media = new List<ImportedMedia>();
        foreach (var file in next.Media)
        {
            if (!taken.TryGetValue(file.Name, out var bytes))
            {
                media.Add(file);
                continue;
            }

            if (bytes.AsSpan().SequenceEqual(file.Content))
            {
                continue;
            }

            var stem = Path.GetFileNameWithoutExtension(file.Name);
            var extension = Path.GetExtension(file.Name);
            var name = file.Name;
            for (var n = 2; taken.ContainsKey(name) || next.Media.Any(m => m.Name == name); n++)
            {
                name = $"{stem}-{n}{extension}";
            }

            renames[file.Name] = name;
            media.Add(file with { Name = name });
        }

        if (renames.Count == 0 && media.Count == next.Media.Count)
        {
            return next;
        }

        string Rename(string text) => renames.Aggregate(text, (current, r) => ImportedMedia.Rename(current, r.Key, r.Value));
        var result = new QuestionBank();
        result.Items.AddRange(next.Items.Select(i => i with
        {
            Prompt = Rename(i.Prompt),
            Solution = i.Solution is null ? null : Rename(i.Solution),
            Hints = [.. i.Hints.Select(Rename)],
            Choices = [.. i.Choices.Select(c => c with { Text = Rename(c.Text), Feedback = c.Feedback is null ? null : Rename(c.Feedback) })],
            Misconceptions = [.. i.Misconceptions.Select(m => m with { Feedback = Rename(m.Feedback) })],
        }));
        result.Tasks.AddRange(next.Tasks.Select(t => t with { Prompt = Rename(t.Prompt) }));
        result.Media.AddRange(media);
        result.Problems.AddRange(next.Problems);
        return result;
    }

    /// <summary>Text from bytes: UTF-8 unless a byte-order mark says otherwise.</summary>
    public static string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static byte[]? ReadInside(string folder, string relative)
    {
        var normalized = Normalize(relative);
        if (normalized is null)
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(folder, normalized));
        return full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? File.ReadAllBytes(full) : null;
    }

    /// <summary>A relative path with ./ and URL escapes resolved, or null when it is absolute or leaves its base.</summary>
    public static string? Normalize(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var path = Uri.UnescapeDataString(relative.Split('?', '#')[0]).Replace('\\', '/');
        if (path.StartsWith('/') || path.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    private static bool IsMedia(string file) => MediaExtensions.Contains(Path.GetExtension(file));

    private static bool IsIgnorable(string file)
    {
        var name = Path.GetFileName(file);
        return name.StartsWith('.') || name is "Thumbs.db" || file.StartsWith("__MACOSX/", StringComparison.Ordinal);
    }
}
