using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using MasteryPath.Content.Checking;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Authoring;

/// <summary>A draft as its list shows it.</summary>
public sealed record DraftSummary(string CourseId, string Title, DateTimeOffset UpdatedAt, int? LatestVersion);

/// <summary>
/// Drafts: created empty, from a published or shipped course, or from a zip; their files read and written. A draft
/// belongs to the author who created it; admins see every draft. Every refusal is a <see cref="LearningException"/>.
/// </summary>
public sealed partial class AuthoringService(MasteryPathDb db, CourseCatalog catalog, IOptions<MasteryPathOptions> options, IWebHostEnvironment environment, TimeProvider time)
{
    public async Task<IReadOnlyList<DraftSummary>> DraftsAsync(ClaimsPrincipal user)
    {
        var drafts = await Visible(user).OrderBy(d => d.CourseId).Select(d => new { d.CourseId, d.UpdatedAt }).ToListAsync();
        var latest = await db.PublishedCourseVersions.GroupBy(v => v.CourseId).Select(g => new { CourseId = g.Key, Number = g.Max(v => v.Number) }).ToDictionaryAsync(x => x.CourseId, x => x.Number);
        var result = new List<DraftSummary>();
        foreach (var draft in drafts)
        {
            var header = await db.CourseDraftFiles.Where(f => f.CourseId == draft.CourseId && f.Path == "course.yaml").Select(f => f.Content).FirstOrDefaultAsync();
            result.Add(new DraftSummary(draft.CourseId, TitleOf(header) ?? draft.CourseId, draft.UpdatedAt, latest.TryGetValue(draft.CourseId, out var n) ? n : null));
        }

        return result;
    }

    /// <summary>A new course with a course.yaml and one unit, no skills yet.</summary>
    public async Task CreateAsync(ClaimsPrincipal user, string? courseId, string? title)
    {
        var id = RequireId(courseId, "course id");
        if (string.IsNullOrWhiteSpace(title))
        {
            throw LearningException.Invalid("Give the course a title.");
        }

        var header = $"""
            id: {id}
            title: {SkillFile.Scalar(title)}
            description: >
              What the course covers.
            version: 0.1.0
            units:
              - id: unit-1
                title: Unit 1

            """;
        var files = new CourseFiles();
        files.Set("course.yaml", Encoding.UTF8.GetBytes(header));
        await AddDraftAsync(user, id, files);
    }

    /// <summary>A draft of a course learners already see: its latest published version, else the shipped folder.</summary>
    public async Task StartFromPublishedAsync(ClaimsPrincipal user, string? courseId)
    {
        var id = RequireId(courseId, "course id");
        var files = await PublishedFilesAsync(id);
        if (files is null)
        {
            var folder = Path.Combine(CourseCatalog.ResolveFolder(options, environment), id);
            if (catalog.Find(id) is null || !File.Exists(Path.Combine(folder, "course.yaml")))
            {
                throw LearningException.NotFound($"There is no published course '{id}'.");
            }

            files = CourseFiles.FromFolder(folder);
        }

        await AddDraftAsync(user, id, files);
    }

    /// <summary>
    /// Creates a draft from a zip, or replaces the files of the user's own draft of that course. A refused zip changes
    /// nothing: every problem is listed in the exception's message, one per line.
    /// </summary>
    public async Task<string> UploadZipAsync(ClaimsPrincipal user, Stream zip)
    {
        var (files, problems) = CourseFiles.FromZip(zip);
        if (files is null)
        {
            throw LearningException.Invalid("The zip was refused:\n" + string.Join('\n', problems));
        }

        var id = IdOf(files["course.yaml"]!) ?? throw LearningException.Invalid("course.yaml: it has no valid 'id' (lower-case letters, digits, dashes).");
        var existing = await db.CourseDrafts.FirstOrDefaultAsync(d => d.CourseId == id);
        if (existing is null)
        {
            await AddDraftAsync(user, id, files);
            return id;
        }

        Authorize(user, existing);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.CourseDraftFiles.Where(f => f.CourseId == id).ExecuteDeleteAsync();
        AddFiles(existing, files, user.UserId());
        existing.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return id;
    }

    /// <summary>The draft's files, when the user may see it (404 otherwise, as if it did not exist).</summary>
    public async Task<CourseFiles> FilesAsync(ClaimsPrincipal user, string courseId)
    {
        await RequireDraftAsync(user, courseId);
        var rows = await db.CourseDraftFiles.AsNoTracking().Where(f => f.CourseId == courseId).ToListAsync();
        return new CourseFiles(rows.Select(r => KeyValuePair.Create(r.Path, r.Content)));
    }

    public async Task<string?> ReadTextAsync(ClaimsPrincipal user, string courseId, string path)
    {
        await RequireDraftAsync(user, courseId);
        var content = await db.CourseDraftFiles.Where(f => f.CourseId == courseId && f.Path == path).Select(f => f.Content).FirstOrDefaultAsync();
        return content is null ? null : Encoding.UTF8.GetString(content);
    }

