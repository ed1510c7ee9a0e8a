using MasteryPath.Content.Checking;
using MasteryPath.Content.Markdown;
using MasteryPath.Web.Learning;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.CourseMedia;

/// <summary>
/// The media files of the courses the app serves, listed once at start from the same courses folder as
/// <see cref="CourseCatalog"/> (as the loader lists them: never through a link out of a course folder). Only files
/// directly in a course's media/ folder, of a type the checker accepts, are known; nothing else can be served.
/// </summary>
public sealed class CourseMediaLibrary
{
    private readonly IPublishedMedia? _published;
    private readonly Dictionary<string, Dictionary<string, CourseMediaFile>> _byCourse;
    private readonly Dictionary<string, CourseMediaLinks> _links;

    public CourseMediaLibrary(IEnumerable<CourseMediaFolder> courses, IPublishedMedia? published = null)
    {
        _published = published;
        _byCourse = courses
            .Where(c => c.CourseId is not null)
            .DistinctBy(c => c.CourseId, StringComparer.Ordinal)
            .ToDictionary(c => c.CourseId!, c => c.Files.ToDictionary(f => f.Name, StringComparer.Ordinal), StringComparer.Ordinal);
        _links = _byCourse.ToDictionary(
            c => c.Key,
            c => new CourseMediaLinks(CourseMediaEndpoints.BasePath(c.Key), c.Value.Values.Where(f => f.Size is not null).ToDictionary(f => f.Name, f => f.Size!, StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    /// <summary>The media file <paramref name="name"/> of course <paramref name="courseId"/>, or null when the course holds no such file.</summary>
    public CourseMediaFile? Find(string courseId, string name)
    {
        if (_published?.MediaOf(courseId) is { } published)
        {
            return published.Files.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        }

        return _byCourse.TryGetValue(courseId, out var files) && files.TryGetValue(name, out var file) ? file : null;
    }

    /// <summary>How to link the media of <paramref name="courseId"/> when rendering its Markdown (with image sizes).</summary>
    public CourseMediaLinks LinksFor(string courseId)
    {
        if (_published?.MediaOf(courseId) is { } published)
        {
            return new CourseMediaLinks(CourseMediaEndpoints.BasePath(courseId), published.Files.Where(f => f.Size is not null).ToDictionary(f => f.Name, f => f.Size!, StringComparer.Ordinal));
        }

        return _links.GetValueOrDefault(courseId) ?? CourseMediaEndpoints.Links(courseId);
    }

    /// <summary>Reads every course folder (with a course.yaml) in <paramref name="coursesFolder"/>.</summary>
    public static CourseMediaLibrary Load(string coursesFolder, IPublishedMedia? published = null) =>
        new(
            Directory.GetDirectories(coursesFolder)
                .Where(d => File.Exists(Path.Combine(d, "course.yaml")))
                .Order(StringComparer.Ordinal)
                .Select(CourseMediaFolder.Read),
            published);

    /// <summary>Registers the library, read from the courses folder the app is configured with.</summary>
    public static IServiceCollection Add(IServiceCollection services) =>
        services.AddSingleton(sp => Load(CourseCatalog.ResolveFolder(sp.GetRequiredService<IOptions<MasteryPathOptions>>(), sp.GetRequiredService<IWebHostEnvironment>()), sp.GetService<IPublishedMedia>()));
}
