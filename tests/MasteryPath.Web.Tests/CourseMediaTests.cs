using System.Net;
using MasteryPath.Content.Markdown;
using MasteryPath.Web.CourseMedia;
using MasteryPath.Web.Hardening;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>
/// GET /courses/{courseId}/media/{name} on the real app, over a courses folder of two courses with media: the right
/// type, nosniff, a locked-down policy for SVG, caching by ETag, and nothing outside a course's own media/ folder.
/// </summary>
public sealed class CourseMediaTests(CourseMediaTests.World world) : IClassFixture<CourseMediaTests.World>
{
    private const string Svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">
          <title>A bar</title>
          <rect width="80" height="40" fill="#4f7cac"/>
        </svg>
        """;

    private static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
        0, 0, 0, 64, 0, 0, 0, 32, 8, 6, 0, 0, 0,
    ];

    /// <summary>The app over a temporary courses folder ('media-one' and 'media-two'), and a signed-in learner.</summary>
    public sealed class World : IAsyncLifetime
    {
        public string Courses { get; } = Directory.CreateTempSubdirectory("masterypath-media.").FullName;

        public MasteryPathAppFactory App { get; private set; } = null!;

        public LearnerClient Learner { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Write("media-one/course.yaml", "id: media-one\ntitle: One\n");
            Write("media-one/media/bar.svg", Svg);
            Write("media-one/media/photo.png", Png);
            Write("media-one/media/notes.txt", "not an image");
            Write("media-one/media/old/inner.svg", Svg);
            Write("media-one/secret.svg", Svg);
            Write("media-two/course.yaml", "id: media-two\ntitle: Two\n");
            Write("media-two/media/other.png", Png);
            App = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite, settings: new Dictionary<string, string> { ["MasteryPath:CoursesPath"] = Courses });
            Learner = await App.SignInAsync("ben@example.com");
        }

        public async Task DisposeAsync()
        {
            Learner.Dispose();
            await App.DisposeAsync();
            Directory.Delete(Courses, recursive: true);
        }

        private void Write(string relative, string text) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text));

        private void Write(string relative, byte[] bytes)
        {
            var path = Path.Combine(Courses, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    private Task<HttpResponseMessage> GetAsync(string path) => world.Learner.Http.GetAsync(new Uri(path, UriKind.Relative));

    [SkippableFact]
    public async Task An_svg_is_served_with_its_type_nosniff_a_policy_that_runs_nothing_and_an_etag()
    {
        using var response = await GetAsync("/courses/media-one/media/bar.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(CourseMediaEndpoints.SvgPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("max-age=", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(Svg, await response.Content.ReadAsStringAsync());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/courses/media-one/media/bar.svg");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        using var notModified = await world.Learner.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [SkippableFact]
    public async Task A_png_is_served_under_the_apps_own_policy()
    {
        using var response = await GetAsync("/courses/media-one/media/photo.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
    }

    [SkippableTheory]
    [InlineData("/courses/media-one/media/..%2Fcourse.yaml")]
    [InlineData("/courses/media-one/media/%2E%2E%2Fsecret.svg")]
    [InlineData("/courses/media-one/media/..%5Csecret.svg")]
    [InlineData("/courses/media-one/media/old%2Finner.svg")]
    [InlineData("/courses/media-one/media/course.yaml")]
    [InlineData("/courses/media-one/media/notes.txt")]
    [InlineData("/courses/media-one/media/nothing.png")]
    [InlineData("/courses/no-such-course/media/bar.svg")]
    [InlineData("/courses/media-one/media/other.png")]
    public async Task Names_outside_the_courses_own_media_folder_are_not_found(string path)
    {
        using var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [SkippableFact]
    public async Task Each_course_serves_its_own_media_only()
    {
        using var own = await GetAsync("/courses/media-two/media/other.png");
        using var through = await GetAsync("/courses/media-two/media/bar.svg");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, through.StatusCode);
    }

    [SkippableFact]
    public async Task A_visitor_who_is_not_signed_in_gets_no_media()
    {
        using var anonymous = world.App.Anonymous();

        using var response = await anonymous.Http.GetAsync(new Uri("/courses/media-one/media/bar.svg", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task An_image_in_rendered_markdown_points_at_the_served_file_with_its_size()
    {
        var links = world.App.Services.GetRequiredService<CourseMediaLibrary>().LinksFor("media-one");

        var html = CourseMarkdown.ToHtml("![A bar](media/bar.svg)", links);
        var src = System.Text.RegularExpressions.Regex.Match(html, "src=\"([^\"]+)\"").Groups[1].Value;
        using var response = await GetAsync(src);

        Assert.Equal("/courses/media-one/media/bar.svg", src);
        Assert.Contains("width=\"120\" height=\"40\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
