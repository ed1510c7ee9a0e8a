using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MasteryPath.Web.Authoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests.Authoring;

/// <summary>
/// Authoring in the browser (docs/adr/0032): a draft is a course folder in database rows; skills, prerequisites and
/// templates are added through the pages' forms; a cycle and a course with errors are refused; a published version is
/// served to learners at once and kept; a zip round-trips; only authors, teachers and admins get in.
/// </summary>
public abstract partial class AuthoringTests(TestDatabase database)
{
    private const string Course = "fractions-lab";
    private const string Author = "author@example.com";

    [SkippableFact]
    public async Task An_author_builds_a_course_a_cycle_and_errors_are_refused_and_learners_practise_the_published_version()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var author = await app.SignInAsync(Author);
        Assert.Equal($"/author/{Course}?created=1", await author.CreateCourseAsync(Course, "Fractions lab"));
        await author.AddSkillAsync(Course, "compare-fractions", "Compare fractions");
        Assert.Equal($"/author/{Course}?added=add-fractions#skills", await author.AddSkillAsync(Course, "add-fractions", "Add fractions"));
        await author.AddSkillAsync(Course, "subtract-fractions", "Subtract fractions");

        // Edges: add-fractions needs compare-fractions, subtract-fractions needs add-fractions; closing the loop is refused with the cycle.
        Assert.Equal($"/author/{Course}?edge=added#skills", await author.AddEdgeAsync(Course, "add-fractions", "compare-fractions"));
        await author.AddEdgeAsync(Course, "subtract-fractions", "add-fractions");
        var refused = await author.AddEdgeAsync(Course, "compare-fractions", "subtract-fractions");
        Assert.StartsWith($"/author/{Course}?error=", refused, StringComparison.Ordinal);
        var refusal = Html.Text(await author.GetPageAsync(refused));
        Assert.Contains("compare-fractions -> subtract-fractions -> add-fractions -> compare-fractions", refusal, StringComparison.Ordinal);
        var files = await app.DraftFilesAsync(Course);
        Assert.Contains("prerequisites: [compare-fractions]", files["skills/add-fractions.md"], StringComparison.Ordinal);
        Assert.Contains("prerequisites: []", files["skills/compare-fractions.md"], StringComparison.Ordinal);

        // An edge is removed and added back.
        Assert.Equal($"/author/{Course}?edge=removed#skills", await author.SubmitAsync($"/author/{Course}", $"/forms/author/{Course}/edges/remove", ("skill", "subtract-fractions"), ("prerequisite", "add-fractions")));
        Assert.Contains("prerequisites: []", (await app.DraftFilesAsync(Course))["skills/subtract-fractions.md"], StringComparison.Ordinal);
        await author.AddEdgeAsync(Course, "subtract-fractions", "add-fractions");

        // Publishing without items is refused and every error is listed as file:line.
        Assert.Equal($"/author/{Course}?refused=1#check", await author.PublishAsync(Course));
        var check = Html.Text(await author.GetPageAsync($"/author/{Course}?refused=1"));
        Assert.Contains("Publishing was refused", check, StringComparison.Ordinal);
        Assert.Matches(@"skills/add-fractions\.md:\d+:\d+: error ", check);
        Assert.Equal(0, await app.QueryAsync(db => db.PublishedCourseVersions.CountAsync()));

        // The lesson is edited with math; the page's preview renders it as MathML.
        var saved = await author.SubmitAsync(
            $"/author/{Course}/skill/add-fractions",
            $"/forms/author/{Course}/skills/add-fractions",
            ("title", "Add fractions"),
            ("objective", "Adds fractions with like and unlike denominators."),
            ("unit", "unit-1"),
            ("lesson", "To add $\\frac{1}{2} + \\frac{1}{3}$, use a common denominator."),
            ("corrective", "Draw both fractions as parts of one bar."),
            ("enrichment", "Add three fractions."));
        Assert.Equal($"/author/{Course}/skill/add-fractions?saved=1", saved);
        var skillPage = await author.GetPageAsync(saved);
        Assert.Contains("<math", skillPage, StringComparison.Ordinal);
        Assert.Contains("use a common denominator", Html.Text(skillPage), StringComparison.Ordinal);
        Assert.Contains("# Lesson\n\nTo add $\\frac{1}{2} + \\frac{1}{3}$", (await app.DraftFilesAsync(Course))["skills/add-fractions.md"], StringComparison.Ordinal);

