using System.IO.Compression;
using System.Text.RegularExpressions;
using MasteryPath.Content.Checking;

namespace MasteryPath.Web.Authoring;

/// <summary>
/// A course folder as a set of files in memory (path → bytes): what a draft's rows hold, what a zip carries, and what
/// is written to a temporary folder for the course loader and checker.
/// </summary>
public sealed partial class CourseFiles
{
    /// <summary>The largest zip accepted, and the most it may unpack to.</summary>
    public const long MaxZipBytes = 20 * 1024 * 1024;

    public const int MaxFiles = 2000;

    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public CourseFiles()
    {
    }

    public CourseFiles(IEnumerable<KeyValuePair<string, byte[]>> files)
    {
        foreach (var (path, content) in files)
        {
            _files[path] = content;
        }
    }

    public IReadOnlyDictionary<string, byte[]> All => _files;

    public int Count => _files.Count;

    public byte[]? this[string path] => _files.GetValueOrDefault(path);

    /// <summary>Null when <paramref name="path"/> may be a file of a course folder, else why not.</summary>
    public static string? PathProblem(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Length > 300)
        {
            return "the path is empty or longer than 300 characters";
        }

        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
        {
            return "absolute paths, backslashes and drive letters are not allowed";
        }

        var parts = path.Split('/');
        if (parts.Any(p => p is "" or "." or ".."))
        {
            return "'..', '.' and empty parts are not allowed in a path";
        }

        if (!AllowedName().IsMatch(parts[^1]))
        {
            return "file names use letters, digits, '.', '-' and '_' only";
        }

        return path switch
        {
            "course.yaml" => null,
            _ when parts.Length == 2 && parts[0] == "skills" && path.EndsWith(".md", StringComparison.Ordinal) => null,
            _ when parts.Length == 2 && parts[0] is "items" or "tasks" && (path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal)) => null,
            _ when parts.Length >= 2 && parts[0] == "media" => null,
            _ => "only course.yaml, skills/*.md, items/*.yaml, tasks/*.yaml and media/* belong to a course folder",
        };
    }

    public void Set(string path, byte[] content)
    {
        if (PathProblem(path) is { } problem)
        {
            throw new ArgumentException($"{path}: {problem}", nameof(path));
        }

        _files[path] = content;
    }

    public bool Remove(string path) => _files.Remove(path);

    /// <summary>The folder as a zip whose entries are the course folder's paths.</summary>
    public byte[] ToZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in _files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a zip of a course folder. Entries may sit in one top folder (a zipped folder); every path is checked and
    /// every refused entry is reported; nothing is returned when anything was refused.
    /// </summary>
    public static (CourseFiles? Files, IReadOnlyList<string> Problems) FromZip(Stream zipStream)
    {
        var problems = new List<string>();
        var files = new CourseFiles();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            return (null, [$"the upload is not a zip file: {ex.Message}"]);
        }

        using (zip)
        {
            var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (entries.Count > MaxFiles)
            {
                return (null, [$"the zip holds {entries.Count} files; at most {MaxFiles} are accepted"]);
            }

            var prefix = CommonTopFolder(entries.Select(e => e.FullName).ToList());
            long total = 0;
            foreach (var entry in entries)
            {
                var path = entry.FullName[prefix.Length..];
                if (PathProblem(path) is { } problem)
                {
                    problems.Add($"{entry.FullName}: {problem}");
                    continue;
                }

                total += entry.Length;
                if (total > MaxZipBytes)
                {
                    return (null, [$"the zip unpacks to more than {MaxZipBytes / 1024 / 1024} MB"]);
                }

                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                files._files[path] = copy.ToArray();
            }
        }

        if (files["course.yaml"] is null)
        {
            problems.Add("course.yaml: the zip has no course.yaml at its top (or in its one top folder)");
        }

        return problems.Count > 0 ? (null, problems) : (files, problems);
    }

    /// <summary>Writes the files to a new temporary folder (deleted on dispose) for the loader and the checker.</summary>
    public TemporaryCourseFolder Materialise()
    {
        var folder = new TemporaryCourseFolder(Directory.CreateTempSubdirectory("masterypath-draft.").FullName);
        foreach (var (path, content) in _files)
        {
            var target = Path.Combine(folder.Path, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, content);
        }

        return folder;
    }

    /// <summary>Writes the files into <paramref name="folder"/> (made afresh: anything there before is removed).</summary>
    public void WriteTo(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        foreach (var (path, content) in _files)
        {
            var target = System.IO.Path.Combine(folder, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, content);
        }
    }

    /// <summary>Reads a course folder on disk (a shipped course) into memory.</summary>
    public static CourseFiles FromFolder(string folder)
    {
        var files = new CourseFiles();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (PathProblem(path) is null)
            {
                files._files[path] = File.ReadAllBytes(file);
            }
        }

        return files;
    }

    private static string CommonTopFolder(IReadOnlyList<string> names)
    {
        if (names.Count == 0 || names.Contains("course.yaml"))
        {
            return string.Empty;
        }

        var first = names[0];
        var slash = first.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return string.Empty;
        }

        var top = first[..(slash + 1)];
        return names.All(n => n.StartsWith(top, StringComparison.Ordinal)) && names.Contains(top + "course.yaml") ? top : string.Empty;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedName();
}

/// <summary>A course folder written to a temporary place, deleted on dispose; diagnostics name files relative to the course.</summary>
public sealed class TemporaryCourseFolder(string path) : IDisposable
{
    public string Path { get; } = path;

    /// <summary>The diagnostic with its file shown as the course-folder path (e.g. "skills/a.md").</summary>
    public Diagnostic Relative(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var file = diagnostic.Location.File;
        var prefix = Path.TrimEnd('/') + "/";
        var shown = file.StartsWith(prefix, StringComparison.Ordinal) ? file[prefix.Length..] : file == Path ? "." : file;
        return diagnostic with { Location = diagnostic.Location with { File = shown } };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; the next clean of /tmp removes it.
        }
    }
}
