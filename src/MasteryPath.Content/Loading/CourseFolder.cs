using MasteryPath.Content.Checking;

namespace MasteryPath.Content.Loading;

/// <summary>A file of a course folder: its path in the folder ('/'-separated) and the real path to read it from.</summary>
internal sealed record CourseFile(string Relative, string ReadPath);

/// <summary>
/// Lists a course folder's files without ever leaving the folder. Every symbolic link is resolved, link by link and
/// through every folder on the way, to where it really leads:
/// <list type="bullet">
/// <item>a link that leads outside the course folder (to a file or a folder) is an error and is not read;</item>
/// <item>a link to a file inside the folder is read as that file, under the link's own name;</item>
/// <item>a link to a folder inside the folder is never followed: that folder is read under its own name anyway, so
/// following it could only read files twice. A link to the folder holding it or to one above is a loop (an error),
/// any other is a warning. So no loop is ever walked, and each folder is listed once.</item>
/// </list>
/// The course folder itself may be a link; its real location is the boundary.
/// </summary>
internal static class CourseFolder
{
    // The same bound as Linux's MAXSYMLINKS: more links than this in one path is a loop of links.
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static readonly EnumerationOptions OneLevel = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    /// <summary>Every file of <paramref name="folder"/> that may be read, in ordinal order of its relative path; problems go to <paramref name="diagnostics"/>.</summary>
    public static IReadOnlyList<CourseFile> Scan(string folder, Func<string, string> display, List<Diagnostic> diagnostics)
    {
        var root = RealPath(folder);
        if (root is null || !Directory.Exists(root))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(display(folder), 1, 1), "symlink-loop", "the course folder is a symbolic link that leads round a loop of links"));
            return [];
        }

        var files = new List<CourseFile>();
        var pending = new Stack<(string Real, string Relative)>();
        pending.Push((root, string.Empty));
        while (pending.TryPop(out var dir))
        {
            string Shown(string relative) => display(Path.Combine(folder, relative));
            void Report(Severity severity, string relative, string code, string message) =>
                diagnostics.Add(new Diagnostic(severity, new SourceLocation(Shown(relative), 1, 1), code, message));

            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(dir.Real).EnumerateFileSystemInfos("*", OneLevel)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Report(Severity.Error, dir.Relative, "unreadable-folder", $"{FolderName(root, dir.Real)} could not be read: {ex.Message}");
                continue;
            }

            foreach (var entry in entries)
            {
                var relative = dir.Relative.Length == 0 ? entry.Name : $"{dir.Relative}/{entry.Name}";
                if (!IsLink(entry))
                {
                    if (entry is DirectoryInfo)
                    {
                        pending.Push((entry.FullName, relative));
                    }
                    else
                    {
                        files.Add(new CourseFile(relative, entry.FullName));
                    }

                    continue;
                }

                var target = RealPath(entry.FullName);
                if (target is null)
                {
                    Report(Severity.Error, relative, "symlink-loop", $"'{relative}' is a symbolic link that leads round a loop of links; it was not read");
                }
                else if (!IsWithin(target, root))
                {
                    Report(Severity.Error, relative, "symlink-outside", $"'{relative}' is a symbolic link to a place outside the course folder; it was not read");
                }
                else if (Directory.Exists(target))
                {
                    if (IsWithin(dir.Real, target))
                    {
                        Report(Severity.Error, relative, "symlink-loop", $"'{relative}' is a symbolic link to {FolderName(root, target)}, which holds it: a loop; it was not followed");
                    }
                    else
                    {
                        Report(Severity.Warning, relative, "symlink-folder", $"'{relative}' is a symbolic link to {FolderName(root, target)}; links to folders are not followed (that folder is read under its own name)");
                    }
                }
                else if (File.Exists(target))
                {
                    files.Add(new CourseFile(relative, target));
                }
                else
                {
                    Report(Severity.Error, relative, "broken-symlink", $"'{relative}' is a symbolic link to '{Relative(root, target)}', which does not exist");
                }
            }
        }

        return [.. files.OrderBy(f => f.Relative, StringComparer.Ordinal)];
    }

    /// <summary>The text of a file, or null (with an error) when it cannot be read.</summary>
    public static string? ReadText(string path, string file, List<Diagnostic> diagnostics)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, new SourceLocation(file, 1, 1), "unreadable-file", $"the file could not be read: {ex.Message}"));
            return null;
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static string FolderName(string root, string folder) =>
        folder.Equals(root, PathComparison) ? "the course folder" : $"the folder '{Relative(root, folder)}'";

    private static bool IsLink(FileSystemInfo entry) =>
        entry.Attributes.HasFlag(FileAttributes.ReparsePoint) || entry.LinkTarget is not null;

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it (both real, absolute paths).</summary>
    private static bool IsWithin(string path, string folder) =>
        path.Equals(folder, PathComparison)
        || path.StartsWith(Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar, PathComparison);

    /// <summary>
    /// Where <paramref name="path"/> really leads: every symbolic link on the way (in any folder of the path, and in
    /// the targets of links) replaced by its target, like POSIX realpath, but also for paths that do not exist.
    /// Null when more than <see cref="MaxLinkHops"/> links are met (a loop of links).
    /// </summary>
    internal static string? RealPath(string path)
    {
        // Not Path.GetFullPath: it folds "a/.." by text, which is wrong when 'a' is a link.
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var current = Path.GetPathRoot(absolute)!;
        var parts = new Stack<string>(Split(absolute[current.Length..]).Reverse());
        var hops = 0;
        while (parts.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            var link = LinkTarget(next);
            if (link is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            if (Path.IsPathRooted(link))
            {
                current = Path.GetPathRoot(link)!;
                link = link[current.Length..];
            }

            foreach (var linked in Split(link).Reverse())
            {
                parts.Push(linked);
            }
        }

        return current;
    }

    private static string[] Split(string path) => path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Missing, or a file used as a folder: not a link; the path simply does not exist.
            return null;
        }
    }
}