        // A template for each skill from the starter; its page shows five variants with their answers.
        foreach (var skill in new[] { "compare-fractions", "add-fractions", "subtract-fractions" })
        {
            Assert.Equal($"/author/{Course}/items/{skill}-1.yaml?created=1", await author.AddTemplateAsync(Course, skill));
        }

        var itemsPage = Html.Text(await author.GetPageAsync($"/author/{Course}/items/add-fractions-1.yaml"));
        Assert.Contains("No problems in this file.", itemsPage, StringComparison.Ordinal);
        Assert.Equal(Previews.Seeds, Regex.Matches(itemsPage, "Answer: ").Count);

        // Publishing now succeeds; learners get the new course at once.
        Assert.Equal($"/author/{Course}?published=1", await author.PublishAsync(Course));
        var version = await app.QueryAsync(db => db.PublishedCourseVersions.SingleAsync());
        Assert.Equal(1, version.Number);
        Assert.Equal(await app.UserIdAsync(Author), version.PublishedById);
        Assert.Contains("Version 1, by", Html.Text(await author.GetPageAsync($"/author/{Course}")), StringComparison.Ordinal);

        using var ada = await app.SignInAsync("ada@example.com");
        var map = await ada.MapAsync(Course);
        Assert.Equal("Fractions lab", map.Title);
        Assert.Equal(["add-fractions", "compare-fractions", "subtract-fractions"], map.Skills.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["compare-fractions"], map.Skills.Single(s => s.Id == "add-fractions").Prerequisites);
        await ada.SkipPlacementAsync(Course);
        var attempt = await ada.OpenAttemptAsync(Course, "compare-fractions");
        var answered = await ada.AnswerCorrectlyAsync(attempt.AttemptId);
        Assert.True(answered.Attempt.Verdict!.Correct);
        Assert.Single(await app.EventsAsync("ada@example.com", Course), e => e.SkillId == "compare-fractions" && e.Correct);

