using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>Consent before a teacher sees a learner (docs/adr/0019): invitations, their answers, and what the teacher can learn from adding an email.</summary>
public abstract class ClassInvitationTests(TestDatabase database)
{
    private const string Teacher = "teacher@example.com";
    private const string Algebra = "algebra-1";

    [SkippableFact]
    public async Task A_learner_who_declines_stays_invisible_a_withdrawn_invitation_cannot_be_accepted_and_nobody_answers_anothers()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var period9 = (await teacher.SendJsonAsync<ClassSettingsDto>(HttpMethod.Post, "/api/teach/classes", new { name = "Period 9", courses = new[] { Algebra } }, HttpStatusCode.Created)).Id;
        async Task<long> InviteAsync(string email) =>
            Assert.Single((await teacher.PostJsonAsync<RosterResultDto>($"/api/teach/classes/{period9}/learners", new AddLearnerRequest(email, "Typed Name", null))).Learners).InvitationId!.Value;

        // Dev sees the invitation with the class and its teacher, declines, and stays out of the class.
        var devInvitation = await InviteAsync(ReportsAndSurveysFixture.Dev);
        using var dev = await app.SignInAsync(ReportsAndSurveysFixture.Dev);
        var seen = Assert.Single(await dev.GetJsonAsync<List<LearnerInvitationDto>>("/api/invitations"));
        Assert.Equal((devInvitation, period9, "Period 9"), (seen.Id, seen.ClassId, seen.ClassName));
        Assert.Equal([Algebra], seen.Courses);
        Assert.Contains("invites you to the class Period 9", Html.Text(await dev.GetPageAsync("/")), StringComparison.Ordinal);
        using (var declined = await dev.PostJsonAsync($"/api/invitations/{devInvitation}/decline", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, declined.StatusCode);
        }

        var devId = await app.UserIdAsync(ReportsAndSurveysFixture.Dev);
        Assert.Empty(await dev.GetJsonAsync<List<LearnerInvitationDto>>("/api/invitations"));
        Assert.Empty(await teacher.GetJsonAsync<List<PendingInvitationDto>>($"/api/teach/classes/{period9}/invitations"));
        Assert.Empty(await teacher.GetJsonAsync<List<MemberDto>>($"/api/teach/classes/{period9}/learners"));
        await AssertProblemAsync(await teacher.GetAsync($"/api/teach/classes/{period9}/learners/{devId}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await dev.PostJsonAsync($"/api/invitations/{devInvitation}/accept", null), HttpStatusCode.NotFound);
        Assert.Contains(ClassService.ActionDecline, await app.QueryAsync(db => db.AuditLog.Where(a => a.ClassId == period9).Select(a => a.Action).ToListAsync()));

        // Cleo's invitation is withdrawn before she answers; Ada cannot answer Cleo's.
        var cleoInvitation = await InviteAsync(ReportsAndSurveysFixture.Cleo);
        using var ada = await app.SignInAsync(ReportsAndSurveysFixture.Ada);
        await AssertProblemAsync(await ada.PostJsonAsync($"/api/invitations/{cleoInvitation}/accept", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await ada.PostJsonAsync($"/api/invitations/{cleoInvitation}/decline", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await teacher.PostJsonAsync($"/api/invitations/{cleoInvitation}/accept", null), HttpStatusCode.NotFound);
        using (var withdrawn = await teacher.Http.DeleteAsync(new Uri($"/api/teach/classes/{period9}/invitations/{cleoInvitation}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        }

        using var cleo = await app.SignInAsync(ReportsAndSurveysFixture.Cleo);
        Assert.Empty(await cleo.GetJsonAsync<List<LearnerInvitationDto>>("/api/invitations"));
        await AssertProblemAsync(await cleo.PostJsonAsync($"/api/invitations/{cleoInvitation}/accept", null), HttpStatusCode.NotFound);

        // A teacher's email is invited like anyone's (the answer does not say it is not a learner), and the invitation never reaches them.
        await app.CreateAccountAsync("second.teacher@example.com", Roles.Teacher);
        var toTeacher = Assert.Single((await teacher.PostJsonAsync<RosterResultDto>($"/api/teach/classes/{period9}/learners", new AddLearnerRequest("second.teacher@example.com", "Typed Name", null))).Learners);
        Assert.Equal(RosterChange.StatusInvited, toTeacher.Status);
        Assert.NotNull(toTeacher.Code);
        using var second = await app.SignInAsync("second.teacher@example.com");
        Assert.Empty(await second.GetJsonAsync<List<LearnerInvitationDto>>("/api/invitations"));
        Assert.Empty(await teacher.GetJsonAsync<List<MemberDto>>($"/api/teach/classes/{period9}/learners"));
    }
}

public sealed class SqliteClassInvitationTests() : ClassInvitationTests(TestDatabase.Sqlite);

public sealed class PostgresClassInvitationTests() : ClassInvitationTests(TestDatabase.Postgres);

/// <summary>What a teacher can learn about an email by adding it: nothing, in the answer or in its time.</summary>
public sealed partial class ClassInvitationDisclosureTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Adding_an_email_answers_alike_and_in_the_same_time_whether_or_not_it_has_an_account()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite);
        using var teacher = await app.SignInAsync("teacher@example.com");
        var classId = (await teacher.SendJsonAsync<ClassSettingsDto>(HttpMethod.Post, "/api/teach/classes", new { name = "Probe", courses = new[] { "algebra-1" } }, HttpStatusCode.Created)).Id;
        const int Rounds = 10;
        for (var i = 0; i < Rounds; i++)
        {
            await app.CreateAccountAsync($"known{i}@example.com", Roles.Learner);
        }

        var times = new Dictionary<string, List<double>> { ["known"] = [], ["unknown"] = [] };
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        async Task AddAsync(string kind, string email)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await teacher.PostJsonAsync($"/api/teach/classes/{classId}/learners", new AddLearnerRequest(email, "Pat Doe", null));
            times[kind].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var row = JsonDocument.Parse(body).RootElement.GetProperty("learners")[0];
            Assert.Matches("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$", row.GetProperty("code").GetString());
            var shape = body.Replace(email, "EMAIL", StringComparison.Ordinal).Replace(row.GetProperty("code").GetString()!, "CODE", StringComparison.Ordinal);
            shapes.Add(InvitationId().Replace(shape, "\"invitationId\":ID"));
        }

        for (var i = 0; i < Rounds; i++)
        {
            await AddAsync("known", $"known{i}@example.com");
            await AddAsync("unknown", $"fresh{i}@example.com");
        }

        Assert.True(shapes.Count == 1, "the answers differ: " + string.Join(" | ", shapes));
        var medians = times.ToDictionary(t => t.Key, t => t.Value.Order().ElementAt(t.Value.Count / 2));
        output.WriteLine(string.Join(", ", medians.Select(m => $"{m.Key} {m.Value:0.0} ms (n={times[m.Key].Count})")));

        // A new account costs a password hash and a few writes more than an invitation; the same hash work and the
        // 250 ms floor hide it: the medians agree within 15 %.
        Assert.InRange(medians["unknown"] / medians["known"], 0.85, 1.15);
        Assert.True(medians.Values.Min() >= 0.95 * SignInTiming.FailedAnswerTime.TotalMilliseconds, "an add answered before the floor");
        Assert.Equal(Rounds * 2, await app.QueryAsync(db => db.ClassInvitations.CountAsync(i => i.ClassId == classId)));
    }

    [GeneratedRegex("\"invitationId\":\\d+")]
    private static partial Regex InvitationId();
}