    /// <summary>Writes one file of the draft (adding it when new).</summary>
    public async Task WriteAsync(ClaimsPrincipal user, string courseId, string path, byte[] content)
    {
        var draft = await RequireDraftAsync(user, courseId);
        if (CourseFiles.PathProblem(path) is { } problem)
        {
            throw LearningException.Invalid($"{path}: {problem}.");
        }

        if (content.Length > CourseFiles.MaxZipBytes)
        {
            throw LearningException.TooLarge($"{path} is larger than {CourseFiles.MaxZipBytes / 1024 / 1024} MB.");
        }

        var row = await db.CourseDraftFiles.FirstOrDefaultAsync(f => f.CourseId == courseId && f.Path == path);
        if (row is null)
        {
            db.CourseDraftFiles.Add(new CourseDraftFile { CourseId = courseId, Path = path, Content = content, UpdatedAt = time.GetUtcNow(), UpdatedById = user.UserId() });
        }
        else
        {
            row.Content = content;
            row.UpdatedAt = time.GetUtcNow();
            row.UpdatedById = user.UserId();
        }

        draft.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync();
    }

    public Task WriteTextAsync(ClaimsPrincipal user, string courseId, string path, string text) =>
        WriteAsync(user, courseId, path, Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")));

    /// <summary>Every diagnostic of the full course checker on the draft, files shown as course-folder paths.</summary>
    public static (IReadOnlyList<Diagnostic> Diagnostics, string Summary, Domain.Courses.Course? Course) Check(CourseFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var folder = files.Materialise();
        var report = CourseChecker.Check(folder.Path);
        return (report.Diagnostics.Select(folder.Relative).ToList(), report.Summary.Replace(folder.Path, "The draft", StringComparison.Ordinal), report.Load.Course);
    }

    /// <summary>The title and unit ids course.yaml declares (read even when the course has errors).</summary>
    public static (string? Title, IReadOnlyList<string> Units) Header(CourseFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files["course.yaml"] is not { } header)
        {
            return (null, []);
        }

        try
        {
            var yaml = new YamlDotNet.RepresentationModel.YamlStream();
            yaml.Load(new StringReader(Encoding.UTF8.GetString(header)));
            if (yaml.Documents.FirstOrDefault()?.RootNode is not YamlDotNet.RepresentationModel.YamlMappingNode root)
            {
                return (null, []);
            }

            var title = root.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("title"), out var t) ? (t as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value : null;
            var units = root.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("units"), out var u) && u is YamlDotNet.RepresentationModel.YamlSequenceNode list
                ? list.Children.OfType<YamlDotNet.RepresentationModel.YamlMappingNode>()
                    .Select(m => m.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("id"), out var id) ? (id as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value : null)
                    .OfType<string>().ToList()
                : [];
            return (title, units);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return (null, []);
        }
    }

    /// <summary>The files of the course's latest published version, or null when it has none.</summary>
    public async Task<CourseFiles?> PublishedFilesAsync(string courseId, int? number = null)
    {
        var zip = await db.PublishedCourseVersions.Where(v => v.CourseId == courseId && (number == null || v.Number == number))
            .OrderByDescending(v => v.Number).Select(v => v.Zip).FirstOrDefaultAsync();
        if (zip is null)
        {
            return null;
        }

        using var stream = new MemoryStream(zip);
        return CourseFiles.FromZip(stream).Files;
    }

    internal async Task<CourseDraft> RequireDraftAsync(ClaimsPrincipal user, string courseId)
    {
        var draft = await db.CourseDrafts.FirstOrDefaultAsync(d => d.CourseId == courseId);
        if (draft is null)
        {
            throw LearningException.NotFound($"There is no draft of '{courseId}'.");
        }

        Authorize(user, draft);
        return draft;
    }

    internal static string RequireId(string? value, string what)
    {
        var id = value?.Trim() ?? string.Empty;
        if (!IdPattern().IsMatch(id))
        {
            throw LearningException.Invalid($"The {what} '{id}' is not valid: use lower-case letters, digits and dashes, starting with a letter.");
        }

        return id;
    }

    private static void Authorize(ClaimsPrincipal user, CourseDraft draft)
    {
        if (draft.OwnerId != user.UserId() && !user.IsInRole(Roles.Admin))
        {
            throw LearningException.NotFound($"There is no draft of '{draft.CourseId}'.");
        }
    }

    private IQueryable<CourseDraft> Visible(ClaimsPrincipal user)
    {
        var userId = user.UserId();
        return user.IsInRole(Roles.Admin) ? db.CourseDrafts : db.CourseDrafts.Where(d => d.OwnerId == userId);
    }

    private async Task AddDraftAsync(ClaimsPrincipal user, string id, CourseFiles files)
    {
        if (await db.CourseDrafts.AnyAsync(d => d.CourseId == id))
        {
            throw LearningException.Conflict($"There is already a draft of '{id}'.");
        }

        var draft = new CourseDraft { CourseId = id, OwnerId = user.UserId(), CreatedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow() };
        AddFiles(draft, files, user.UserId());
        db.CourseDrafts.Add(draft);
        await db.SaveChangesAsync();
    }

    private void AddFiles(CourseDraft draft, CourseFiles files, string userId)
    {
        foreach (var (path, content) in files.All)
        {
            draft.Files.Add(new CourseDraftFile { CourseId = draft.CourseId, Path = path, Content = content, UpdatedAt = time.GetUtcNow(), UpdatedById = userId });
        }
    }

    private static string? TitleOf(byte[]? header) => header is null ? null : HeaderField(header, "title");

    private static string? IdOf(byte[] header) => HeaderField(header, "id") is { } id && IdPattern().IsMatch(id) ? id : null;

    private static string? HeaderField(byte[] header, string name)
    {
        foreach (var line in Encoding.UTF8.GetString(header).ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return line[(name.Length + 1)..].Split(" #")[0].Trim().Trim('"', '\'');
            }
        }

        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
