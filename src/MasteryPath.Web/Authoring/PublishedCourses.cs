using System.Collections.Concurrent;
using System.Data.Common;
using MasteryPath.Content.Loading;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Authoring;

/// <summary>
/// The published versions in the database, for the <see cref="CourseCatalog"/>: the stamp is the highest version row
/// id (one indexed query), and each version's course is loaded from its zip once per node and kept.
/// </summary>
public sealed class PublishedCourses(IServiceScopeFactory scopes, ILogger<PublishedCourses> logger) : IPublishedCourseSource
{
    private readonly ConcurrentDictionary<long, Course> _loaded = new();

    public long Stamp()
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
            return db.PublishedCourseVersions.Max(v => (long?)v.Id) ?? 0;
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
        foreach (var id in latest)
        {
            if (_loaded.TryGetValue(id, out var known))
            {
                courses.Add(known);
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

            using var folder = files.Materialise();
            var load = CourseLoader.Load(folder.Path);
            if (load.Course is null)
            {
                logger.LogError("Published course version {VersionId} does not load; it is not served.", id);
                continue;
            }

            courses.Add(_loaded.GetOrAdd(id, load.Course));
        }

        return courses;
    }
}
