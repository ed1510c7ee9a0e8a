using System.Collections.Concurrent;
using System.Data.Common;
using MasteryPath.Content.Checking;
using MasteryPath.Content.Loading;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Web.CourseMedia;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Authoring;

/// <summary>
/// The published versions in the database, for the <see cref="CourseCatalog"/>: the stamp is the highest version row
/// id (one indexed query), and each version's course is loaded from its zip once per node and kept. Its files stay
/// unpacked in a folder of this process, so the media endpoint serves the images of the version learners see.
/// </summary>
public sealed class PublishedCourses(IServiceScopeFactory scopes, ILogger<PublishedCourses> logger) : IPublishedCourseSource, IPublishedMedia
{
    private static readonly string Unpacked = Path.Combine(Path.GetTempPath(), "masterypath-published", $"{Environment.ProcessId}-{Guid.NewGuid():N}");

    private readonly ConcurrentDictionary<long, Course> _loaded = new();
    private readonly ConcurrentDictionary<long, CourseMediaFolder> _media = new();
    private volatile Dictionary<string, long> _latest = new(StringComparer.Ordinal);
    private volatile bool _migrated;

    public CourseMediaFolder? MediaOf(string courseId) =>
        _latest.TryGetValue(courseId, out var version) && _media.TryGetValue(version, out var media) ? media : null;

    public long Stamp()
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
            // Until the migrations are applied (first start, a node waiting for `migrate`) there is no table to ask;
            // querying it anyway made EF log a failed command on every fresh start.
            _migrated = _migrated || !db.Database.GetPendingMigrations().Any();
            return _migrated ? db.PublishedCourseVersions.Max(v => (long?)v.Id) ?? 0 : -1;
        }
        catch (DbException ex)
        {
            // Before the database is migrated (the CLI's migrate, a node started with MigrateOnStart off) there are no versions yet.
            logger.LogWarning(ex, "The published course versions could not be read; serving the courses folder only.");
            return -1;
        }
    }

    public IReadOnlyList<Course> LoadLatest()
    {
        if (!_migrated)
        {
            return [];
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        List<long> latest;
        try
        {
            latest = db.PublishedCourseVersions.GroupBy(v => v.CourseId).Select(g => g.Max(v => v.Id)).ToList();
        }
        catch (DbException)
        {
            return [];
        }

        var courses = new List<Course>();
        var latestByCourse = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var id in latest)
        {
            if (_loaded.TryGetValue(id, out var known))
            {
                courses.Add(known);
                latestByCourse[known.Id] = id;
                continue;
            }

            var zip = db.PublishedCourseVersions.AsNoTracking().Where(v => v.Id == id).Select(v => v.Zip).Single();
            using var stream = new MemoryStream(zip);
            var files = CourseFiles.FromZip(stream).Files;
            if (files is null)
            {
                logger.LogError("Published course version {VersionId} is not a readable course zip; it is not served.", id);
                continue;
            }

            var folder = Path.Combine(Unpacked, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            files.WriteTo(folder);
            var load = CourseLoader.Load(folder);
            if (load.Course is null)
            {
                logger.LogError("Published course version {VersionId} does not load; it is not served.", id);
                continue;
            }

            _media.TryAdd(id, CourseMediaFolder.Read(folder));
            var course = _loaded.GetOrAdd(id, load.Course);
            courses.Add(course);
            latestByCourse[course.Id] = id;
        }

        _latest = latestByCourse;
        return courses;
    }
}
