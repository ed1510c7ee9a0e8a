using System.IO.Compression;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Tests;

/// <summary>The roster files under Fixtures/Roster: OneRoster 1.2 exports (good and bad) and simple CSVs.</summary>
internal static class RosterFixtures
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Web.Tests", "Fixtures", "Roster");

    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(Path.Combine(Folder, relativePath));

    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(Folder, relativePath));

    public static RosterFile Read(string relativePath, string? name = null) => new(name ?? Path.GetFileName(relativePath), Bytes(relativePath));

    /// <summary>The three OneRoster files of <paramref name="folder"/> in a .zip, under a sub-folder as exports often have them.</summary>
    public static byte[] Zip(string folder)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { RosterFiles.UsersFile, RosterFiles.ClassesFile, RosterFiles.EnrollmentsFile, "manifest.csv" })
            {
                var entry = zip.CreateEntry($"export/{name}");
                using var stream = entry.Open();
                var content = name == "manifest.csv" ? "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n"u8.ToArray() : Bytes(Path.Combine(folder, name));
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
