using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>
/// Whole OneRoster exports uploaded through the roster page, on a real database: the bulk export of several classes
/// asks which class is ours, students without email sign in with their username, and the delta that follows adds a
/// student and removes one whose enrollment is to be deleted, keeping their work.
/// </summary>
public abstract partial class OneRosterImportTests(TestDatabase database)
{
    private const string Teacher = "teacher@example.com";

    [SkippableFact]
    public async Task A_1_1_bulk_zip_then_a_delta_keep_the_class_in_step_with_the_SIS()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var classId = await CreateClassAsync(teacher, "Maths 7");
        var zip = RosterFixtures.ZipFolder("oneroster-1.1-bulk");

        // Three classes and no choice: nothing is imported and the page asks which class this is.
        var asking = await UploadAsync(teacher, classId, [], [("zip", "riverside-oneroster.zip", zip)]);
        Assert.Contains("Nothing was imported", Html.Text(asking), StringComparison.Ordinal);
        Assert.Contains("Which OneRoster class is Maths 7?", Html.Text(asking), StringComparison.Ordinal);
        Assert.Contains("value=\"cls-math7-p1\"", asking, StringComparison.Ordinal);
        Assert.Contains("Mathematics 7 - Period 3", Html.Text(asking), StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.ClassInvitations.CountAsync(i => i.ClassId == classId)));

        var page = await UploadAsync(teacher, classId, [("oneRosterClass", "cls-math7-p1")], [("zip", "riverside-oneroster.zip", zip)]);
        var text = Html.Text(page);
        Assert.Contains("3 invited, 0 already in the class", text, StringComparison.Ordinal);
        Assert.Contains("Read as OneRoster 1.1 CSV, bulk", text, StringComparison.Ordinal);
        Assert.Contains("Files not used (MasteryPath keeps no schools, terms, courses, demographics, roles or profiles from the SIS): academicSessions.csv, courses.csv, demographics.csv, orgs.csv.", text, StringComparison.Ordinal);
        Assert.Contains("users.csv: columns not used: orgSourcedIds, role, userIds", text, StringComparison.Ordinal);
        Assert.Equal("cls-math7-p1", (await app.QueryAsync(db => db.Classes.SingleAsync(c => c.Id == classId))).OneRosterSourcedId);

        // Bao has no email: his account has none, and he signs in with his username and the code from his card.
        var baoCode = CodeOf(page, "bnguyen32");
        var calebCode = CodeOf(page, "cthompson33");
        var bao = await app.QueryAsync(db => db.Users.SingleAsync(u => u.UserName == "bnguyen32"));
        Assert.Null(bao.Email);
        await AssertSignsInAsync(app, "bnguyen32", baoCode);
        await AssertSignsInAsync(app, "cthompson33", calebCode);
        var caleb = await app.QueryAsync(db => db.Users.SingleAsync(u => u.UserName == "cthompson33"));
        Assert.True(await app.QueryAsync(db => db.ClassMemberships.AnyAsync(m => m.ClassId == classId && m.LearnerId == caleb.Id)));
        Assert.True(await app.QueryAsync(db => db.Enrollments.AnyAsync(e => e.UserId == caleb.Id && e.CourseId == Algebra)));

        // The delta, as separate files: Grace joins, Caleb's enrollment is deleted, Amelia is named only by her sourcedId.
        var delta = await UploadAsync(teacher, classId, [], Files("oneroster-1.1-delta"));
        var deltaText = Html.Text(delta);
        Assert.Contains("1 invited, 0 already in the class, 1 removed", deltaText, StringComparison.Ordinal);
        Assert.Contains("Removed from the class by the OneRoster delta (their work is kept): Caleb Thompson (enrollments.csv:2)", deltaText, StringComparison.Ordinal);
        Assert.Contains("Read as OneRoster 1.1 CSV, delta", deltaText, StringComparison.Ordinal);
        Assert.False(await app.QueryAsync(db => db.ClassMemberships.AnyAsync(m => m.ClassId == classId && m.LearnerId == caleb.Id)));
        Assert.True(await app.QueryAsync(db => db.Enrollments.AnyAsync(e => e.UserId == caleb.Id && e.CourseId == Algebra)));
        Assert.True(await app.QueryAsync(db => db.AuditLog.AnyAsync(a => a.ClassId == classId && a.Action == ClassService.ActionRemove && a.SubjectUserId == caleb.Id)));
        await AssertSignsInAsync(app, "gokonkwo37", CodeOf(delta, "gokonkwo37"));
        Assert.Equal(
            ["usr-s-10231", "usr-s-10232", "usr-s-10233", "usr-s-10237"],
            (await app.QueryAsync(db => db.OneRosterLinks.Where(l => l.ClassId == classId).Select(l => l.SourcedId).ToListAsync())).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_1_2_export_uploaded_as_files_with_the_class_chosen_then_its_delta()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var classId = await CreateClassAsync(teacher, "Algebra I");

        var page = await UploadAsync(teacher, classId, [("oneRosterClass", "sec-ma101-01")], Files("oneroster-1.2-bulk"));
        Assert.Contains("3 invited, 0 already in the class", Html.Text(page), StringComparison.Ordinal);
        Assert.Contains("roles.csv, userProfiles.csv", Html.Text(page), StringComparison.Ordinal);
        await AssertSignsInAsync(app, "40002", CodeOf(page, "40002"));
        var haruka = await app.QueryAsync(db => db.Users.SingleAsync(u => u.UserName == "40002"));
        Assert.Equal("Haruka Sato", haruka.DisplayName);

        // The same bulk again changes nothing: everybody is already invited or in the class.
        var again = await UploadAsync(teacher, classId, [], Files("oneroster-1.2-bulk"));
        Assert.Contains("already in the class", Html.Text(again), StringComparison.Ordinal);
        Assert.Equal(3, await app.QueryAsync(db => db.OneRosterLinks.CountAsync(l => l.ClassId == classId)));

        var delta = await UploadAsync(teacher, classId, [], [("zip", "delta.zip", RosterFixtures.ZipFolder("oneroster-1.2-delta"))]);
        Assert.Contains("Haruka Sato (enrollments.csv:2)", Html.Text(delta), StringComparison.Ordinal);
        Assert.False(await app.QueryAsync(db => db.ClassMemberships.AnyAsync(m => m.ClassId == classId && m.LearnerId == haruka.Id)));
        Assert.Contains("40006", Html.Text(delta), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Refused_uploads_name_the_file_and_line_and_change_nothing()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var classId = await CreateClassAsync(teacher, "Maths 7");

        var delta = Html.Text(await UploadAsync(teacher, classId, [], Files("oneroster-1.1-delta")));
        Assert.Contains("classes.csv missing: a delta without classes.csv needs an earlier import of this class; import the bulk export first", delta, StringComparison.Ordinal);

        var users = RosterFixtures.Text("oneroster-1.1-bulk/users.csv").Replace("student,bnguyen32,", "student,,", StringComparison.Ordinal);
        var files = Files("oneroster-1.1-bulk").Select(f => f.Name == "files" && f.FileName == "users.csv" ? f with { Content = System.Text.Encoding.UTF8.GetBytes(users) } : f).ToArray();
        var bad = Html.Text(await UploadAsync(teacher, classId, [("oneRosterClass", "cls-math7-p1")], files));
        Assert.Contains("users.csv:4 neither email nor username for student 'usr-s-10232' (enrolled on enrollments.csv:4): a learner signs in with one of them", bad, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.ClassInvitations.CountAsync(i => i.ClassId == classId)));
        Assert.Equal(0, await app.QueryAsync(db => db.OneRosterLinks.CountAsync()));
        Assert.Null((await app.QueryAsync(db => db.Classes.SingleAsync(c => c.Id == classId))).OneRosterSourcedId);

        // Through the JSON API too, with the classes to choose from.
        using var api = await teacher.PostJsonAsync($"/api/teach/classes/{classId}/roster", new RosterImportRequest(null, null, null, null, Convert.ToBase64String(RosterFixtures.ZipFolder("oneroster-1.2-bulk")), null));
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        var body = await api.Content.ReadAsStringAsync();
        Assert.Contains("\"classChoices\":[{\"sourcedId\":\"sec-ma101-01\",\"title\":\"Algebra I - Section 01\",\"students\":3}", body, StringComparison.Ordinal);
    }

    private static (string Name, string FileName, byte[] Content)[] Files(string folder) =>
        [.. RosterFixtures.Bundle(folder).Files.Select(f => ("files", f.Name, f.Content))];

    private static async Task<long> CreateClassAsync(LearnerClient teacher, string name)
    {
        using var response = await teacher.PostJsonAsync("/api/teach/classes", new ClassSettingsRequest(name, [Algebra], null, null, null));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ClassSettingsDto>())!.Id;
    }

    /// <summary>Posts the OneRoster form of the roster page and returns the outcome page it redirects to.</summary>
    private static async Task<string> UploadAsync(LearnerClient teacher, long classId, (string Name, string Value)[] fields, (string Name, string FileName, byte[] Content)[] files)
    {
        var page = await teacher.GetPageAsync($"/teach/classes/{classId}/roster");
        var action = $"/forms/teach/classes/{classId}/roster/oneroster";
        using var content = new MultipartFormDataContent { { new StringContent(Html.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, fileName, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip" : "text/csv");
            content.Add(file, name, fileName);
        }

        using var response = await teacher.Http.PostAsync(new Uri(action, UriKind.Relative), content);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {action}: {(int)response.StatusCode}");
        return await teacher.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    /// <summary>The code shown once in the outcome table on the row of <paramref name="login"/>.</summary>
    private static string CodeOf(string page, string login)
    {
        var row = RowOf().Matches(page).Select(m => m.Value).First(r => r.Contains($"<td>{login}</td>", StringComparison.Ordinal) && r.Contains("class=\"password\"", StringComparison.Ordinal));
        return WebUtility.HtmlDecode(PasswordCode().Match(row).Groups[1].Value);
    }

    private static async Task AssertSignsInAsync(MasteryPathAppFactory app, string login, string password)
    {
        using var visitor = app.Anonymous();
        using var response = await visitor.PostSignInAsync(login, password);
        Assert.True(response.Headers.Location?.OriginalString == "/", $"{login} could not sign in: {response.Headers.Location}");
    }

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowOf();

    [GeneratedRegex("<code class=\"password\">([^<]+)</code>")]
    private static partial Regex PasswordCode();
}

public sealed class SqliteOneRosterImportTests() : OneRosterImportTests(TestDatabase.Sqlite);

public sealed class PostgresOneRosterImportTests() : OneRosterImportTests(TestDatabase.Postgres);
