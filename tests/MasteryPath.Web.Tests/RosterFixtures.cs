using System.IO.Compression;
using System.Text;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Tests;

/// <summary>The roster files under Fixtures/Roster: OneRoster 1.2 exports (good and bad) and simple CSVs.</summary>
internal static class RosterFixtures
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Web.Tests", "Fixtures", "Roster");

    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(Path.Combine(Folder, relativePath));

    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(Folder, relativePath));

    public static RosterFile Read(string relativePath, string? name = null) => new(name ?? Path.GetFileName(relativePath), Bytes(relativePath));

    /// <summary>The names of simple-accents.csv, as they must be stored.</summary>
    public static readonly string[] AccentedNames = ["Zoë Adams", "Jonas Müller", "王芳"];

    /// <summary>A simple roster saved in Latin-1, as Excel's plain "CSV" does in Western Europe: 'ü' is the byte 0xFC, on line 3.</summary>
    public static byte[] Latin1Csv => Encoding.Latin1.GetBytes("email,name\nolivia.park@school.example.org,Olivia Park\njonas.mueller@school.example.org,Jonas Müller\n");

    /// <summary><paramref name="text"/> in <paramref name="encoding"/>, after its byte order mark if it has one.</summary>
    public static byte[] Encoded(string text, Encoding encoding) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];

    /// <summary>
    /// The three OneRoster files of <paramref name="folder"/> in a .zip, under a sub-folder as exports often have
    /// them; <paramref name="users"/> replaces users.csv.
    /// </summary>
    public static byte[] Zip(string folder, byte[]? users = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { RosterFiles.UsersFile, RosterFiles.ClassesFile, RosterFiles.EnrollmentsFile, "manifest.csv" })
            {
                var entry = zip.CreateEntry($"export/{name}");
                using var stream = entry.Open();
                var content = name switch
                {
                    "manifest.csv" => "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n"u8.ToArray(),
                    RosterFiles.UsersFile when users is not null => users,
                    _ => Bytes(Path.Combine(folder, name)),
                };
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Every file of a OneRoster export folder, as uploaded one by one.</summary>
    public static OneRosterBundle Bundle(string folder) =>
        new([.. Directory.GetFiles(Path.Combine(Folder, folder)).Order(StringComparer.Ordinal).Select(f => new RosterFile(Path.GetFileName(f), File.ReadAllBytes(f)))]);

    /// <summary>Every file of a OneRoster export folder in a .zip, at its root as SIS exports have them.</summary>
    public static byte[] ZipFolder(string folder)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Folder, folder)).Order(StringComparer.Ordinal))
            {
                using var stream = zip.CreateEntry(Path.GetFileName(file)).Open();
                stream.Write(File.ReadAllBytes(file));
            }
        }

        return buffer.ToArray();
    }
}
