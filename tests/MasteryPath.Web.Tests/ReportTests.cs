using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;
using MasteryPath.Content.Datasets;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;
using static MasteryPath.Web.Tests.ReportsAndSurveysFixture;

namespace MasteryPath.Web.Tests;

/// <summary>Standards-based reports and the class exports (mastery CSV, answer log, xAPI), and who may see them.</summary>
public abstract class ReportTests(TestDatabase database)
{
    private const string Writing = "argument-writing";

    /// <summary>
    /// Ada masters the root skill through practice and a check; Ben answers it once wrong and once right; the teacher
    /// overrides Cleo's mastery of it (a decision, not an answer); Dev does nothing.
    /// </summary>
    private static async Task<MasteryPathAppFactory> StartWithEvidenceAsync(TestDatabase database)
    {
        var app = await MasteryPathAppFactory.StartAsync(database);
        using (var ada = await app.SignInAsync(Ada))
        {
            await ada.SkipPlacementAsync(Algebra);
            await ada.MasterAsync(Algebra, RootSkill);
        }

        using (var ben = await app.SignInAsync(Ben))
        {
            await ben.SkipPlacementAsync(Algebra);
            await ben.AnswerWronglyAsync((await ben.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
            app.Time.Advance(TimeSpan.FromMinutes(1));
            await ben.AnswerCorrectlyAsync((await ben.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        using var teacher = await app.SignInAsync(Teacher);
        var cleo = await app.UserIdAsync(Cleo);
        using var overridden = await teacher.PostJsonAsync($"/api/teach/classes/{DemoClass}/learners/{cleo}/override", new { course = Algebra, skill = RootSkill, mastered = true, reason = "Showed it on paper" });
        Assert.Equal(HttpStatusCode.NoContent, overridden.StatusCode);
        return app;
    }

    [SkippableFact]
    public async Task The_answer_log_export_round_trips_through_the_answer_log_reader_with_only_the_answers()
    {
        await using var app = await StartWithEvidenceAsync(database);
        using var teacher = await app.SignInAsync(Teacher);

        var csv = await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/answers.csv?course={Algebra}", "text/csv");

        var text = Encoding.UTF8.GetString(csv);
        Assert.StartsWith("learner,skill,correct,timestamp\r\n", text, StringComparison.Ordinal);
        var file = Path.Combine(Directory.CreateTempSubdirectory("masterypath-answers.").FullName, "answers.csv");
        await File.WriteAllBytesAsync(file, csv);
        var log = AnswerLogReader.Read(file);

        var adaEvents = (await app.EventsAsync(Ada, Algebra)).Where(e => ReportService.IsAnswer(e.Kind)).ToList();
        var benEvents = (await app.EventsAsync(Ben, Algebra)).Where(e => ReportService.IsAnswer(e.Kind)).ToList();
        Assert.Contains(await app.EventsAsync(Cleo, Algebra), e => e.Kind == EvidenceKind.Override);
        Assert.Equal(2, log.Learners.Count);
        Assert.Equal(adaEvents.Count + benEvents.Count, log.AnswerCount);
        Assert.Equal(["place-value"], log.SkillIndex.Keys);
        var ada = log.Learners.Single(l => l.LearnerId == ReportService.Pseudonym(adaEvents[0].UserId));
        var ben = log.Learners.Single(l => l.LearnerId == ReportService.Pseudonym(benEvents[0].UserId));
        Assert.Equal(adaEvents.Select(e => e.Correct), ada.Attempts.Select(a => a.Correct));
        Assert.Equal([false, true], ben.Attempts.Select(a => a.Correct));
        Assert.DoesNotContain(adaEvents[0].UserId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", text, StringComparison.Ordinal);

        // Timestamps are ISO-8601 UTC instants in time order, and a second export is the same file.
        var stamps = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => DateTimeOffset.Parse(l.Split(',')[3], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(adaEvents.Count + benEvents.Count, stamps.Count);
        Assert.Equal(csv, await teacher.DownloadAsync($"/api/teach/classes/{DemoClass}/export/answers.csv?course={Algebra}", "text/csv"));
    }

    [SkippableFact]
    public async Task The_mastery_export_has_one_row_per_learner_with_each_skills_state_or_probability()
    {
        await using var app = await StartWithEvidenceAsync(database);
        using var teacher = await app.SignInAsync(Teacher);

        var rows = ReadCsv(await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/mastery.csv?course={Algebra}", "text/csv"));
        var probabilities = ReadCsv(await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/mastery.csv?course={Algebra}&values=p", "text/csv"));

        var header = rows[0];
        Assert.Equal(["Learner", "Learner id", "Email or username"], header.Take(3));
        var course = app.Services.GetRequiredService<Learning.CourseCatalog>().Get(Algebra);
        var skills = course.Graph.TopologicalOrder.ToList();
        Assert.Equal(skills.Select(s => course.SkillsById[s].Title), header.Skip(3));
        Assert.Equal(5, rows.Count);
        var byEmail = rows.Skip(1).ToDictionary(r => r[2]);
        Assert.Equal([Ada, Ben, Cleo, Dev], byEmail.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Ada Learner", byEmail[Ada][0]);
        Assert.Equal(await app.UserIdAsync(Ada), byEmail[Ada][1]);
        var column = 3 + skills.IndexOf(Domain.Skills.SkillId.Parse(RootSkill));
        Assert.Equal("Mastered", byEmail[Ada][column]);
        Assert.Equal("In progress", byEmail[Ben][column]);
        Assert.Equal("Mastered", byEmail[Cleo][column]);
        Assert.Equal("Ready to start", byEmail[Dev][column]);
        Assert.All(byEmail.Values, r => Assert.Equal(header.Count, r.Count));

        // The cells agree with the dashboard the teacher sees.
        var dashboard = await teacher.GetJsonAsync<Teaching.DashboardDto>($"/api/teach/classes/{DemoClass}/dashboard?course={Algebra}");
        foreach (var learner in dashboard.Learners)
        {
            var email = await app.QueryAsync(db => db.Users.Where(u => u.Id == learner.LearnerId).Select(u => u.Email!).SingleAsync());
            foreach (var skill in learner.Skills)
            {
                var index = 3 + skills.IndexOf(Domain.Skills.SkillId.Parse(skill.SkillId));
                Assert.Equal(Learning.SkillExplanations.StateLabel(Enum.Parse<SkillState>(skill.State)), byEmail[email][index]);
                var p = double.Parse(probabilities.Single(r => r[2] == email)[index], CultureInfo.InvariantCulture);
                Assert.Equal(skill.Probability, p, 3);
            }
        }
    }

    [SkippableFact]
    public async Task The_mastery_export_escapes_names_that_need_quotes_or_could_run_as_formulas()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        await app.QueryAsync(async db =>
        {
            var ada = await db.Users.SingleAsync(u => u.Email == Ada);
            ada.DisplayName = "=HYPERLINK(\"x\"), Ada";
            return await db.SaveChangesAsync();
        });
        using var teacher = await app.SignInAsync(Teacher);

        var csv = await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/mastery.csv", "text/csv");

        Assert.Contains("\r\n\"'=HYPERLINK(\"\"x\"\"), Ada\",", Encoding.UTF8.GetString(csv), StringComparison.Ordinal);
        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Take(3));
        Assert.Equal("'=HYPERLINK(\"x\"), Ada", ReadCsv(csv).Single(r => r[2] == Ada)[0]);
    }

    [SkippableFact]
    public async Task The_xapi_export_has_answered_and_mastered_statements_with_stable_ids()
    {
        await using var app = await StartWithEvidenceAsync(database);
        using var teacher = await app.SignInAsync(Teacher);

        var first = await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/xapi.json?course={Algebra}", "application/json");
        var again = await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/xapi.json?course={Algebra}", "application/json");

        Assert.Equal(first, again);
        using var json = JsonDocument.Parse(first);
        var statements = json.RootElement.EnumerateArray().ToList();
        var answers = (await app.EventsAsync(Ada, Algebra)).Concat(await app.EventsAsync(Ben, Algebra)).Where(e => ReportService.IsAnswer(e.Kind)).ToList();
        Assert.All(statements, AssertStatementShape);
        Assert.Equal(statements.Count, statements.Select(s => s.GetProperty("id").GetString()).Distinct().Count());

        var answered = statements.Where(s => Verb(s) == XapiExport.Answered).ToList();
        Assert.Equal(answers.Count, answered.Count);
        Assert.All(answered, s =>
        {
            Assert.StartsWith($"https://masterypath.example/courses/{Algebra}/skills/{RootSkill}/items/", s.GetProperty("object").GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.String, s.GetProperty("result").GetProperty("response").ValueKind);
        });
        Assert.Equal(answers.Count(a => a.Correct), answered.Count(s => s.GetProperty("result").GetProperty("success").GetBoolean()));
        var benAnswers = answered.Where(s => s.GetProperty("actor").GetProperty("mbox").GetString() == "mailto:" + Ben).ToList();
        Assert.Equal([false, true], benAnswers.Select(s => s.GetProperty("result").GetProperty("success").GetBoolean()));

        var mastered = statements.Where(s => Verb(s) == XapiExport.Mastered).ToList();
        Assert.Equal(["mailto:" + Ada, "mailto:" + Cleo], mastered.Select(s => s.GetProperty("actor").GetProperty("mbox").GetString()).Order(StringComparer.Ordinal));
        Assert.All(mastered, s => Assert.Equal($"https://masterypath.example/courses/{Algebra}/skills/{RootSkill}", s.GetProperty("object").GetProperty("id").GetString()));
        var how = mastered.ToDictionary(s => s.GetProperty("actor").GetProperty("mbox").GetString()!, s => s.GetProperty("result").GetProperty("extensions").EnumerateObject().Single().Value.GetString());
        Assert.Equal("check", how["mailto:" + Ada]);
        Assert.Equal("override", how["mailto:" + Cleo]);

        // The ids are name-based UUIDs of the event each statement reports.
        var adaPassing = (await app.EventsAsync(Ada, Algebra)).Last(e => e.Kind == EvidenceKind.MasteryCheck);
        Assert.Equal(NameBasedGuid.Create(NameBasedGuid.StatementNamespace, $"answered:{adaPassing.EventId}").ToString(), answered.Single(s => s.GetProperty("timestamp").GetString() == ReportService.Timestamp(adaPassing.At) && s.GetProperty("actor").GetProperty("mbox").GetString() == "mailto:" + Ada).GetProperty("id").GetString());
        Assert.DoesNotContain(statements, s => Verb(s) == XapiExport.Completed);
    }

    [SkippableFact]
    public async Task The_xapi_export_reports_a_completed_course_once_every_skill_is_mastered()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var dev = await app.UserIdAsync(Dev);
        var skills = app.Services.GetRequiredService<Learning.CourseCatalog>().Get(Writing).Graph.TopologicalOrder;
        foreach (var skill in skills)
        {
            app.Time.Advance(TimeSpan.FromMinutes(1));
            using var response = await teacher.PostJsonAsync($"/api/teach/classes/{DemoClass}/learners/{dev}/override", new { course = Writing, skill = skill.Value, mastered = true, reason = "Portfolio" });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using var json = JsonDocument.Parse(await teacher.DownloadAsync($"/api/teach/classes/{DemoClass}/export/xapi.json?course={Writing}", "application/json"));

        var statements = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(skills.Count, statements.Count(s => Verb(s) == XapiExport.Mastered));
        var completed = Assert.Single(statements, s => Verb(s) == XapiExport.Completed);
        Assert.Equal($"https://masterypath.example/courses/{Writing}", completed.GetProperty("object").GetProperty("id").GetString());
        Assert.True(completed.GetProperty("result").GetProperty("completion").GetBoolean());
        Assert.Equal(statements.Last(s => Verb(s) == XapiExport.Mastered).GetProperty("timestamp").GetString(), completed.GetProperty("timestamp").GetString());
    }

    [SkippableFact]
    public async Task A_learners_report_shows_each_skill_per_unit_for_the_teacher_and_the_learner()
    {
        await using var app = await StartWithEvidenceAsync(database);
        var adaId = await app.UserIdAsync(Ada);
        using var teacher = await app.SignInAsync(Teacher);
        using var ada = await app.SignInAsync(Ada);

        var page = await teacher.GetPageAsync($"/teach/classes/{DemoClass}/learners/{adaId}/report?course={Algebra}");
        var own = await ada.GetPageAsync($"/courses/{Algebra}/report");
        var report = await teacher.GetJsonAsync<LearnerReportDto>($"/api/teach/classes/{DemoClass}/learners/{adaId}/report?course={Algebra}");
        var ownReport = await ada.GetJsonAsync<LearnerReportDto>($"/api/courses/{Algebra}/report");

        var adaEvents = await app.EventsAsync(Ada, Algebra);
        var root = report.Units.SelectMany(u => u.Skills).Single(s => s.SkillId == RootSkill);
        Assert.Equal("Mastered", root.State);
        Assert.Equal(adaEvents.Last(e => e.Kind == EvidenceKind.MasteryCheck).At, root.MasteredAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(adaEvents.Count, root.Evidence);
        Assert.Equal(1, report.Mastered);
        Assert.Equal(49, report.Total);
        Assert.Equal("Period 1", report.Class);
        Assert.Equal(report.Units.Select(u => u.Title), ownReport.Units.Select(u => u.Title));
        Assert.Equal(root, ownReport.Units.SelectMany(u => u.Skills).Single(s => s.SkillId == RootSkill));
        foreach (var html in new[] { page, own })
        {
            Assert.Contains("Mastery report: Ada Learner", Html.Text(html), StringComparison.Ordinal);
            Assert.Contains($"data-skill=\"{RootSkill}\"", html, StringComparison.Ordinal);
            Assert.Contains(root.MasteredAt.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
            // The print button works through a script file (no inline handler under the Content-Security-Policy).
            Assert.Contains("data-print", html, StringComparison.Ordinal);
            Assert.Matches(@"<script src=""print(\.[0-9a-z]+)?\.js""", html);
        }
    }

    [SkippableFact]
    public async Task The_dashboard_links_the_exports_and_the_drill_down_links_the_report()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var adaId = await app.UserIdAsync(Ada);
        using var teacher = await app.SignInAsync(Teacher);
        using var ada = await app.SignInAsync(Ada);
        await ada.SkipPlacementAsync(Algebra);

        var dashboard = await teacher.GetPageAsync($"/teach/classes/{DemoClass}?course={Algebra}");
        foreach (var export in new[] { "mastery.csv", "answers.csv", "xapi.json" })
        {
            Assert.Contains($"href=\"/teach/classes/{DemoClass}/export/{export}?course={Algebra}\"", dashboard, StringComparison.Ordinal);
        }

        Assert.Contains($"href=\"/teach/classes/{DemoClass}/learners/{adaId}/report?course={Algebra}\"", await teacher.GetPageAsync($"/teach/classes/{DemoClass}/learners/{adaId}?course={Algebra}"), StringComparison.Ordinal);
        Assert.Contains($"href=\"/courses/{Algebra}/report\"", await ada.GetPageAsync($"/courses/{Algebra}"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Another_teacher_gets_404_learners_are_refused_and_an_admin_may_export()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        await app.CreateAccountAsync("other-teacher@example.com", Roles.Teacher);
        var adaId = await app.UserIdAsync(Ada);
        using var other = await app.SignInAsync("other-teacher@example.com");
        using var ada = await app.SignInAsync(Ada);
        using var admin = await app.SignInAsync(Admin);
        string[] exports = ["/export/mastery.csv", "/export/answers.csv", "/export/xapi.json", $"/learners/{adaId}/report"];

        foreach (var path in exports)
        {
            await other.AssertStatusAsync($"/teach/classes/{DemoClass}{path}", HttpStatusCode.NotFound);
            await other.AssertStatusAsync($"/api/teach/classes/{DemoClass}{path}", HttpStatusCode.NotFound);
            await ada.AssertAccessDeniedAsync($"/teach/classes/{DemoClass}{path}");
            await ada.AssertStatusAsync($"/api/teach/classes/{DemoClass}{path}", HttpStatusCode.Forbidden);
            await admin.BodyAsync($"/api/teach/classes/{DemoClass}{path}");
        }

        await other.AssertStatusAsync($"/teach/classes/{DemoClass}/export/mastery.csv?course=no-such-course", HttpStatusCode.NotFound);
        await admin.AssertStatusAsync($"/api/teach/classes/{DemoClass}/export/mastery.csv?course=no-such-course", HttpStatusCode.NotFound);
        await admin.AssertStatusAsync($"/api/teach/classes/999/export/answers.csv", HttpStatusCode.NotFound);

        // A learner sees only their own report; a teacher's learner URL for someone outside the class is not found.
        await ada.BodyAsync($"/api/courses/{Algebra}/report");
        await ada.AssertStatusAsync("/api/courses/no-such-course/report", HttpStatusCode.NotFound);
        var outsider = await app.UserIdAsync("other-teacher@example.com");
        await admin.AssertStatusAsync($"/api/teach/classes/{DemoClass}/learners/{outsider}/report", HttpStatusCode.NotFound);
    }

    private static string Verb(JsonElement statement) => statement.GetProperty("verb").GetProperty("id").GetString()!;

    private static void AssertStatementShape(JsonElement s)
    {
        Assert.True(Guid.TryParse(s.GetProperty("id").GetString(), out var id));
        Assert.Equal(5, id.Version);
        Assert.Equal("1.0.3", s.GetProperty("version").GetString());
        var actor = s.GetProperty("actor");
        Assert.Equal("Agent", actor.GetProperty("objectType").GetString());
        Assert.StartsWith("mailto:", actor.GetProperty("mbox").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http://adlnet.gov/expapi/verbs/", Verb(s), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(s.GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString()));
        var activity = s.GetProperty("object");
        Assert.Equal("Activity", activity.GetProperty("objectType").GetString());
        Assert.True(Uri.TryCreate(activity.GetProperty("id").GetString(), UriKind.Absolute, out _));
        Assert.True(DateTimeOffset.TryParseExact(s.GetProperty("timestamp").GetString(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
        Assert.Equal(JsonValueKind.Object, s.GetProperty("result").ValueKind);
    }

    private static List<List<string>> ReadCsv(byte[] csv)
    {
        using var reader = CsvReader.Create(new StreamReader(new MemoryStream(csv)), new CsvReaderOptions { HasHeader = false });
        var rows = new List<List<string>>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList());
        }

        return rows;
    }
}

public sealed class SqliteReportTests() : ReportTests(TestDatabase.Sqlite);

public sealed class PostgresReportTests() : ReportTests(TestDatabase.Postgres);