        // A second publish keeps the first version; learners see the new title.
        var header = (await app.DraftFilesAsync(Course))["course.yaml"].Replace("title: Fractions lab", "title: Fractions workshop", StringComparison.Ordinal);
        await app.QueryAsync(async db =>
        {
            var row = await db.CourseDraftFiles.SingleAsync(f => f.CourseId == Course && f.Path == "course.yaml");
            row.Content = Encoding.UTF8.GetBytes(header);
            return await db.SaveChangesAsync();
        });
        Assert.Equal($"/author/{Course}?published=2", await author.PublishAsync(Course));
        Assert.Equal([1, 2], await app.QueryAsync(db => db.PublishedCourseVersions.OrderBy(v => v.Number).Select(v => v.Number).ToListAsync()));
        Assert.Equal("Fractions workshop", (await ada.MapAsync(Course)).Title);
        using var first = await author.GetAsync($"/author/{Course}/versions/1/download");
        Assert.Contains("title: Fractions lab", AuthorClient.Unzip(await first.Content.ReadAsByteArrayAsync())["course.yaml"], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_item_preview_shows_each_seeds_variant_with_its_right_answer_and_the_files_problems_with_lines()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var author = await app.SignInAsync(Author);
        await author.CreateCourseAsync(Course, "Fractions lab");
        await author.AddSkillAsync(Course, "add-fractions", "Add fractions");
        const string Yaml = """
            skill: add-fractions
            templates:
              - id: add-whole
                kind: numeric
                parameters:
                  a: { range: [2, 90] }
                  b: { range: [2, 90] }
                prompt: 'Add [[a]] and [[b]].'
                answer: "a + b"
                solution: 'It is [[a + b]].'
            """;
        var preview = await author.PostJsonAsync<ItemsPreview>($"/api/author/{Course}/preview/items", new ItemsPreviewRequest("add-fractions-1.yaml", Yaml));
        Assert.Equal(Previews.Seeds, preview.Variants.Count);
        foreach (var variant in preview.Variants)
        {
            var numbers = Regex.Matches(Html.Text(variant.PromptHtml), @"\d+").Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(2, numbers.Count);
            Assert.Equal((numbers[0] + numbers[1]).ToString(System.Globalization.CultureInfo.InvariantCulture), variant.Answer);
        }

        Assert.Equal(Previews.Seeds, preview.Variants.Select(v => v.PromptHtml).Distinct().Count());

        // A broken answer formula: the message names the file and line, and nothing was saved.
        var broken = await author.PostJsonAsync<ItemsPreview>($"/api/author/{Course}/preview/items", new ItemsPreviewRequest("add-fractions-1.yaml", Yaml.Replace("\"a + b\"", "\"a + \"", StringComparison.Ordinal)));
        Assert.Contains(broken.Messages, m => m.StartsWith("items/add-fractions-1.yaml:9:", StringComparison.Ordinal) && m.Contains("error", StringComparison.Ordinal));
        Assert.False((await app.DraftFilesAsync(Course)).ContainsKey("items/add-fractions-1.yaml"));

        var lesson = await author.PostJsonAsync<LessonPreviewDto>($"/api/author/{Course}/preview/lesson", new LessonPreviewRequest("Half of $x^2$ is ![a bar](media/bar.png)"));
        Assert.Contains("<math", lesson.Html, StringComparison.Ordinal);
        Assert.Contains($"/author/{Course}/media/bar.png", lesson.Html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_zip_round_trips_and_a_refused_upload_loses_nothing()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var author = await app.SignInAsync(Author);
        await author.CreateCourseAsync(Course, "Fractions lab");
        await author.AddSkillAsync(Course, "add-fractions", "Add fractions");
        await author.AddTemplateAsync(Course, "add-fractions");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        using (var uploaded = await author.UploadAsync($"/author/{Course}", $"/forms/author/{Course}/media", "file", "bar.png", png))
        {
            Assert.Equal($"/author/{Course}?uploaded=media%2Fbar.png", uploaded.Headers.Location!.OriginalString);
        }

        using (var media = await author.GetAsync($"/author/{Course}/media/bar.png"))
        {
            Assert.Equal("image/png", media.Content.Headers.ContentType!.MediaType);
            Assert.Equal(png, await media.Content.ReadAsByteArrayAsync());
        }

        var before = await app.DraftFilesAsync(Course);
        using var download = await author.GetAsync($"/author/{Course}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var zip = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(before, AuthorClient.Unzip(zip));

        // The draft is changed, then the downloaded zip is uploaded back: the files are those of the zip again.
        await author.AddSkillAsync(Course, "compare-fractions", "Compare fractions");
        using (var back = await author.UploadAsync("/author", "/forms/author/upload", "zip", "course.zip", zip))
        {
            Assert.Equal($"/author/{Course}?uploaded=1", back.Headers.Location!.OriginalString);
        }

        Assert.Equal(before, await app.DraftFilesAsync(Course));

        // A zip with a path out of the folder, and one that is not a zip: refused with the reason, the draft unchanged.
        var hostile = new CourseFiles(AuthorClient.Unzip(zip).Select(f => KeyValuePair.Create(f.Key, Encoding.UTF8.GetBytes(f.Value)))).ToZip();
        using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(hostile), System.IO.Compression.ZipArchiveMode.Read))
        {
            Assert.Contains(archive.Entries, e => e.FullName == "course.yaml");
        }

        var withEscape = AddEntry(hostile, "../outside.md", "# nope");
        using (var refused = await author.UploadAsync("/author", "/forms/author/upload", "zip", "course.zip", withEscape))
        {
            var location = refused.Headers.Location!.OriginalString;
            Assert.StartsWith("/author?error=", location, StringComparison.Ordinal);
            var text = Html.Text(await author.GetPageAsync(location));
            Assert.Contains("../outside.md: '..', '.' and empty parts are not allowed in a path", text, StringComparison.Ordinal);
        }

        using (var notZip = await author.UploadAsync("/author", "/forms/author/upload", "zip", "course.zip", Encoding.UTF8.GetBytes("not a zip")))
        {
            Assert.Contains("not%20a%20zip%20file", notZip.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(before, await app.DraftFilesAsync(Course));
    }

    [SkippableFact]
    public async Task Learners_are_refused_and_an_author_sees_only_their_own_drafts()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var author = await app.SignInAsync(Author);
        await author.CreateCourseAsync(Course, "Fractions lab");

        using var ada = await app.SignInAsync("ada@example.com");
        Assert.Equal("/error/403", AuthorClient.PathOf(await ada.RedirectTargetAsync("/author")));
        Assert.Equal("/error/403", AuthorClient.PathOf(await ada.RedirectTargetAsync($"/author/{Course}")));
        using (var api = await ada.PostJsonAsync($"/api/author/{Course}/preview/lesson", new LessonPreviewRequest("x")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        }

        using (var zip = await ada.GetAsync($"/author/{Course}/download"))
        {
            Assert.NotEqual(HttpStatusCode.OK, zip.StatusCode);
        }

        // A teacher may author, but not someone else's draft: it is not found, and its title is not shown.
        using var teacher = await app.SignInAsync("teacher@example.com");
        Assert.DoesNotContain("Fractions lab", await teacher.GetPageAsync("/author"), StringComparison.Ordinal);
        using (var other = await teacher.GetAsync($"/author/{Course}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var otherZip = await teacher.GetAsync($"/author/{Course}/download"))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherZip.StatusCode);
        }

        // An admin sees every draft.
        using var admin = await app.SignInAsync("admin@example.com");
        Assert.Contains("Fractions lab", await admin.GetPageAsync("/author"), StringComparison.Ordinal);
        Assert.Contains("Fractions lab", await admin.GetPageAsync($"/author/{Course}"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Republishing_without_a_skill_learners_answered_on_needs_a_confirmation_and_keeps_their_answers()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var author = await app.SignInAsync(Author);
        await author.CreateCourseAsync(Course, "Fractions lab");
        foreach (var skill in new[] { "compare-fractions", "add-fractions" })
        {
            await author.AddSkillAsync(Course, skill, skill.Replace('-', ' '));
            await author.AddTemplateAsync(Course, skill);
        }

        Assert.Equal($"/author/{Course}?published=1", await author.PublishAsync(Course));
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Course);
        var attempt = await ada.OpenAttemptAsync(Course, "compare-fractions");
        await ada.AnswerCorrectlyAsync(attempt.AttemptId);
        var keyBefore = (await app.EnrollmentAsync("ada@example.com", Course)).SnapshotKey;

        // The folder is edited outside (a zip without compare-fractions) and uploaded back.
        using var download = await author.GetAsync($"/author/{Course}/download");
        var files = AuthorClient.Unzip(await download.Content.ReadAsByteArrayAsync());
        files.Remove("skills/compare-fractions.md");
        files.Remove("items/compare-fractions-1.yaml");
        var zip = new CourseFiles(files.Select(f => KeyValuePair.Create(f.Key, Encoding.UTF8.GetBytes(f.Value)))).ToZip();
        using (await author.UploadAsync("/author", "/forms/author/upload", "zip", "course.zip", zip))
        {
        }

        // Publishing asks first, naming the skill and how many learners answered on it; nothing is published yet.
        Assert.Equal($"/author/{Course}?confirm=1#publish", await author.PublishAsync(Course));
        var asked = Html.Text(await author.GetPageAsync($"/author/{Course}?confirm=1"));
        Assert.Contains("1 learner has evidence on removed skill compare-fractions", asked, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.PublishedCourseVersions.CountAsync()));
        Assert.Contains("compare-fractions", (await ada.MapAsync(Course)).Skills.Select(s => s.Id));

        // Confirmed: version 2 is served without the skill; Ada's answer stays in the log, and her state is rebuilt for the new graph.
        Assert.Equal($"/author/{Course}?published=2", await author.PublishAsync(Course, confirm: true));
        Assert.Equal(["add-fractions"], (await ada.MapAsync(Course)).Skills.Select(s => s.Id));
        Assert.Single(await app.EventsAsync("ada@example.com", Course), e => e.SkillId == "compare-fractions" && e.Correct);
        var next = await ada.OpenAttemptAsync(Course, "add-fractions");
        Assert.True((await ada.AnswerCorrectlyAsync(next.AttemptId)).Attempt.Verdict!.Correct);
        Assert.NotEqual(keyBefore, (await app.EnrollmentAsync("ada@example.com", Course)).SnapshotKey);
    }

    private static byte[] AddEntry(byte[] zip, string name, string content)
    {
        using var buffer = new MemoryStream();
        buffer.Write(zip);
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry(name).Open());
            writer.Write(content);
        }

        return buffer.ToArray();
    }
}

public sealed class SqliteAuthoringTests() : AuthoringTests(TestDatabase.Sqlite);

public sealed class PostgresAuthoringTests() : AuthoringTests(TestDatabase.Postgres);
