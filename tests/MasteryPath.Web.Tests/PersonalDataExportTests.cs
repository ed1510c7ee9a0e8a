using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>A learner's right of access: the zip holds all of her data, exactly, and nobody else's.</summary>
public abstract class PersonalDataExportTests(TestDatabase database)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    [SkippableFact]
    public async Task A_learners_export_holds_her_answers_work_ratings_named_survey_answers_and_decisions_and_nobody_elses()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync("ada@example.com");
        using var ben = await app.SignInAsync("ben@example.com");
        using var teacher = await app.SignInAsync("teacher@example.com");
        var period1 = await app.QueryAsync(db => db.Classes.Where(c => c.Name == "Period 1").Select(c => c.Id).SingleAsync());
        var adaId = await app.UserIdAsync("ada@example.com");

        await ada.SkipPlacementAsync("algebra-1");
        await ben.SkipPlacementAsync("algebra-1");
        var first = await ada.OpenAttemptAsync("algebra-1", "place-value");
        await ada.AnswerCorrectlyAsync(first.AttemptId);
        var second = await ada.OpenAttemptAsync("algebra-1", "place-value");
        await ada.AnswerWronglyAsync(second.AttemptId);
        var bens = await ben.OpenAttemptAsync("algebra-1", "place-value");
        await ben.AnswerCorrectlyAsync(bens.AttemptId);
        using (var rated = await ada.Http.PutAsJsonAsync(new Uri("/api/courses/algebra-1/skills/place-value/rating", UriKind.Relative), new { rating = 4, comment = "Ada's rating: clear." }))
        {
            Assert.True(rated.IsSuccessStatusCode, $"{(int)rated.StatusCode}");
        }

        using (var work = new MultipartFormDataContent { { new StringContent("Ada's paragraph about school hours."), "text" }, { new ByteArrayContent(Png), "file", "ada-work.png" } })
        using (var handedIn = await ada.Http.PostAsync(new Uri("/api/courses/argument-writing/tasks/argumentative-paragraph/submissions", UriKind.Relative), work))
        {
            Assert.Equal(HttpStatusCode.Created, handedIn.StatusCode);
        }

        var survey = await teacher.SendJsonAsync<SurveySummaryDto>(HttpMethod.Post, $"/api/teach/classes/{period1}/surveys", new { title = "Named check-in", anonymous = false, questions = new[] { new { kind = "likert", text = "Clear?" } } }, HttpStatusCode.Created);
        using (var answered = await ada.PostJsonAsync($"/api/surveys/{survey.Id}/responses", new { answers = new Dictionary<string, string> { ["q1"] = "5" } }))
        {
            Assert.True(answered.IsSuccessStatusCode, $"{(int)answered.StatusCode}");
        }

        using (var overridden = await teacher.PostJsonAsync($"/api/teach/classes/{period1}/learners/{adaId}/override", new { course = "algebra-1", skill = "place-value", mastered = true, reason = "Explained it at the board" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, overridden.StatusCode);
        }

        using var response = await ada.GetAsync("/account/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("masterypath-data-ada_example.com-", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var files = await ReadZipAsync(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(adaId, Json(files, "account.json").GetProperty("id").GetString());
        var events = Json(files, "answer-events.json").EnumerateArray().ToList();
        Assert.Equal(await app.QueryAsync(db => db.AnswerEvents.CountAsync(e => e.UserId == adaId)), events.Count);
        Assert.All(events, e => Assert.Equal(adaId, e.GetProperty("userId").GetString()));
        var questions = Json(files, "questions.json").EnumerateArray().Select(q => q.GetProperty("id").GetString()).ToList();
        Assert.Contains(first.AttemptId, questions);
        Assert.Contains(second.AttemptId, questions);
        Assert.DoesNotContain(bens.AttemptId, questions);
        Assert.Equal("Ada's rating: clear.", Assert.Single(Json(files, "lesson-ratings.json").EnumerateArray()).GetProperty("comment").GetString());
        var submission = Assert.Single(Json(files, "submissions.json").EnumerateArray());
        Assert.Equal("Ada's paragraph about school hours.", submission.GetProperty("text").GetString());
        Assert.Equal(Png, files[submission.GetProperty("file").GetString()!]);
        Assert.Equal("Named check-in", Assert.Single(Json(files, "survey-answers.json").EnumerateArray()).GetProperty("survey").GetString());
        Assert.Contains(Json(files, "decisions-about-me.json").EnumerateArray(), d => d.GetProperty("reason").GetString() == "Explained it at the board" && d.GetProperty("by").GetString() == "Tess Teacher");
        Assert.Contains("answer-events.json", System.Text.Encoding.UTF8.GetString(files["README.txt"]), StringComparison.Ordinal);
        var everything = string.Concat(files.Values.Select(v => System.Text.Encoding.UTF8.GetString(v)));
        Assert.DoesNotContain("ben@example.com", everything, StringComparison.Ordinal);

        // An admin gets the same files for a request made at the school; a teacher may not.
        using var admin = await app.SignInAsync("admin@example.com");
        using var byAdmin = await admin.GetAsync($"/api/admin/users/{adaId}/export");
        Assert.Equal(files.Keys.Order(), (await ReadZipAsync(await byAdmin.Content.ReadAsByteArrayAsync())).Keys.Order());
        using var byTeacher = await teacher.GetAsync($"/api/admin/users/{adaId}/export");
        Assert.Equal(HttpStatusCode.Forbidden, byTeacher.StatusCode);
    }

    [SkippableFact]
    public async Task Removing_a_learners_personal_data_keeps_her_evidence_for_the_class_and_leaves_nothing_that_names_her()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync("ada@example.com");
        using var teacher = await app.SignInAsync("teacher@example.com");
        using var admin = await app.SignInAsync("admin@example.com");
        var period1 = await app.QueryAsync(db => db.Classes.Where(c => c.Name == "Period 1").Select(c => c.Id).SingleAsync());
        var adaId = await app.UserIdAsync("ada@example.com");
        await ada.SkipPlacementAsync("algebra-1");
        var attempt = await ada.OpenAttemptAsync("algebra-1", "place-value");
        await ada.AnswerWronglyAsync(attempt.AttemptId);
        using (var rated = await ada.Http.PutAsJsonAsync(new Uri("/api/courses/algebra-1/skills/place-value/rating", UriKind.Relative), new { rating = 2, comment = "Ada Learner found it hard" }))
        {
            Assert.True(rated.IsSuccessStatusCode);
        }

        using (var work = new MultipartFormDataContent { { new StringContent("Ada's own words."), "text" }, { new ByteArrayContent(Png), "file", "ada-work.png" } })
        using (var handedIn = await ada.Http.PostAsync(new Uri("/api/courses/argument-writing/tasks/argumentative-paragraph/submissions", UriKind.Relative), work))
        {
            Assert.Equal(HttpStatusCode.Created, handedIn.StatusCode);
        }

        var survey = await teacher.SendJsonAsync<SurveySummaryDto>(HttpMethod.Post, $"/api/teach/classes/{period1}/surveys", new { title = "Named check-in", anonymous = false, questions = new[] { new { kind = "likert", text = "Clear?" } } }, HttpStatusCode.Created);
        using (var answered = await ada.PostJsonAsync($"/api/surveys/{survey.Id}/responses", new { answers = new Dictionary<string, string> { ["q1"] = "2" } }))
        {
            Assert.True(answered.IsSuccessStatusCode);
        }

        var events = await app.QueryAsync(db => db.AnswerEvents.CountAsync(e => e.UserId == adaId));
        Assert.True(events > 0);
        Assert.NotEmpty((await DatabaseSnapshot.TakeAsync(app)).RowsContaining("ada@example.com"));

        // Without the typed confirmation nothing happens.
        using (var unconfirmed = await admin.PostJsonAsync($"/api/admin/users/{adaId}/pseudonymise", new { reason = "Parent's request" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        }

        var removed = await admin.PostJsonAsync<UserDto>($"/api/admin/users/{adaId}/pseudonymise", new { confirm = "remove", reason = "Parent's request of 2026-12-01" });
        Assert.False(removed.Active);
        Assert.EndsWith("@removed.invalid", removed.Email, StringComparison.Ordinal);

        var after = await DatabaseSnapshot.TakeAsync(app);
        foreach (var trace in new[] { "ada@example.com", "Ada Learner", "Ada's own words", "found it hard" })
        {
            Assert.True(after.RowsContaining(trace).Count == 0, $"'{trace}' is still stored:\n" + string.Join("\n", after.RowsContaining(trace)));
        }

        Assert.Equal(events, await app.QueryAsync(db => db.AnswerEvents.CountAsync(e => e.UserId == adaId && e.Response == null)));
        Assert.Empty(Directory.GetFiles(app.Services.GetRequiredService<PerformanceTasks.UploadStore>().Folder));
        Assert.Equal(1, await app.QueryAsync(db => db.SurveyResponses.CountAsync(r => r.SurveyId == survey.Id && r.UserId == null)));
        var entry = await app.QueryAsync(db => db.AuditLog.SingleAsync(a => a.Action == Accounts.AccountAdminService.ActionPseudonymise));
        Assert.Equal(("Parent's request of 2026-12-01", adaId), (entry.Reason, entry.SubjectUserId));

        // She can no longer sign in; the class dashboard still counts her evidence under the new name.
        using var visitor = app.Anonymous();
        using (var refused = await visitor.PostSignInAsync("ada@example.com"))
        {
            Assert.StartsWith("/account/login?error=invalid", refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        Assert.Contains("Removed learner", Html.Text(await teacher.GetPageAsync($"/teach/classes/{period1}")), StringComparison.Ordinal);
    }

    private static JsonElement Json(IReadOnlyDictionary<string, byte[]> files, string name) => JsonDocument.Parse(files[name]).RootElement;

    private static async Task<Dictionary<string, byte[]>> ReadZipAsync(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            await using var stream = await entry.OpenAsync();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            files[entry.FullName] = copy.ToArray();
        }

        return files;
    }
}

public sealed class SqlitePersonalDataExportTests() : PersonalDataExportTests(TestDatabase.Sqlite);

public sealed class PostgresPersonalDataExportTests() : PersonalDataExportTests(TestDatabase.Postgres);
