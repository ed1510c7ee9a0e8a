using System.Security.Claims;
using MasteryPath.Content.Checking;
using MasteryPath.Content.Importing;
using MasteryPath.Content.Standards;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Authoring;

/// <summary>What an import into a draft did, with every path shown as the author knows it (upload names, course-folder paths).</summary>
public sealed record DraftImportReport(
    string CourseId,
    int Items,
    int Tasks,
    IReadOnlyList<(string Skill, string Kind, int Count)> BySkill,
    IReadOnlyList<string> NotKept,
    IReadOnlyList<Diagnostic> Check,
    string Summary,
    IReadOnlyList<string> Written);

/// <summary>
/// The browser side of <c>course import</c> and <c>course import-case</c>: question banks (QTI, Moodle XML, GIFT)
/// into a draft, and a new draft from a CASE framework. Both run the same code as the command line on a copy of
/// the draft, then store the files it wrote; a refused input changes nothing.
/// </summary>
public sealed class DraftImports(AuthoringService drafts)
{
    public const int MaxUploads = 20;

    public async Task<DraftImportReport> ImportBanksAsync(ClaimsPrincipal user, string courseId, IReadOnlyList<IFormFile> uploads, string? skill)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var files = await drafts.FilesAsync(user, courseId);
        skill = string.IsNullOrWhiteSpace(skill) ? null : skill.Trim();
        if (uploads.Count == 0 || uploads.All(u => u.Length == 0))
        {
            throw LearningException.Invalid("Choose one or more question-bank files: QTI (a .zip package or .xml items), Moodle XML (.xml) or GIFT (.gift, .txt).");
        }

        using var draft = files.Materialise();
        using var inbox = new TemporaryCourseFolder(Directory.CreateTempSubdirectory("masterypath-banks.").FullName);
        var paths = await SaveAsync(uploads, inbox.Path);
        QuestionBankImportResult result;
        try
        {
            result = QuestionBankImport.Run(paths, draft.Path, skill);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            throw LearningException.Invalid(ex.Message.Replace(draft.Path, "the draft", StringComparison.Ordinal));
        }

        var after = CourseFiles.FromFolder(draft.Path);
        var written = new List<string>();
        foreach (var path in result.Written.Distinct(StringComparer.Ordinal))
        {
            if (after[path] is { } bytes && (files[path] is not { } before || !before.AsSpan().SequenceEqual(bytes)))
            {
                await drafts.WriteAsync(user, courseId, path, bytes);
                written.Add(path);
            }
        }

        string Shown(string text) => text.Replace(inbox.Path + "/", string.Empty, StringComparison.Ordinal).Replace(draft.Path + "/", string.Empty, StringComparison.Ordinal);
        return new DraftImportReport(
            courseId,
            result.Items.Count,
            result.Tasks,
            [.. result.Items.GroupBy(i => (i.Skill, i.Kind)).OrderBy(g => g.Key.Skill, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal).Select(g => (g.Key.Skill, g.Key.Kind, g.Count()))],
            [.. result.Problems.Select(p => Shown(p.ToString()))],
            [.. result.Check.Diagnostics.Select(draft.Relative)],
            Shown(result.Check.Summary),
            written);
    }

    /// <summary>A new draft from a CASE 1.1 framework (CFPackage JSON): one skill per standard, its identifier and code kept.</summary>
    public async Task<string> StartFromCaseAsync(ClaimsPrincipal user, IFormFile? package, string? courseId)
    {
        if (package is null || package.Length == 0)
        {
            throw LearningException.Invalid("Choose a CASE framework file (a CFPackage .json).");
        }

        using var work = new TemporaryCourseFolder(Directory.CreateTempSubdirectory("masterypath-case.").FullName);
        var packagePath = (await SaveAsync([package], work.Path)).Single();
        var outline = Path.Combine(work.Path, "outline");
        try
        {
            CaseImport.Run(packagePath, outline, new CaseImportOptions(string.IsNullOrWhiteSpace(courseId) ? null : courseId.Trim()), force: false);
        }
        catch (CasePackageException ex)
        {
            throw LearningException.Invalid($"{package.FileName}: {ex.Message}");
        }

        using var zip = new MemoryStream(CourseFiles.FromFolder(outline).ToZip());
        return await drafts.UploadZipAsync(user, zip);
    }

    private static async Task<List<string>> SaveAsync(IReadOnlyList<IFormFile> uploads, string folder)
    {
        if (uploads.Count > MaxUploads)
        {
            throw LearningException.Invalid($"Upload at most {MaxUploads} files at once.");
        }

        var paths = new List<string>();
        foreach (var upload in uploads.Where(u => u.Length > 0))
        {
            if (upload.Length > CourseFiles.MaxZipBytes)
            {
                throw LearningException.TooLarge($"{upload.FileName} is larger than {CourseFiles.MaxZipBytes / 1024 / 1024} MB.");
            }

            var name = Path.GetFileName(upload.FileName.Replace('\\', '/'));
            name = string.IsNullOrWhiteSpace(name) || name.StartsWith('.') ? "upload" : name;
            var target = Path.Combine(folder, name);
            for (var n = 2; File.Exists(target); n++)
            {
                target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}-{n}{Path.GetExtension(name)}");
            }

            await using var stream = File.Create(target);
            await upload.CopyToAsync(stream);
            paths.Add(target);
        }

        return paths;
    }
}
