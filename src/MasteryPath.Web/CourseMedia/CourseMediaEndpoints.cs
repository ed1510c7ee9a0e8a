using MasteryPath.Content.Checking;
using MasteryPath.Content.Markdown;
using MasteryPath.Web.Hardening;
using Microsoft.Net.Http.Headers;

namespace MasteryPath.Web.CourseMedia;

/// <summary>
/// GET /courses/{courseId}/media/{name}: a course's image, streamed from its folder with its content type,
/// <c>nosniff</c>, an ETag (a hash of the bytes) and a short cache lifetime; an SVG gets a policy that lets it run and
/// load nothing. Any name the course does not hold in media/ (other folders, '..', another course's file) is 404.
/// </summary>
public static class CourseMediaEndpoints
{
    /// <summary>The policy of a served SVG: no script, no fetch, nothing from anywhere; inline styles only.</summary>
    public const string SvgPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    /// <summary>How long a browser may use its copy before asking again (then the ETag answers 304).</summary>
    public const string CacheControl = "private, max-age=3600";

    /// <summary>Where the media of <paramref name="courseId"/> are served ('/'-terminated).</summary>
    public static string BasePath(string courseId) => $"/courses/{Uri.EscapeDataString(courseId)}/media/";

    /// <summary>Media links for <paramref name="courseId"/> without image sizes (where the library is not at hand).</summary>
    public static CourseMediaLinks Links(string courseId) => new(BasePath(courseId), new Dictionary<string, MediaSize>());

    /// <summary>Registers <see cref="CourseMediaLibrary"/>.</summary>
    public static IServiceCollection AddCourseMedia(this IServiceCollection services) => CourseMediaLibrary.Add(services);

    public static IEndpointRouteBuilder MapCourseMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet("/courses/{courseId}/media/{name}", (string courseId, string name, HttpContext context, CourseMediaLibrary library) =>
        {
            if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal)
                || library.Find(courseId, name) is not { } file || !File.Exists(file.ReadPath))
            {
                return Results.NotFound();
            }

            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = CacheControl;
            if (file.Kind == MediaKind.Svg)
            {
                context.Items[SecurityHeaders.PolicyItem] = SvgPolicy;
            }

            return Results.File(file.ReadPath, MediaFormats.ContentType(file.Kind), entityTag: new EntityTagHeaderValue($"\"{file.Hash}\""));
        }).WithName("CourseMedia").ExcludeFromDescription();
        return app;
    }
}
