using MasteryPath.Content.Loading;
using MasteryPath.Domain.Courses;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Learning;

/// <summary>The courses the app serves, loaded once at start from the courses folder; a course with errors stops the start.</summary>
public sealed class CourseCatalog
{
    private readonly Dictionary<string, Course> _courses;

    public CourseCatalog(IEnumerable<Course> courses)
    {
        _courses = courses.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<Course> Courses => _courses.Values.OrderBy(c => c.Title, StringComparer.Ordinal).ToList();

    public Course? Find(string courseId) => _courses.GetValueOrDefault(courseId);

    public Course Get(string courseId) =>
        Find(courseId) ?? throw LearningException.NotFound($"There is no course '{courseId}'.");

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
}
