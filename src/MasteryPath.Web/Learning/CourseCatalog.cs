using MasteryPath.Content.Loading;
using MasteryPath.Domain.Courses;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Learning;

/// <summary>Where published versions of courses come from (the authoring area's database rows, docs/adr/0032).</summary>
public interface IPublishedCourseSource
{
    /// <summary>A cheap value that changes whenever a version is published (e.g. the highest version row id).</summary>
    long Stamp();

    /// <summary>The latest published version of every course that has one.</summary>
    IReadOnlyList<Course> LoadLatest();
}

/// <summary>
/// The courses the app serves: the courses folder, loaded once at start (a course with errors stops the start), and
/// the latest published version of each course, which overrides the folder's course of the same id. Published
/// versions are checked for at most every <see cref="RefreshInterval"/>, so every web node serves a newly published
/// version within that time; the node that published refreshes at once.
/// </summary>
public sealed class CourseCatalog
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, Course> _shipped;
    private readonly IPublishedCourseSource? _published;
    private readonly TimeProvider _time;
    private readonly Lock _refreshing = new();
    private Served _served;

    public CourseCatalog(IEnumerable<Course> courses, IPublishedCourseSource? published = null, TimeProvider? time = null)
    {
        _shipped = courses.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _published = published;
        _time = time ?? TimeProvider.System;
        _served = new Served(_shipped, long.MinValue, DateTimeOffset.MinValue);
    }

    public IReadOnlyCollection<Course> Courses => Current().Values.OrderBy(c => c.Title, StringComparer.Ordinal).ToList();

    public Course? Find(string courseId) => Current().GetValueOrDefault(courseId);

    public Course Get(string courseId) =>
        Find(courseId) ?? throw LearningException.NotFound($"There is no course '{courseId}'.");

    /// <summary>Reads the published versions again now (after this node published one).</summary>
    public void Refresh()
    {
        if (_published is null)
        {
            return;
        }

        lock (_refreshing)
        {
            _served = _served with { CheckedAt = DateTimeOffset.MinValue, Stamp = long.MinValue };
            ReloadIfStale();
        }
    }

    private Dictionary<string, Course> Current()
    {
        var served = _served;
        if (_published is null || _time.GetUtcNow() - served.CheckedAt < RefreshInterval)
        {
            return served.Courses;
        }

        // One request refreshes; once the published versions were read, the others serve what they have meanwhile
        // instead of blocking their threads (and the pooled connections they may hold) while it waits for a
        // connection of its own. Before the first read they wait: a course that exists only as a published version
        // must not be reported missing.
        var neverRead = served.Stamp == long.MinValue;
        if (neverRead)
        {
            _refreshing.Enter();
        }
        else if (!_refreshing.TryEnter())
        {
            return served.Courses;
        }

        try
        {
            return ReloadIfStale();
        }
        finally
        {
            _refreshing.Exit();
        }
    }

    private Dictionary<string, Course> ReloadIfStale()
    {
        var served = _served;
        var now = _time.GetUtcNow();
        if (now - served.CheckedAt < RefreshInterval)
        {
            return served.Courses;
        }

        var stamp = _published!.Stamp();
        if (stamp == served.Stamp)
        {
            _served = served with { CheckedAt = now };
            return served.Courses;
        }

        var courses = new Dictionary<string, Course>(_shipped, StringComparer.Ordinal);
        foreach (var course in _published.LoadLatest())
        {
            courses[course.Id] = course;
        }

        _served = new Served(courses, stamp, now);
        return courses;
    }

    /// <summary>The same shipped courses, overridden by the published versions of <paramref name="published"/>.</summary>
    public CourseCatalog WithPublished(IPublishedCourseSource published, TimeProvider time) => new(_shipped.Values, published, time);

    public static CourseCatalog Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"The courses folder '{folder}' does not exist. Set MasteryPath:CoursesPath.");
        }

        var courses = new List<Course>();
        foreach (var courseFolder in Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, "course.yaml"))).Order(StringComparer.Ordinal))
        {
            var result = CourseLoader.Load(courseFolder);
            if (result.HasErrors || result.Course is null)
            {
                var errors = string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == Content.Checking.Severity.Error).Take(20));
                throw new InvalidOperationException($"The course in '{courseFolder}' has errors (run `masterypath course check`):{Environment.NewLine}{errors}");
            }

            courses.Add(result.Course);
        }

        if (courses.Count == 0)
        {
            throw new InvalidOperationException($"No course folders (with a course.yaml) were found in '{folder}'.");
        }

        return new CourseCatalog(courses);
    }

    /// <summary>The configured folder, or the nearest <c>courses</c> folder above the content root or the app's folder.</summary>
    public static string ResolveFolder(IOptions<MasteryPathOptions> options, IWebHostEnvironment environment)
    {
        var configured = options.Value.CoursesPath;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, environment.ContentRootPath);
        }

        foreach (var start in new[] { environment.ContentRootPath, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "courses");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("No 'courses' folder was found above the app; set MasteryPath:CoursesPath.");
    }

    private sealed record Served(Dictionary<string, Course> Courses, long Stamp, DateTimeOffset CheckedAt);
}
