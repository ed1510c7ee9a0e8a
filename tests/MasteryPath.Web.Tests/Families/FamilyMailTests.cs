using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MasteryPath.Web.Families;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests.Families;

/// <summary>Mail to parents through a real SMTP server: the weekly digest (once per parent and week, across a restart) and a teacher's message.</summary>
public sealed class FamilyMailTests
{
    private static Dictionary<string, string> MailSettings(SmtpServer smtp) => new()
    {
        ["MasteryPath:Mail:Host"] = "127.0.0.1",
        ["MasteryPath:Mail:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["MasteryPath:Mail:Security"] = "none",
        ["MasteryPath:Mail:PublicBaseUrl"] = "https://mastery.school.example",
        ["MasteryPath:Families:CheckMinutes"] = "60",
    };

    [SkippableFact]
    public async Task The_weekly_digest_tells_the_parent_what_the_child_mastered_once_per_week_even_after_a_restart()
    {
        using var smtp = await SmtpServer.StartAsync();
        var connectionString = await MasteryPathAppFactory.CreateDatabaseAsync(TestDatabase.Sqlite);
        try
        {
            DateTimeOffset sendAt;
            await using (var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite, connectionString: connectionString, settings: MailSettings(smtp)))
            {
                // Away from the end of a week, so that the mastery below falls in the week whose digest is checked.
                if (LearningService.WeekStart(app.Time.GetUtcNow()).AddDays(7) - app.Time.GetUtcNow() < TimeSpan.FromHours(3))
                {
                    app.Time.Advance(TimeSpan.FromHours(4));
                }

                sendAt = FamilyWorld.DigestTime(app.Time.GetUtcNow());
                using var ada = await app.SignInAsync("ada@example.com");
                await ada.SkipPlacementAsync(Algebra);
                await ada.MasterAsync(Algebra, RootSkill);
                using var teacher = await app.SignInAsync("teacher@example.com");
                var classId = await app.QueryAsync(db => db.Classes.Select(c => c.Id).FirstAsync());
                var due = DateOnly.FromDateTime(sendAt.UtcDateTime).AddDays(4);
                var next = await NextSkillAsync(ada);
                await teacher.SendJsonAsync<Teaching.Assignments.AssignmentDto>(HttpMethod.Post, $"/api/teach/classes/{classId}/assignments", new { course = Algebra, skills = new[] { next }, wholeClass = true, dueOn = due }, HttpStatusCode.Created);

                // A second parent of Ada who opted out gets nothing.
                var code = await ada.IssueCodeAsync();
                using var rob = app.Anonymous();
                await rob.JoinAsNewParentAsync(code, "rob@example.com");
                using (var off = await rob.SubmitFormAsync("/family", "/forms/family/digest", ("wanted", "false")))
                {
                    Assert.Equal("/family?digest=1", off.Headers.Location!.OriginalString);
                }

                Assert.Empty(smtp.Messages);
                var worker = app.Services.GetRequiredService<FamilyDigestWorker>();
                var runs = worker.Runs;
                app.Time.Advance(sendAt - app.Time.GetUtcNow());
                var mail = Assert.Single(await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30)));
                var body = Body(mail);
                Assert.Contains("To: parent@example.com", mail, StringComparison.Ordinal);
                Assert.Contains("Subject: Ada's week at MasteryPath", mail, StringComparison.Ordinal);
                Assert.True(body.Contains($"That week Ada mastered 1 skill: {app.SkillTitle(Algebra, RootSkill)}.", StringComparison.Ordinal), body);
                Assert.Contains($"Due: {app.SkillTitle(Algebra, next)} by {FamilyWording.Day(due)}", body, StringComparison.Ordinal);
                Assert.Contains("https://mastery.school.example/family/child/", body, StringComparison.Ordinal);
                await WaitAsync(() => worker.Runs > runs);

                // The next check in the same week sends nothing more.
                runs = worker.Runs;
                app.Time.Advance(TimeSpan.FromMinutes(61));
                await WaitAsync(() => worker.Runs > runs);
                Assert.Single(smtp.Messages);
            }

