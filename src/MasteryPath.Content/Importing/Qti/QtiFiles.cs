using System.IO.Compression;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// Paths inside a QTI package: always '/'-separated and relative to the package root; a path that would leave the
/// package (through <c>..</c>, a drive or a leading '/') is refused, so nothing outside it is ever read.
/// </summary>
internal static class QtiFiles
{
    /// <summary>
    /// <paramref name="href"/> (URL-escaped, relative to the folder <paramref name="baseFolder"/>) as a path from the
    /// package root, or null with <paramref name="reason"/> when it is not a file inside the package.
    /// </summary>
    public static string? Resolve(string baseFolder, string href, out string reason)
    {
        reason = string.Empty;
        var path = Uri.UnescapeDataString(href.Trim()).Replace('\\', '/');
        if (path.Contains("://", StringComparison.Ordinal) || path.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            reason = $"'{href}' is not a file of the package (external or inline files are not fetched)";
            return null;
        }

        if (path.StartsWith('/') || (path.Length > 1 && path[1] == ':'))
        {
            reason = $"'{href}' is an absolute path; only files inside the package are read";
            return null;
        }

        var parts = new List<string>(baseFolder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count == 0)
                {
                    reason = $"'{href}' leads outside the package; it is not read";
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(segment);
        }

        if (parts.Count == 0)
        {
            reason = $"'{href}' names no file";
            return null;
        }

        return string.Join('/', parts);
    }

    public static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>Reads package files from a folder on disk, never outside it.</summary>
    public static Func<string, byte[]?> FromFolder(string folder)
    {
        var root = Path.GetFullPath(folder);
        return relative =>
        {
            var full = Path.GetFullPath(Path.Combine(root, relative));
            var inside = full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            return inside && File.Exists(full) ? File.ReadAllBytes(full) : null;
        };
    }

    /// <summary>Reads package files from the entries of a zip archive (the archive must stay open while reading).</summary>
    public static Func<string, byte[]?> FromZip(ZipArchive archive)
    {
        var entries = archive.Entries
            .Where(e => e.Name.Length > 0)
            .GroupBy(e => e.FullName.Replace('\\', '/').TrimStart('/'), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return relative =>
        {
            if (!entries.TryGetValue(relative, out var entry))
            {
                return null;
            }

            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        };
    }
}
