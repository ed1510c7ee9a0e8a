using MasteryPath.Content.Checking;

namespace MasteryPath.Content.Standards;

/// <summary>What an import wrote, and what the course checker says of the written outline.</summary>
/// <param name="Outline">The outline as mapped from the package.</param>
/// <param name="Files">The files written, relative to the course folder.</param>
/// <param name="ToWrite">The checker's errors and warnings that are content the author must still write (empty sections, no items).</param>
/// <param name="Other">Any other problem of the written outline; none is expected.</param>
public sealed record CaseImportResult(CourseOutline Outline, IReadOnlyList<string> Files, IReadOnlyList<Diagnostic> ToWrite, IReadOnlyList<Diagnostic> Other)
{
    /// <summary>True when the outline sits beside other course folders: a web app reading that folder would refuse to start until the outline is written.</summary>
    public bool BesideOtherCourses { get; init; }
}

/// <summary><c>masterypath course import-case</c>: read a CASE package file, map it, write the outline, load it back.</summary>
public static class CaseImport
{
    /// <summary>The checker's codes for content the outline leaves to the author.</summary>
    public static readonly IReadOnlySet<string> ContentToWrite = new HashSet<string>(StringComparer.Ordinal) { "missing-section", "no-practice", "too-few-variants", "no-worked-example" };

    public static CaseImportResult Run(string packageFile, string folder, CaseImportOptions options, bool force)
    {
        ArgumentNullException.ThrowIfNull(packageFile);
        ArgumentNullException.ThrowIfNull(folder);
        if (Directory.Exists(packageFile))
        {
            throw new CasePackageException($"'{packageFile}' is a folder; give the CASE package's JSON file");
        }

        if (!File.Exists(packageFile))
        {
            throw new CasePackageException($"there is no file '{packageFile}'");
        }

        var package = CasePackage.Parse(File.ReadAllText(packageFile));
        var outline = CaseOutlineBuilder.Build(package, options);
        var files = CourseOutlineWriter.Write(outline, folder, force);
        // No error limit: a framework of hundreds of standards has four errors to write per skill.
        var check = CourseChecker.Check(folder, int.MaxValue);
        var toWrite = check.Diagnostics.Where(d => ContentToWrite.Contains(d.Code)).ToList();
        var other = check.Diagnostics.Where(d => !ContentToWrite.Contains(d.Code)).ToList();
        var parent = Path.GetDirectoryName(Path.GetFullPath(folder));
        var beside = parent is not null && Directory.GetDirectories(parent)
            .Any(d => !string.Equals(Path.GetFullPath(d), Path.GetFullPath(folder), StringComparison.Ordinal) && File.Exists(Path.Combine(d, "course.yaml")));
        return new CaseImportResult(outline, files, toWrite, other) { BesideOtherCourses = beside };
    }
}
