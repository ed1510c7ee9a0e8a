using System.Net;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using MasteryPath.Web.Teaching;
using MasteryPath.Web.Teaching.Assignments;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>
/// Assignments for the whole class, a group or one learner, with due dates; what learners see of them on their home
/// and Today pages; completion and overdue work on the teacher's pages; class announcements.
/// </summary>
public abstract class AssignmentTests(TestDatabase database)
{
    private const string Teacher = "teacher@example.com";

    [SkippableFact]
    public async Task A_class_wide_assignment_with_a_due_date_reaches_every_learner_even_one_who_joins_later_and_completion_shows()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var classId = await Period1Async(teacher);
        var due = Today(app).AddDays(3);

        var created = await teacher.SendJsonAsync<AssignmentDto>(HttpMethod.Post, $"/api/teach/classes/{classId}/assignments", new { course = Algebra, skills = new[] { RootSkill }, wholeClass = true, dueOn = due, note = "Before Friday's quiz" }, HttpStatusCode.Created);
        Assert.Equal((true, due, 0, 4), (created.WholeClass, created.DueOn, created.Done, created.Learners.Count));

        // A learner who joins after the assignment was set gets it too (a new account's first sign-in accepts its invitation).
        await teacher.SendJsonAsync<RosterResultDto>(HttpMethod.Post, $"/api/teach/classes/{classId}/learners", new AddLearnerRequest("eve@example.com", "Eve Newcomer", DemoData.Password), HttpStatusCode.OK);
        using var eve = await app.SignInAsync("eve@example.com");
        Assert.Contains(await app.UserIdAsync("eve@example.com"), (await teacher.GetJsonAsync<DashboardDto>($"/api/teach/classes/{classId}/dashboard")).Learners.Select(l => l.LearnerId));

        using var ada = await app.SignInAsync("ada@example.com");
        foreach (var learner in new[] { ada, eve })
        {
            var mine = Assert.Single(await learner.GetJsonAsync<List<LearnerAssignmentDto>>("/api/me/assignments"));
            Assert.Equal((created.Id, "Period 1", due, "NotStarted", 0, 1), (mine.Id, mine.ClassName, mine.DueOn, mine.Standing, mine.Mastered, mine.Total));
            var home = Html.Text(await learner.GetPageAsync("/"));
            Assert.Contains("Assigned to you", home, StringComparison.Ordinal);
            Assert.Contains($"due {due:ddd d MMM}", home, StringComparison.Ordinal);
            Assert.Contains("Before Friday's quiz", home, StringComparison.Ordinal);
        }

        await ada.SkipPlacementAsync(Algebra);
        var today = await ada.GetJsonAsync<TodayDto>($"/api/courses/{Algebra}/today");
        Assert.Equal((RootSkill, (DateOnly?)due), (Assert.Single(today.Assigned).SkillId, today.Assigned[0].DueOn));

        await ada.MasterAsync(Algebra, RootSkill);

        Assert.Equal("Done", Assert.Single(await ada.GetJsonAsync<List<LearnerAssignmentDto>>("/api/me/assignments")).Standing);
        Assert.Empty((await ada.GetJsonAsync<TodayDto>($"/api/courses/{Algebra}/today")).Assigned);
        var seen = Assert.Single(await teacher.GetJsonAsync<List<AssignmentDto>>($"/api/teach/classes/{classId}/assignments"));
        Assert.Equal((1, 0, 5), (seen.Done, seen.Overdue, seen.Learners.Count));
        Assert.Equal(["Ada Learner"], seen.Learners.Where(l => l.Standing == "Done").Select(l => l.Name));
        Assert.Contains("1 of 5 done", Html.Text(await teacher.GetPageAsync($"/teach/classes/{classId}/assignments")), StringComparison.Ordinal);
        Assert.Contains("1 of 5 done", Html.Text(await teacher.GetPageAsync($"/teach/classes/{classId}")), StringComparison.Ordinal);

