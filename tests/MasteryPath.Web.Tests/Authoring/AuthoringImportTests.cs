using System.Net;
using MasteryPath.Web.Authoring;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests.Authoring;

/// <summary>
/// The browser side of the imports (docs/import-export.md): question banks into a draft through its Import page, a
/// draft from a CASE framework, and the images of a published version served to learners.
/// </summary>
public abstract partial class AuthoringTests
{
    private static readonly string ImportFixtures = Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Content.Tests", "Fixtures", "Import");

    private static readonly byte[] OnePixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static async Task<(HttpStatusCode Status, string Page)> ImportAsync(LearnerClient author, string courseId, string skill, params (string Name, byte[] Content)[] files)
    {
        var page = await author.GetPageAsync($"/author/{courseId}/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Html.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent("import"), "_handler" },
            { new StringContent(skill), "Skill" },
        };
        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(content), "banks", name);
        }

        using var response = await author.Http.PostAsync(new Uri($"/author/{courseId}/import", UriKind.Relative), form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Question_banks_go_into_a_draft_with_a_report_of_what_was_kept_and_what_was_not_and_nothing_is_overwritten()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var author = await app.SignInAsync(Author);
        await author.CreateCourseAsync(Course, "Fractions lab");
        await author.AddSkillAsync(Course, "add-fractions", "Add fractions");
        await author.AddTemplateAsync(Course, "add-fractions");
        var before = await app.DraftFilesAsync(Course);

        var (status, page) = await ImportAsync(
            author,
            Course,
            "add-fractions",
            ("fractions.gift", await File.ReadAllBytesAsync(Path.Combine(ImportFixtures, "gift", "fractions.gift"))),
            ("fractions-bank.xml", await File.ReadAllBytesAsync(Path.Combine(ImportFixtures, "moodle", "fractions-bank.xml"))));

        Assert.Equal(HttpStatusCode.OK, status);
        var text = Html.Text(page);
        Assert.Matches(@"Imported [2-9]\d items and [1-9] written tasks", text);
        Assert.Contains("fractions.gift:48", text, StringComparison.Ordinal);
        Assert.Contains("matching", text, StringComparison.Ordinal);
        Assert.DoesNotContain("masterypath-banks", text, StringComparison.Ordinal);
        var after = await app.DraftFilesAsync(Course);
        foreach (var (path, content) in before)
        {
            Assert.Equal(content, after[path]);
        }

        Assert.Contains("items/add-fractions-imported.yaml", after.Keys);
        Assert.Contains(after.Keys, k => k.StartsWith("media/", StringComparison.Ordinal));
        Assert.Contains(after.Keys, k => k.StartsWith("tasks/", StringComparison.Ordinal));
        var files = await app.QueryAsync(db => Task.FromResult(new CourseFiles(db.CourseDraftFiles.Where(f => f.CourseId == Course).AsEnumerable().Select(f => KeyValuePair.Create(f.Path, f.Content)))));
        var check = AuthoringService.Check(files);
        Assert.DoesNotContain(check.Diagnostics, d => d.Severity == Content.Checking.Severity.Error && d.Location.File.StartsWith("items/add-fractions-imported", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_bank_of_no_known_format_or_a_skill_the_draft_lacks_changes_nothing_and_says_why()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var author = await app.SignInAsync(Author);
        await author.CreateCourseAsync(Course, "Fractions lab");
        await author.AddSkillAsync(Course, "add-fractions", "Add fractions");
        var before = await app.DraftFilesAsync(Course);

        var (status, page) = await ImportAsync(author, Course, string.Empty, ("notes.txt", "just some notes"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("not a question bank in a format MasteryPath reads", Html.Text(page), StringComparison.Ordinal);
        Assert.Contains("Imported 0 items", Html.Text(page), StringComparison.Ordinal);

        var (refused, refusal) = await ImportAsync(author, Course, "no-such-skill", ("fractions.gift", await File.ReadAllBytesAsync(Path.Combine(ImportFixtures, "gift", "fractions.gift"))));
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("has no skill 'no-such-skill'", Html.Text(refusal), StringComparison.Ordinal);
        Assert.Equal(before, await app.DraftFilesAsync(Course));

        using var ada = await app.SignInAsync("ada@example.com");
        Assert.Equal("/error/403", AuthorClient.PathOf(await ada.RedirectTargetAsync($"/author/{Course}/import")));
        using var teacher = await app.SignInAsync("teacher@example.com");
        using var other = await teacher.GetAsync($"/author/{Course}/import");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [SkippableFact]
    public async Task A_case_framework_starts_a_draft_whose_skills_keep_their_standards()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var author = await app.SignInAsync(Author);
        var package = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Content.Tests", "Data", "case", "opensalt-what-standards-could-be.json"));

        using var response = await author.UploadAsync("/author", "/forms/author/case", "package", "framework.json", package);

        Assert.Matches("^/author/[a-z0-9-]+\\?created=1$", response.Headers.Location!.OriginalString);
        var courseId = response.Headers.Location!.OriginalString["/author/".Length..response.Headers.Location!.OriginalString.IndexOf('?', StringComparison.Ordinal)];
        var files = await app.DraftFilesAsync(courseId);
        var skills = files.Where(f => f.Key.StartsWith("skills/", StringComparison.Ordinal)).ToList();
        Assert.True(skills.Count > 5, $"{skills.Count} skills");
        Assert.All(skills, s => Assert.Matches(@"standard:\s+identifier: [0-9a-f-]{36}", s.Value));

        using var bad = await author.UploadAsync("/author", "/forms/author/case", "package", "framework.json", "{ not json"u8.ToArray());
        Assert.StartsWith("/author?error=", bad.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_image_of_a_published_lesson_is_served_to_learners_from_the_published_version()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var author = await app.SignInAsync(Author);
        await author.CreateCourseAsync(Course, "Fractions lab");
        await author.AddSkillAsync(Course, "add-fractions", "Add fractions");
        await author.AddTemplateAsync(Course, "add-fractions");
        using (await author.UploadAsync($"/author/{Course}", $"/forms/author/{Course}/media", "file", "bar.png", OnePixelPng))
        {
        }

        await author.SubmitAsync(
            $"/author/{Course}/skill/add-fractions",
            $"/forms/author/{Course}/skills/add-fractions",
            ("title", "Add fractions"),
            ("objective", "Adds fractions with like and unlike denominators."),
            ("unit", "unit-1"),
            ("lesson", "A bar in halves: ![A bar split into two equal halves](media/bar.png)\n\n## Worked example\n\n$\\frac{1}{2} + \\frac{1}{2} = 1$."),
            ("corrective", "Draw both fractions as parts of one bar."),
            ("enrichment", "Add three fractions."));
        var published = await author.PublishAsync(Course);
        Assert.True(published == $"/author/{Course}?published=1", Html.Text(await author.GetPageAsync($"/author/{Course}")));

        using var ada = await app.SignInAsync("ada@example.com");
        using var image = await ada.GetAsync($"/courses/{Course}/media/bar.png");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(OnePixelPng, await image.Content.ReadAsByteArrayAsync());
        Assert.NotNull(app.Services.GetRequiredService<PublishedCourses>().MediaOf(Course));
    }
}
