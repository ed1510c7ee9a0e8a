using System.Security.Claims;
using MasteryPath.Content.Checking;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Authoring;

/// <summary>A skill the new version no longer has, and how many learners have answered on it.</summary>
public sealed record RemovedSkill(string SkillId, int LearnersWithEvidence);

/// <summary>What a publish did: the new version number, or why it was refused.</summary>
public sealed record PublishOutcome(int? Version, IReadOnlyList<Diagnostic> Errors, IReadOnlyList<RemovedSkill> NeedsConfirmation)
{
    public bool Published => Version is not null;
}

/// <summary>A published version as the course page lists it.</summary>
public sealed record VersionSummary(int Number, string PublishedBy, DateTimeOffset PublishedAt, int Bytes);

/// <summary>
/// Publishing a draft: the full course checker must find no error; a skill that learners have evidence on and that the
/// new version drops must be confirmed; then the folder's zip is stored as the next version and served at once.
/// </summary>
public sealed class Publishing(MasteryPathDb db, AuthoringService drafts, CourseCatalog catalog, TimeProvider time)
{
    public async Task<PublishOutcome> PublishAsync(ClaimsPrincipal user, string courseId, bool confirmRemovals)
    {
        var files = await drafts.FilesAsync(user, courseId);
        IReadOnlyList<string> newSkills;
        using (var folder = files.Materialise())
        {
            var report = CourseChecker.Check(folder.Path);
            var errors = report.Diagnostics.Where(d => d.Severity == Severity.Error).Select(folder.Relative).ToList();
            if (errors.Count > 0 || report.Load.Course is not { } course)
            {
                return new PublishOutcome(null, errors, []);
            }

            if (course.Id != courseId)
            {
                return new PublishOutcome(null, [new Diagnostic(Severity.Error, new SourceLocation("course.yaml", 1, 1), "course-id-changed", $"the draft is of '{courseId}' but course.yaml says id '{course.Id}'; start a new course for a new id")], []);
            }

            newSkills = course.Skills.Select(s => s.Id.Value).ToList();
        }

        var removed = await RemovedSkillsAsync(courseId, newSkills);
        if (removed.Count > 0 && !confirmRemovals)
        {
            return new PublishOutcome(null, [], removed);
        }

        var number = (await db.PublishedCourseVersions.Where(v => v.CourseId == courseId).MaxAsync(v => (int?)v.Number) ?? 0) + 1;
        db.PublishedCourseVersions.Add(new PublishedCourseVersion { CourseId = courseId, Number = number, PublishedById = user.UserId(), PublishedAt = time.GetUtcNow(), Zip = files.ToZip() });
        await db.SaveChangesAsync();
        catalog.Refresh();
        return new PublishOutcome(number, [], []);
    }

    public async Task<IReadOnlyList<VersionSummary>> VersionsAsync(ClaimsPrincipal user, string courseId)
    {
        await drafts.RequireDraftAsync(user, courseId);
        var rows = await db.PublishedCourseVersions.Where(v => v.CourseId == courseId).OrderByDescending(v => v.Number)
            .Select(v => new { v.Number, v.PublishedById, v.PublishedAt, Bytes = v.Zip.Length }).ToListAsync();
        var ids = rows.Select(r => r.PublishedById).Distinct().ToList();
        var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        return rows.Select(r => new VersionSummary(r.Number, names.GetValueOrDefault(r.PublishedById, "a removed account"), r.PublishedAt, r.Bytes)).ToList();
    }

    /// <summary>The zip of a published version, when the user may see the course's draft.</summary>
    public async Task<byte[]> VersionZipAsync(ClaimsPrincipal user, string courseId, int number)
    {
        await drafts.RequireDraftAsync(user, courseId);
        return await db.PublishedCourseVersions.Where(v => v.CourseId == courseId && v.Number == number).Select(v => v.Zip).FirstOrDefaultAsync()
            ?? throw LearningException.NotFound($"'{courseId}' has no version {number}.");
    }

    /// <summary>Skills the served course has and the new version drops, with the learners who answered on each.</summary>
    public async Task<IReadOnlyList<RemovedSkill>> RemovedSkillsAsync(string courseId, IReadOnlyList<string> newSkills)
    {
        if (catalog.Find(courseId) is not { } served)
        {
            return [];
        }

        var dropped = served.Skills.Select(s => s.Id.Value).Except(newSkills, StringComparer.Ordinal).ToList();
        if (dropped.Count == 0)
        {
            return [];
        }

        var counts = await db.AnswerEvents.Where(e => e.CourseId == courseId && dropped.Contains(e.SkillId))
            .GroupBy(e => e.SkillId).Select(g => new { SkillId = g.Key, Learners = g.Select(e => e.UserId).Distinct().Count() }).ToListAsync();
        return dropped.Select(id => new RemovedSkill(id, counts.FirstOrDefault(c => c.SkillId == id)?.Learners ?? 0)).Where(r => r.LearnersWithEvidence > 0).ToList();
    }
}