        using var removed = await teacher.Http.DeleteAsync(new Uri($"/api/teach/classes/{classId}/assignments/{created.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(await eve.GetJsonAsync<List<LearnerAssignmentDto>>("/api/me/assignments"));
    }

    [SkippableFact]
    public async Task Work_for_a_group_reaches_only_the_group_and_overdue_work_surfaces_on_the_dashboard()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var classId = await Period1Async(teacher);
        var (benId, cleoId) = (await app.UserIdAsync("ben@example.com"), await app.UserIdAsync("cleo@example.com"));
        var unit = (await teacher.GetJsonAsync<CourseMapDto>($"/api/courses/{Algebra}/map")).Skills.First(s => s.Unit is not null).Unit!;

        var created = await teacher.SendJsonAsync<AssignmentDto>(HttpMethod.Post, $"/api/teach/classes/{classId}/assignments", new { course = Algebra, unit, learners = new[] { benId, cleoId }, dueOn = Today(app) }, HttpStatusCode.Created);

        // A unit is assigned as its skills, in the course's order, and titled by the unit.
        var map = await teacher.GetJsonAsync<CourseMapDto>($"/api/courses/{Algebra}/map");
        Assert.Equal(map.Skills.Where(s => s.Unit == unit).Select(s => s.Id), created.Skills);
        Assert.False(created.WholeClass);
        Assert.Equal(["Ben Learner", "Cleo Learner"], created.Learners.Select(l => l.Name).Order());
        using (var ada = await app.SignInAsync("ada@example.com"))
        {
            Assert.Empty(await ada.GetJsonAsync<List<LearnerAssignmentDto>>("/api/me/assignments"));
        }

        Assert.DoesNotContain("Overdue", Html.Text(await teacher.GetPageAsync($"/teach/classes/{classId}")), StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromDays(2));

        var dashboard = Html.Text(await teacher.GetPageAsync($"/teach/classes/{classId}"));
        Assert.Contains("Overdue (2): Ben Learner, Cleo Learner", dashboard, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(await teacher.GetJsonAsync<List<AssignmentDto>>($"/api/teach/classes/{classId}/assignments")).Overdue);
        using var ben = await app.SignInAsync("ben@example.com");
        Assert.Equal("Overdue", Assert.Single(await ben.GetJsonAsync<List<LearnerAssignmentDto>>("/api/me/assignments")).Standing);
        Assert.Contains("overdue: was due", Html.Text(await ben.GetPageAsync("/")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Bad_assignments_are_refused_with_a_sentence_and_the_form_gives_back_what_was_typed()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var classId = await Period1Async(teacher);
        var url = $"/api/teach/classes/{classId}/assignments";
        var outsider = await app.UserIdAsync("admin@example.com");

        foreach (var (body, status, words) in new (object Body, HttpStatusCode Status, string Words)[]
        {
            (new { course = Algebra, skills = new[] { RootSkill }, wholeClass = true, dueOn = Today(app).AddDays(-1) }, HttpStatusCode.BadRequest, "has passed"),
            (new { course = Algebra, skills = new[] { RootSkill } }, HttpStatusCode.BadRequest, "whole class or at least one learner"),
            (new { course = Algebra, wholeClass = true }, HttpStatusCode.BadRequest, "a unit or at least one skill"),
            (new { course = Algebra, skills = new[] { "no-such-skill" }, wholeClass = true }, HttpStatusCode.NotFound, "no-such-skill"),
            (new { course = Algebra, unit = "no-such-unit", wholeClass = true }, HttpStatusCode.NotFound, "no-such-unit"),
            (new { course = Algebra, skills = new[] { RootSkill }, learners = new[] { outsider } }, HttpStatusCode.NotFound, "not in this class"),
            (new { course = Algebra, skills = new[] { RootSkill }, wholeClass = true, note = new string('x', 1001) }, HttpStatusCode.BadRequest, "at most 1000"),
            (new { course = Algebra, skills = new[] { RootSkill }, wholeClass = true, note = "see\u202Eme" }, HttpStatusCode.BadRequest, "U+202E"),
        })
        {
            using var response = await teacher.PostJsonAsync(url, body);
            await AssertProblemAsync(response, status);
            Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(await teacher.GetJsonAsync<List<AssignmentDto>>(url));

        // The page's form: a date in the past comes back as a sentence, with the note, the skill and the learners still filled in.
        var page = $"/teach/classes/{classId}/assignments";
        var adaId = await app.UserIdAsync("ada@example.com");
        var token = Html.AntiforgeryToken(await teacher.GetPageAsync(page));
        using var refused = await teacher.PostFormAsync($"/forms/teach/classes/{classId}/assign", token, ("course", Algebra), ("skill", RootSkill), ("audience", "learners"), ("learner", adaId), ("due", Today(app).AddDays(-2).ToString("yyyy-MM-dd")), ("note", "Chapter 3, all of it"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var back = await teacher.GetPageAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("has passed", Html.Text(back), StringComparison.Ordinal);
        Assert.Contains("Chapter 3, all of it</textarea>", back, StringComparison.Ordinal);
        Assert.Matches($"value=\"{RootSkill}\" checked", back);
        Assert.Matches($"value=\"{adaId}\" checked", back);
        Assert.Empty(await teacher.GetJsonAsync<List<AssignmentDto>>(url));

        using var good = await teacher.PostFormAsync($"/forms/teach/classes/{classId}/assign", token, ("course", Algebra), ("skill", RootSkill), ("audience", "class"), ("due", Today(app).ToString("yyyy-MM-dd")), ("title", "Warm-up"));
        Assert.Equal($"/teach/classes/{classId}/assignments?course={Algebra}&done=assigned", good.Headers.Location!.OriginalString);
        var set = Assert.Single(await teacher.GetJsonAsync<List<AssignmentDto>>(url));
        Assert.Equal(("Warm-up", (DateOnly?)Today(app)), (set.Title, set.DueOn));
    }

    [SkippableFact]
    public async Task Announcements_reach_the_class_for_two_weeks_and_a_teacher_can_take_one_back()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var classId = await Period1Async(teacher);
        var url = $"/api/teach/classes/{classId}/announcements";

        var first = await teacher.SendJsonAsync<AnnouncementDto>(HttpMethod.Post, url, new { text = "Quiz on Friday.\nBring a calculator." }, HttpStatusCode.Created);
        app.Time.Advance(TimeSpan.FromDays(10));
        var second = await teacher.SendJsonAsync<AnnouncementDto>(HttpMethod.Post, url, new { text = "Great work this week!" }, HttpStatusCode.Created);

        using var ada = await app.SignInAsync("ada@example.com");
        Assert.Equal([second.Id, first.Id], (await ada.GetJsonAsync<List<LearnerAnnouncementDto>>("/api/me/announcements")).Select(a => a.Id));
        var home = await ada.GetPageAsync("/");
        Assert.Contains("Quiz on Friday.\nBring a calculator.", WebUtility.HtmlDecode(home), StringComparison.Ordinal);
        Assert.Contains("Period 1", Html.Text(home), StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromDays(5));
        Assert.Equal([second.Id], (await ada.GetJsonAsync<List<LearnerAnnouncementDto>>("/api/me/announcements")).Select(a => a.Id));
        Assert.Equal(2, (await teacher.GetJsonAsync<List<AnnouncementDto>>(url)).Count);

        using (var removed = await teacher.Http.DeleteAsync(new Uri($"{url}/{second.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.Empty(await ada.GetJsonAsync<List<LearnerAnnouncementDto>>("/api/me/announcements"));
        Assert.DoesNotContain("From your teacher", Html.Text(await ada.GetPageAsync("/")), StringComparison.Ordinal);

        foreach (var text in new[] { "   ", new string('y', 2001), "bell\u0007" })
        {
            using var refused = await teacher.PostJsonAsync(url, new { text });
            await AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        }

        // A learner outside the class never sees its announcements.
        await teacher.SendJsonAsync<AnnouncementDto>(HttpMethod.Post, url, new { text = "Only for Period 1" }, HttpStatusCode.Created);
        using var admin = await app.SignInAsync("admin@example.com");
        Assert.Empty(await admin.GetJsonAsync<List<LearnerAnnouncementDto>>("/api/me/announcements"));
    }

    private static DateOnly Today(MasteryPathAppFactory app) => DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);

    private static async Task<long> Period1Async(LearnerClient teacher) =>
        Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes")).Id;
}

public sealed class SqliteAssignmentTests() : AssignmentTests(TestDatabase.Sqlite);

public sealed class PostgresAssignmentTests() : AssignmentTests(TestDatabase.Postgres);
