using System.IO.Compression;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// The files of a OneRoster CSV export, as a SIS writes them: manifest.csv and the data files, in a .zip (in any
/// folder) or uploaded one by one. Names are matched without regard to case, as exports differ.
/// </summary>
public sealed record OneRosterBundle(IReadOnlyList<RosterFile> Files)
{
    public const string ManifestFile = "manifest.csv";
    private const int MaxEntries = 100;

    /// <summary>The data files of OneRoster 1.1 and 1.2 CSV (1.2 adds roles, userProfiles, userResources and the score scales).</summary>
    public static readonly string[] KnownFiles =
    [
        ManifestFile, "academicSessions.csv", "categories.csv", "classes.csv", "classResources.csv", "courses.csv", "courseResources.csv",
        "demographics.csv", "enrollments.csv", "lineItems.csv", "orgs.csv", "resources.csv", "results.csv", "users.csv",
        "roles.csv", "userProfiles.csv", "userResources.csv", "scoreScales.csv", "lineItemLearningObjectiveIds.csv",
        "lineItemScoreScales.csv", "resultLearningObjectiveIds.csv", "resultScoreScales.csv",
    ];

    public RosterFile? Get(string name) => Files.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The spelling the spec gives a file name (users.csv for USERS.CSV), or the name as it came.</summary>
    public static string Canonical(string name) => KnownFiles.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;

    /// <summary>Every file of the .zip, under its own name (folders dropped); a name twice, too many files or a file over the limit is a problem.</summary>
    public static OneRosterBundle FromZip(RosterFile zip, List<RosterProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(problems);
        var files = new List<RosterFile>();
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip.Content), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxEntries)
            {
                problems.Add(new RosterProblem(zip.Name, 0, $"the .zip holds more than {MaxEntries} files"));
                return new OneRosterBundle([]);
            }

            foreach (var entry in archive.Entries)
            {
                if (entry.Name.Length == 0 || entry.FullName.Contains("__MACOSX", StringComparison.Ordinal) || entry.Name.StartsWith('.'))
                {
                    continue;
                }

                var name = Canonical(entry.Name);
                if (files.Any(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add(new RosterProblem(zip.Name, 0, $"the .zip holds {name} twice ({entry.FullName})"));
                    continue;
                }

                // The stated size may lie: read at most one byte past the limit.
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = stream.Read(chunk, 0, chunk.Length)) > 0 && buffer.Length <= RosterFiles.MaxFileBytes)
                {
                    buffer.Write(chunk, 0, read);
                }

                if (RosterFiles.CheckSize(name, buffer.Length) is { } tooLarge)
                {
                    problems.Add(tooLarge);
                    continue;
                }

                files.Add(new RosterFile(name, buffer.ToArray()));
            }
        }
        catch (InvalidDataException)
        {
            problems.Add(new RosterProblem(zip.Name, 0, "not a readable .zip file"));
        }

        return new OneRosterBundle(files);
    }

    /// <summary>Files uploaded one by one: each under the spec's spelling of its name; the same file twice is a problem.</summary>
    public static OneRosterBundle FromFiles(IEnumerable<RosterFile> uploaded, List<RosterProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var files = new List<RosterFile>();
        foreach (var file in uploaded)
        {
            var name = Canonical(Path.GetFileName(file.Name));
            if (files.Any(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(new RosterProblem(name, 0, $"{name} was uploaded twice"));
                continue;
            }

            files.Add(file with { Name = name });
        }

        return new OneRosterBundle(files);
    }
}