            // A restart on the same database, at the same hour, finds the digest recorded and sends it not again.
            await using (var restarted = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite, connectionString: connectionString, settings: MailSettings(smtp)))
            {
                var worker = restarted.Services.GetRequiredService<FamilyDigestWorker>();
                await WaitAsync(() => worker.Runs > 0);
                var runs = worker.Runs;
                restarted.Time.Advance(sendAt.AddMinutes(5) - restarted.Time.GetUtcNow());
                await WaitAsync(() => worker.Runs > runs);
                await Task.Delay(500);
                Assert.Single(smtp.Messages);
                Assert.Equal(1, await restarted.QueryAsync(db => db.FamilyDigests.CountAsync()));
            }
        }
        finally
        {
            await MasteryPathAppFactory.DropDatabaseAsync(TestDatabase.Sqlite, connectionString);
        }
    }

    [SkippableFact]
    public async Task A_teachers_message_reaches_the_parent_by_email_and_on_the_childs_page()
    {
        using var smtp = await SmtpServer.StartAsync();
        await using var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite, settings: MailSettings(smtp));
        var adaId = await app.UserIdAsync("ada@example.com");
        var classId = await app.QueryAsync(db => db.Classes.Select(c => c.Id).FirstAsync());
        using var teacher = await app.SignInAsync("teacher@example.com");
        const string Text = "Ada explained fractions to the whole class today. Ask her about it!";
        var learnerPage = $"/teach/classes/{classId}/learners/{adaId}";
        using (var sent = await teacher.SubmitFormAsync(learnerPage, $"/forms{learnerPage}/family-message", ("text", Text)))
        {
            Assert.Equal($"{learnerPage}?familySent=1#family", sent.Headers.Location!.OriginalString);
        }

        var mail = Assert.Single(await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Contains("To: parent@example.com", mail, StringComparison.Ordinal);
        Assert.Contains("Subject: A message from Tess Teacher about Ada Learner", mail, StringComparison.Ordinal);
        Assert.Contains(Text, Body(mail), StringComparison.Ordinal);

        using var pat = await app.SignInAsync("parent@example.com");
        var page = Html.Text(await pat.GetPageAsync($"/family/child/{adaId}"));
        Assert.Contains(Text, page, StringComparison.Ordinal);
        Assert.Contains("Tess Teacher", page, StringComparison.Ordinal);

        // Ben has no parent: the teacher is told so, and nothing is stored or sent.
        var benId = await app.UserIdAsync("ben@example.com");
        var benPage = await teacher.GetPageAsync($"/teach/classes/{classId}/learners/{benId}");
        Assert.DoesNotContain("family-message-form", benPage, StringComparison.Ordinal);
        using (var none = await teacher.PostFormAsync($"/forms/teach/classes/{classId}/learners/{benId}/family-message", Html.AntiforgeryToken(benPage), ("text", Text)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        }

        Assert.Equal(1, await app.QueryAsync(db => db.FamilyMessages.CountAsync()));
    }

    /// <summary>A skill Ada can open next and has not mastered: one that builds on the root skill.</summary>
    private static async Task<string> NextSkillAsync(LearnerClient ada) =>
        (await ada.MapAsync(Algebra)).Skills.First(s => s.State is "Ready" or "InProgress").Id;

    /// <summary>The body as sent: quoted-printable soft line breaks undone.</summary>
    private static string Body(string mail) => Regex.Replace(mail, "=\r?\n", string.Empty).Replace("=3D", "=", StringComparison.Ordinal).Replace("=E2=80=99", "’", StringComparison.Ordinal);

    private static async Task WaitAsync(Func<bool> condition)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), "the digest worker did not run");
            await Task.Delay(50);
        }
    }
}
