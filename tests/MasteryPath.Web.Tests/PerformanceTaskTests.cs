using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.PerformanceTasks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>Rubric-scored performance tasks: handing in versions, refusals, scoring, mastery, who may see the files.</summary>
public abstract class PerformanceTaskTests(TestDatabase database)
{
    private const string Writing = "argument-writing";
    private const string Paragraph = "argumentative-paragraph";
    private const string Ada = "ada@example.com";
    private const string Ben = "ben@example.com";
    private const string Teacher = "teacher@example.com";

    private static readonly string[] ParagraphSkills = ["arguable-claims", "relevant-evidence", "explaining-reasoning", "transitions-cohesion"];

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    [SkippableFact]
    public async Task A_learner_hands_in_typed_work_on_the_task_page_and_sees_it_as_version_1_awaiting_scoring()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);

        var projects = Html.Text(await ada.GetPageAsync($"/courses/{Writing}/tasks"));
        Assert.Contains("Write an argumentative paragraph", projects, StringComparison.Ordinal);
        Assert.Contains("Choose relevant evidence", projects, StringComparison.Ordinal);
        Assert.Contains("Not started", projects, StringComparison.Ordinal);

        using var response = await SubmitOnPageAsync(ada, Paragraph, "Our school should start classes at 9:00. [C]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = new Uri(new Uri("http://localhost"), response.Headers.Location!);
        Assert.Equal($"/courses/{Writing}/tasks/{Paragraph}?submitted=1#versions", target.PathAndQuery + target.Fragment);
        var page = Html.Text(await ada.GetPageAsync($"/courses/{Writing}/tasks/{Paragraph}?submitted=1"));
        Assert.Contains("Version 1 handed in", page, StringComparison.Ordinal);
        Assert.Contains("Version 1 awaiting scoring", page, StringComparison.Ordinal);
        Assert.Contains("Our school should start classes at 9:00. [C]", page, StringComparison.Ordinal);

        var versions = await ada.GetJsonAsync<List<SubmissionDto>>($"/api/courses/{Writing}/tasks/{Paragraph}/submissions");
        var only = Assert.Single(versions);
        Assert.Equal((1, "Submitted", "Our school should start classes at 9:00. [C]"), (only.Version, only.Status, only.Text));
        var tasks = await ada.GetJsonAsync<List<TaskDto>>($"/api/courses/{Writing}/tasks");
        Assert.Equal(3, tasks.Count);
        var paragraph = tasks.Single(t => t.Id == Paragraph);
        Assert.Equal(ParagraphSkills, paragraph.Skills);
        Assert.Equal(("Submitted", false), (paragraph.Latest?.Status, paragraph.CanSubmit));
    }

    [SkippableFact]
    public async Task A_file_of_another_type_too_large_or_unlike_its_name_is_refused_with_its_message_the_text_kept_and_nothing_stored()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        const string Typed = "My claim is that phones should be allowed at lunch";
        var tooLarge = new byte[(10 * 1024 * 1024) + 1];
        Png.CopyTo(tooLarge, 0);
        var refusals = new (string Name, byte[] Content, string Message)[]
        {
            ("homework.exe", [0x4D, 0x5A, 0x90, 0x00], "is a .exe file; this task takes .pdf, .docx, .png, .jpg files"),
            ("essay.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03], "does not look like a PDF inside"),
            ("essay.docx", Zip(("notes.txt", "not a Word document")), "does not look like a Word document"),
            ("photo.png", tooLarge, "this task takes files up to 10 MB"),
            ("empty.pdf", [], "The file is empty"),
        };

        foreach (var (name, content, message) in refusals)
        {
            using var response = await SubmitOnPageAsync(ada, Paragraph, Typed, (name, content));

            var status = name == "photo.png" ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest;
            Assert.True(response.StatusCode == status, $"{name}: {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(message, Html.Text(html), StringComparison.Ordinal);
            Assert.Contains($">{Typed}</textarea>", html, StringComparison.Ordinal);

            using var api = await SubmitByApiAsync(ada, Paragraph, Typed, (name, content));
            var problem = await AssertProblemAsync(api, status);
            Assert.Contains(message, problem, StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.QueryAsync(db => db.TaskSubmissions.CountAsync()));
        Assert.Empty(UploadedFiles(app));
        using var accepted = await SubmitOnPageAsync(ada, Paragraph, Typed, ("essay.docx", Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"))));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Single(UploadedFiles(app));
    }

    [SkippableFact]
    public async Task Work_below_the_bar_is_sent_back_a_revision_that_meets_it_is_accepted_and_masters_the_skills_and_every_version_is_kept()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        using var teacher = await app.SignInAsync(Teacher);
        var classId = await PeriodOneAsync(app);
        using (var first = await SubmitOnPageAsync(ada, Paragraph, "Phones should be allowed at lunch.", ("draft.pdf", Pdf)))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        var v1 = await SubmissionAsync(app, Ada, 1);
        var queue = Html.Text(await teacher.GetPageAsync($"/teach/classes/{classId}/submissions"));
        Assert.Contains("Awaiting scoring (1)", queue, StringComparison.Ordinal);
        Assert.Contains("Ada", queue, StringComparison.Ordinal);

        using (var returned = await teacher.SubmitFormAsync(
            $"/teach/classes/{classId}/submissions/{v1.Id}",
            $"/forms/teach/classes/{classId}/submissions/{v1.Id}/score",
            ("score.claim", "3"),
            ("score.evidence", "2"),
            ("score.reasoning", "3"),
            ("score.cohesion", "2"),
            ("comment", "Name a second source and connect your sentences.")))
        {
            Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
            Assert.Equal($"/teach/classes/{classId}/submissions?scored={v1.Id}", returned.Headers.Location?.OriginalString);
        }

        Assert.Contains("was sent back for revision", Html.Text(await teacher.GetPageAsync($"/teach/classes/{classId}/submissions?scored={v1.Id}")), StringComparison.Ordinal);
        Assert.Equal(SubmissionStatus.Returned, (await SubmissionAsync(app, Ada, 1)).Status);
        Assert.DoesNotContain(await app.EventsAsync(Ada, Writing), e => e.Kind == EvidenceKind.Assessed);
        var revise = Html.Text(await ada.GetPageAsync($"/courses/{Writing}/tasks/{Paragraph}"));
        Assert.Contains("Version 1 sent back for revision", revise, StringComparison.Ordinal);
        Assert.Contains("To revise: Relevant evidence, Transitions and cohesion.", revise, StringComparison.Ordinal);
        Assert.Contains("Name a second source and connect your sentences.", revise, StringComparison.Ordinal);
        Assert.Contains("Hand in version 2", revise, StringComparison.Ordinal);
        var afterReturn = Assert.Single(await ada.GetJsonAsync<List<SubmissionDto>>($"/api/courses/{Writing}/tasks/{Paragraph}/submissions"));
        Assert.Equal(new[] { "evidence", "cohesion" }, afterReturn.BelowBar);

        using (var second = await SubmitByApiAsync(ada, Paragraph, "Phones should be allowed at lunch. According to a 2024 district survey, ...", null))
        {
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
            Assert.Equal(2, (await second.Content.ReadFromJsonAsync<SubmissionDto>())!.Version);
        }

        using (var third = await SubmitByApiAsync(ada, Paragraph, "one more", null))
        {
            Assert.Contains("waiting for your teacher's scoring", await AssertProblemAsync(third, HttpStatusCode.Conflict), StringComparison.Ordinal);
        }

        var v2 = await SubmissionAsync(app, Ada, 2);
        using (var stale = await teacher.PostJsonAsync($"/api/teach/submissions/{v1.Id}/score", new { scores = AllAt(3) }))
        {
            await AssertProblemAsync(stale, HttpStatusCode.Conflict);
        }

        using (var partial = await teacher.PostJsonAsync($"/api/teach/submissions/{v2.Id}/score", new { scores = new Dictionary<string, int> { ["claim"] = 4 } }))
        {
            Assert.Contains("Score every criterion", await AssertProblemAsync(partial, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        var accepted = await teacher.PostJsonAsync<SubmissionDto>($"/api/teach/submissions/{v2.Id}/score", new { scores = AllAt(3), comment = "Clear and well sourced." });

        Assert.Equal(("Accepted", 2), (accepted.Status, accepted.Version));
        var assessed = (await app.EventsAsync(Ada, Writing)).Where(e => e.Kind == EvidenceKind.Assessed).ToList();
        Assert.Equal(ParagraphSkills.Order(), assessed.Select(e => e.SkillId).Order());
        Assert.All(assessed, e => Assert.True(e.Correct));
        Assert.All(assessed, e => Assert.StartsWith($"assessed-{v2.Id}:", e.EventId, StringComparison.Ordinal));
        var map = await ada.MapAsync(Writing);
        Assert.All(ParagraphSkills, skill => Assert.Equal("Mastered", map.Skills.Single(s => s.Id == skill).State));
        var versions = await ada.GetJsonAsync<List<SubmissionDto>>($"/api/courses/{Writing}/tasks/{Paragraph}/submissions");
        Assert.Equal(new[] { (1, "Returned"), (2, "Accepted") }, versions.Select(v => (v.Version, v.Status)));
        Assert.Equal("draft.pdf", versions[0].FileName);
        using (var oldFile = await ada.GetAsync(versions[0].FileUrl!))
        {
            Assert.Equal(HttpStatusCode.OK, oldFile.StatusCode);
            Assert.Equal(Pdf, await oldFile.Content.ReadAsByteArrayAsync());
        }

        var audit = await app.QueryAsync(db => db.AuditLog.AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(new[] { "task-returned", "task-accepted" }, audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((classId, Writing), (a.ClassId!.Value, a.CourseId)));

        using (var again = await teacher.PostJsonAsync($"/api/teach/submissions/{v2.Id}/score", new { scores = AllAt(1) }))
        {
            Assert.Contains("already accepted", await AssertProblemAsync(again, HttpStatusCode.Conflict), StringComparison.Ordinal);
        }

        using (var done = await SubmitByApiAsync(ada, Paragraph, "a third version", null))
        {
            Assert.Contains("was accepted", await AssertProblemAsync(done, HttpStatusCode.Conflict), StringComparison.Ordinal);
        }

        Assert.Equal("Mastered", (await ada.SkillAsync(Writing, "relevant-evidence")).State);
    }

    [SkippableFact]
    public async Task A_file_is_stored_under_a_random_name_and_only_its_learner_their_teacher_and_an_admin_may_download_it()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        using var ben = await app.SignInAsync(Ben);
        using var teacher = await app.SignInAsync(Teacher);
        using var admin = await app.SignInAsync("admin@example.com");
        await CreateTeacherAsync(app, "other.teacher@example.com");
        using var otherTeacher = await app.SignInAsync("other.teacher@example.com");
        using (var response = await SubmitOnPageAsync(ada, Paragraph, null, ("my photo.png", Png)))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var submission = await SubmissionAsync(app, Ada, 1);
        var stored = Assert.Single(UploadedFiles(app));
        Assert.Equal(submission.StoredFileName, Path.GetFileName(stored));
        Assert.DoesNotContain("photo", stored, StringComparison.Ordinal);
        Assert.Equal(("my photo.png", "image/png", (long)Png.Length), (submission.FileName, submission.ContentType, submission.FileSize));

        foreach (var allowed in new[] { ada, teacher, admin })
        {
            foreach (var url in new[] { $"/submissions/{submission.Id}/file", $"/api/submissions/{submission.Id}/file" })
            {
                using var file = await allowed.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, file.StatusCode);
                Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
                Assert.Equal("my photo.png", file.Content.Headers.ContentDisposition?.FileNameStar);
                Assert.Equal("image/png", file.Content.Headers.ContentType?.MediaType);
                Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
                Assert.Equal(Png, await file.Content.ReadAsByteArrayAsync());
            }
        }

        var classId = await PeriodOneAsync(app);
        foreach (var refused in new[] { ben, otherTeacher })
        {
            using (var page = await refused.GetAsync($"/submissions/{submission.Id}/file"))
            {
                Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            }

            using var api = await refused.GetAsync($"/api/submissions/{submission.Id}/file");
            await AssertProblemAsync(api, HttpStatusCode.NotFound);
        }

        using (var queue = await otherTeacher.GetAsync($"/api/teach/classes/{classId}/submissions"))
        {
            await AssertProblemAsync(queue, HttpStatusCode.NotFound);
        }

        using (var score = await otherTeacher.PostJsonAsync($"/api/teach/submissions/{submission.Id}/score", new { scores = AllAt(4) }))
        {
            await AssertProblemAsync(score, HttpStatusCode.NotFound);
        }

        using (var page = await otherTeacher.GetAsync($"/teach/classes/{classId}/submissions/{submission.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }

        Assert.Equal(SubmissionStatus.Submitted, (await SubmissionAsync(app, Ada, 1)).Status);
    }

    [SkippableFact]
    public async Task A_learner_may_not_score_work_nor_see_a_class_queue()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        using var ben = await app.SignInAsync(Ben);
        var classId = await PeriodOneAsync(app);
        using (var response = await SubmitByApiAsync(ada, Paragraph, "Phones should be allowed at lunch.", null))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var submission = await SubmissionAsync(app, Ada, 1);
        foreach (var learner in new[] { ada, ben })
        {
            using (var score = await learner.PostJsonAsync($"/api/teach/submissions/{submission.Id}/score", new { scores = AllAt(4) }))
            {
                await AssertProblemAsync(score, HttpStatusCode.Forbidden);
            }

            using (var queue = await learner.GetAsync($"/api/teach/classes/{classId}/submissions"))
            {
                await AssertProblemAsync(queue, HttpStatusCode.Forbidden);
            }

            var token = Html.AntiforgeryToken(await learner.GetPageAsync($"/courses/{Writing}/tasks"));
            using var form = await learner.PostFormAsync($"/forms/teach/classes/{classId}/submissions/{submission.Id}/score", token, ("score.claim", "4"), ("score.evidence", "4"), ("score.reasoning", "4"), ("score.cohesion", "4"));
            Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
            Assert.StartsWith("/error/403", new Uri(new Uri("http://localhost"), form.Headers.Location!).PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(SubmissionStatus.Submitted, (await SubmissionAsync(app, Ada, 1)).Status);
        Assert.DoesNotContain(await app.EventsAsync(Ada, Writing), e => e.Kind == EvidenceKind.Assessed);
    }

    private static Dictionary<string, int> AllAt(int score) =>
        new() { ["claim"] = score, ["evidence"] = score, ["reasoning"] = score, ["cohesion"] = score };

    /// <summary>Posts the task page's own submission form as a browser would (multipart, with the form's handler name).</summary>
    private static async Task<HttpResponseMessage> SubmitOnPageAsync(LearnerClient learner, string taskId, string? text, (string Name, byte[] Content)? file = null)
    {
        var url = $"/courses/{Writing}/tasks/{taskId}";
        var page = await learner.GetPageAsync(url);
        Assert.Contains("name=\"_handler\" value=\"submission\"", page, StringComparison.Ordinal);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("submission"), "_handler" },
            { new StringContent(Html.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(text ?? string.Empty), "Text" },
        };
        if (file is { } f)
        {
            form.Add(new ByteArrayContent(f.Content), "file", f.Name);
        }

        return await learner.Http.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    private static async Task<HttpResponseMessage> SubmitByApiAsync(LearnerClient learner, string taskId, string? text, (string Name, byte[] Content)? file)
    {
        using var form = new MultipartFormDataContent();
        if (text is not null)
        {
            form.Add(new StringContent(text), "text");
        }

        if (file is { } f)
        {
            form.Add(new ByteArrayContent(f.Content), "file", f.Name);
        }

        return await learner.Http.PostAsync(new Uri($"/api/courses/{Writing}/tasks/{taskId}/submissions", UriKind.Relative), form);
    }

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}, expected {(int)status}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty : string.Empty;
    }

    private static Task<long> PeriodOneAsync(MasteryPathAppFactory app) =>
        app.QueryAsync(db => db.Classes.Where(c => c.Name == "Period 1").Select(c => c.Id).SingleAsync());

    private static async Task<TaskSubmission> SubmissionAsync(MasteryPathAppFactory app, string email, int version)
    {
        var userId = await app.UserIdAsync(email);
        return await app.QueryAsync(db => db.TaskSubmissions.AsNoTracking().SingleAsync(s => s.UserId == userId && s.TaskId == Paragraph && s.Version == version));
    }

    private static IReadOnlyList<string> UploadedFiles(MasteryPathAppFactory app)
    {
        var folder = app.Services.GetRequiredService<UploadStore>().Folder;
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }

    private static async Task CreateTeacherAsync(MasteryPathAppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Other Teacher", CreatedAt = app.Time.GetUtcNow() };
        Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Teacher)).Succeeded);
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }
}

public sealed class SqlitePerformanceTaskTests() : PerformanceTaskTests(TestDatabase.Sqlite);

public sealed class PostgresPerformanceTaskTests() : PerformanceTaskTests(TestDatabase.Postgres);
