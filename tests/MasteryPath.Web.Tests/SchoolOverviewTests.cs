using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The admins' school overview: every class's figures from the maintained snapshots, equal to what its dashboard shows.</summary>
public abstract class SchoolOverviewTests(TestDatabase database)
{
    private const string OtherTeacher = "other-teacher@example.com";

    [SkippableFact]
    public async Task The_overview_shows_each_class_and_course_as_their_dashboards_count_them()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(ReportsAndSurveysFixture.Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));

        // Period 2: another teacher's algebra class with Cleo and Dev under a stricter bar (they joined it last).
        await app.CreateAccountAsync(OtherTeacher, Roles.Teacher);
        using var other = await app.SignInAsync(OtherTeacher);
        ClassSettingsDto period2;
        using (var created = await other.PostJsonAsync("/api/teach/classes", new ClassSettingsRequest("Period 2", [Algebra], 0.9, null, null)))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            period2 = (await created.Content.ReadFromJsonAsync<ClassSettingsDto>())!;
        }

        foreach (var email in new[] { ReportsAndSurveysFixture.Cleo, ReportsAndSurveysFixture.Dev })
        {
            var invited = await other.PostJsonAsync<RosterResultDto>($"/api/teach/classes/{period2.Id}/learners", new AddLearnerRequest(email, null, null));
            using var learner = await app.SignInAsync(email);
            await learner.PostJsonAsync<JoinedDto>($"/api/invitations/{Assert.Single(invited.Learners).InvitationId}/accept", new { });
        }

        // Ada masters the first skill; Ben gets stuck on it; Cleo answers twice (under Period 2's bar); Dev does nothing.
        using var ada = await app.SignInAsync(ReportsAndSurveysFixture.Ada);
        await ada.SkipPlacementAsync(Algebra);
        await ada.MasterAsync(Algebra, RootSkill);
        using var ben = await app.SignInAsync(ReportsAndSurveysFixture.Ben);
        await ben.SkipPlacementAsync(Algebra);
        for (var i = 0; i < 4; i++)
        {
            await ben.AnswerWronglyAsync((await ben.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        using var cleo = await app.SignInAsync(ReportsAndSurveysFixture.Cleo);
        await cleo.SkipPlacementAsync(Algebra);
        for (var i = 0; i < 2; i++)
        {
            await cleo.AnswerCorrectlyAsync((await cleo.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        var overview = await OverviewAsync(app);
        var skills = app.Services.GetRequiredService<Learning.CourseCatalog>().Get(Algebra).Graph.TopologicalOrder.Count;
        var p1 = overview.Classes.Single(c => c.ClassId == period1.Id && c.Course.Id == Algebra);
        var p2 = Assert.Single(overview.Classes, c => c.ClassId == period2.Id);
        Assert.Equal((4, 4L * skills, 1L, 1, "Tess Teacher"), (p1.Learners, p1.Pairs, p1.Mastered, p1.NeedingHelp, p1.Teacher));
        Assert.Equal((2, 2L * skills, 0L, 0, OtherTeacher), (p2.Learners, p2.Pairs, p2.Mastered, p2.NeedingHelp, p2.Teacher));
        Assert.Equal(await app.QueryAsync(db => db.Enrollments.Where(e => e.CourseId == Algebra).MaxAsync(e => e.LastActivityAt)), p1.LastActivity);
        Assert.NotNull(p2.LastActivity);

        // Each learner once per course: Cleo and Dev through Period 2, the class they joined last.
        var algebra = Assert.Single(overview.Courses, c => c.Course.Id == Algebra);
        Assert.Equal((2, 4, 4L * skills, 1L, 1), (algebra.Classes, algebra.Learners, algebra.Pairs, algebra.Mastered, algebra.NeedingHelp));
        Assert.Equal(4, overview.Learners);

        // Read from the saved snapshots, not the log: Ada and Ben in Period 1's algebra, and Cleo in Period 2 (whose bar
        // her snapshot was written under). Every other learner of every class and course row is replayed: Cleo under
        // Period 1's bar, Dev (no state yet), and whoever has not begun a course.
        Assert.Equal(overview.Classes.Sum(c => c.Learners) - 3, overview.Replayed);

        // Every row is what that class's dashboard shows, in summary.
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, await app.UserIdAsync(ReportsAndSurveysFixture.Admin)), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        foreach (var row in overview.Classes)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var dashboard = await scope.ServiceProvider.GetRequiredService<TeachingService>().DashboardAsync(admin, row.ClassId, row.Course.Id);
            Assert.Equal(
                (dashboard.Learners.Count, (long)dashboard.Learners.Sum(r => r.Mastered), dashboard.NeedsHelp.Select(a => a.Learner.LearnerId).Distinct().Count(), dashboard.Learners.Max(r => r.LastActivity)),
                (row.Learners, row.Mastered, row.NeedingHelp, row.LastActivity));
        }

        // The page shows the same figures to an admin.
        using var adminClient = await app.SignInAsync(ReportsAndSurveysFixture.Admin);
        var page = await adminClient.GetPageAsync("/admin/school");
        Assert.Contains($"data-class=\"{period1.Id}\" data-course=\"{Algebra}\" data-learners=\"4\" data-mastered=\"1\" data-pairs=\"{4 * skills}\" data-needs-help=\"1\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-class=\"{period2.Id}\" data-course=\"{Algebra}\" data-learners=\"2\" data-mastered=\"0\" data-pairs=\"{2 * skills}\" data-needs-help=\"0\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-course=\"{Algebra}\" data-learners=\"4\" data-mastered=\"1\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/school\"", page, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Only_admins_may_see_the_school()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        foreach (var email in new[] { ReportsAndSurveysFixture.Teacher, ReportsAndSurveysFixture.Ada })
        {
            using var client = await app.SignInAsync(email);
            await client.AssertAccessDeniedAsync("/admin/school");
            Assert.DoesNotContain("href=\"/admin/school\"", await client.GetPageAsync("/"), StringComparison.Ordinal);
        }

        using var admin = await app.SignInAsync(ReportsAndSurveysFixture.Admin);
        Assert.Contains("School overview", await admin.GetPageAsync("/admin/school"), StringComparison.Ordinal);
    }

    private static async Task<SchoolOverview> OverviewAsync(MasteryPathAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SchoolOverviewService>().BuildAsync();
    }
}

public sealed class SqliteSchoolOverviewTests() : SchoolOverviewTests(TestDatabase.Sqlite);

public sealed class PostgresSchoolOverviewTests() : SchoolOverviewTests(TestDatabase.Postgres);
