using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Teaching;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>Classes and rosters: creating and setting up a class, adding learners by email, join code and roster files, and who may.</summary>
public abstract partial class ClassesTests(TestDatabase database)
{
    private const string Teacher = "teacher@example.com";
    private const string Writing = "argument-writing";

    [SkippableFact]
    public async Task The_assign_form_returns_only_to_a_page_of_this_site()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        var adaId = await app.UserIdAsync("ada@example.com");
        var page = $"/teach/classes/{period1.Id}?course={Algebra}";
        var token = Html.AntiforgeryToken(await teacher.GetPageAsync(page));

        foreach (var (returnUrl, expected) in new[]
        {
            ($"/teach/classes/{period1.Id}/learners/{adaId}", $"/teach/classes/{period1.Id}/learners/{adaId}"),
            ("//evil.example/x", $"/teach/classes/{period1.Id}/assignments?course={Algebra}&done=assigned"),
            ("/\\evil.example/x", $"/teach/classes/{period1.Id}/assignments?course={Algebra}&done=assigned"),
            ("https://evil.example/x", $"/teach/classes/{period1.Id}/assignments?course={Algebra}&done=assigned"),
        })
        {
            using var response = await teacher.PostFormAsync(
                $"/forms/teach/classes/{period1.Id}/assign", token, ("course", Algebra), ("skill", RootSkill), ("learner", adaId), ("note", "Warm-up"), ("returnUrl", returnUrl));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"returnUrl {returnUrl}: {(int)response.StatusCode}");
            Assert.Equal(expected, response.Headers.Location!.OriginalString);
        }
    }

    [SkippableFact]
    public async Task A_teacher_creates_a_class_with_its_bar_and_bands_and_changes_them_later()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);

        using var created = await teacher.SubmitFormAsync(
            "/teach/classes/new",
            "/forms/teach/classes/new",
            ("name", "Period 2"),
            ("course", Algebra),
            ("course", Writing),
            ("masteryProbability", "0.9"),
            ("checkPassRatio", "0.6"),
            ("bandLabel", "Start"),
            ("bandMin", "0"),
            ("bandLabel", "Middle"),
            ("bandMin", "0.5"),
            ("bandLabel", ""),
            ("bandMin", ""));

        var classId = ClassIdOf(created, "/roster?created=1");
        var stored = await ClassAsync(app, classId);
        Assert.Equal("Period 2", stored.Name);
        Assert.Equal([Algebra, Writing], stored.Courses.Select(c => c.CourseId).Order());
        Assert.Equal((0.9, 0.6), (stored.MasteryProbability, stored.CheckPassRatio));
        Assert.Equal([new Band("Start", 0), new Band("Middle", 0.5)], ClassBands.Parse(stored.BandsJson));
        Assert.Equal(await app.UserIdAsync(Teacher), stored.TeacherId);
        Assert.Contains("The class was created", Html.Text(await teacher.GetPageAsync($"/teach/classes/{classId}/roster?created=1")), StringComparison.Ordinal);

        var dashboard = Html.Text(await teacher.GetPageAsync($"/teach/classes/{classId}"));
        Assert.Contains("Start: P 0.00–0.50", dashboard, StringComparison.Ordinal);
        Assert.Contains("Middle: P ≥ 0.50", dashboard, StringComparison.Ordinal);

        var settingsPage = $"/teach/classes/{classId}/settings";
        using (var refused = await teacher.SubmitFormAsync(settingsPage, $"/forms/teach/classes/{classId}/settings", ("name", "Period 2"), ("course", Algebra), ("masteryProbability", "0.3"), ("bandLabel", "Up"), ("bandMin", "0.2")))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            var page = await teacher.GetPageAsync(refused.Headers.Location!.OriginalString);
            Assert.Contains("The mastery probability is between 0.50 and 0.99", Html.Text(page), StringComparison.Ordinal);
            Assert.Contains("the first band starts at 0", Html.Text(page), StringComparison.Ordinal);
            Assert.Contains("value=\"0.3\"", page, StringComparison.Ordinal);
        }

        Assert.Equal(0.9, (await ClassAsync(app, classId)).MasteryProbability);

        using (var saved = await teacher.SubmitFormAsync(settingsPage, $"/forms/teach/classes/{classId}/settings", ("name", "Period 2B"), ("course", Algebra), ("masteryProbability", ""), ("checkPassRatio", "1")))
        {
            Assert.Equal($"/teach/classes/{classId}/settings?saved=1", saved.Headers.Location?.OriginalString);
        }

        stored = await ClassAsync(app, classId);
        Assert.Equal(("Period 2B", null, 1.0), (stored.Name, stored.MasteryProbability, stored.CheckPassRatio));
        Assert.Equal([Algebra], stored.Courses.Select(c => c.CourseId));
        Assert.Equal("[]", stored.BandsJson);
        Assert.Contains("recomputed from the raw evidence", Html.Text(await teacher.GetPageAsync(settingsPage + "?saved=1")), StringComparison.Ordinal);
        var audit = await AuditAsync(app, classId);
        Assert.Equal([ClassService.ActionCreate, ClassService.ActionSettings], audit.Select(a => a.Action));
        Assert.Contains("mastery probability 0.90 → course default", audit[1].Details, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_api_creates_a_class_and_replaces_its_settings_and_refuses_bad_ones_with_problems()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);

        var created = await CreateClassAsync(teacher, "API class", [Algebra], 0.85, [new Band("Low", 0), new Band("High", 0.6)]);
        Assert.Equal(("API class", 0.85, 0), (created.Name, created.MasteryProbability, created.Learners));
        Assert.Equal(8, created.JoinCode.Length);

        using (var bad = await teacher.PostJsonAsync("/api/teach/classes", new { name = "", courses = new[] { "no-such-course" }, checkPassRatio = 0.2, bands = new[] { new Band("A", 0.5) } }))
        {
            await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
            var detail = await DetailAsync(bad);
            foreach (var part in new[] { "needs a name", "no course 'no-such-course'", "pass ratio is between 0.50 and 1.00", "starts at 0" })
            {
                Assert.Contains(part, detail, StringComparison.Ordinal);
            }
        }

        using var put = await teacher.Http.PutAsJsonAsync(new Uri($"/api/teach/classes/{created.Id}/settings", UriKind.Relative), new { name = "API class 2", courses = new[] { Algebra, Writing }, checkPassRatio = 0.9 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = (await put.Content.ReadFromJsonAsync<ClassSettingsDto>())!;
        Assert.Equal(("API class 2", null, 0.9), (updated.Name, updated.MasteryProbability, updated.CheckPassRatio));
        Assert.Equal([Algebra, Writing], updated.Courses);
        Assert.Equal(ClassBands.Defaults, updated.Bands);

        var code = await teacher.PostJsonAsync<JoinCodeDto>($"/api/teach/classes/{created.Id}/join-code", null);
        Assert.NotEqual(created.JoinCode, code.JoinCode);
        Assert.Equal(code.JoinCode, (await teacher.GetJsonAsync<ClassSettingsDto>($"/api/teach/classes/{created.Id}/settings")).JoinCode);
    }

    [SkippableFact]
    public async Task OneRoster_files_uploaded_on_the_roster_page_invite_the_students_of_the_class_with_codes_shown_once()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var schoolClass = await CreateClassAsync(teacher, "Algebra 1 - Period 2", [Algebra]);
        var before = await CountsAsync(app);

        using var upload = await UploadAsync(
            teacher,
            schoolClass.Id,
            "oneroster",
            [("oneRosterClass", "c-alg-2")],
            [("users", "oneroster/users.csv"), ("classes", "oneroster/classes.csv"), ("enrollments", "oneroster/enrollments.csv")]);
        var outcomeUrl = upload.Headers.Location!.OriginalString;
        var page = await teacher.GetPageAsync(outcomeUrl);

        var text = Html.Text(page);
        Assert.Contains("3 invited, 0 already in the class", text, StringComparison.Ordinal);
        Assert.Contains("users.csv:5: 'u-ivy' was skipped", text, StringComparison.Ordinal);

        // Ben had an account and Mia had none: both get a code, and nothing on the page tells them apart.
        var codes = Passwords(page);
        Assert.Equal(2, codes.Count);
        var rows = Html.Text(page[page.IndexOf("<tbody>", StringComparison.Ordinal)..page.IndexOf("</tbody>", StringComparison.Ordinal)]);
        Assert.DoesNotContain("new account", rows, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("existing", rows, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before with { Users = before.Users + 2, Audit = before.Audit + 5, Invitations = before.Invitations + 3 }, await CountsAsync(app));
        Assert.Empty(await teacher.GetJsonAsync<List<MemberDto>>($"/api/teach/classes/{schoolClass.Id}/learners"));
        Assert.Equal(
            ["ben@example.com", "mia.sanchez@school.example.org", "noah.kim@school.example.org"],
            (await teacher.GetJsonAsync<List<PendingInvitationDto>>($"/api/teach/classes/{schoolClass.Id}/invitations")).Select(i => i.Email).Order());
        Assert.Equal(
            [ClassService.ActionCreate, ClassService.ActionInvite, ClassService.ActionInvite, ClassService.ActionInvite],
            (await AuditAsync(app, schoolClass.Id)).Select(a => a.Action));
        Assert.Empty(Passwords(await teacher.GetPageAsync(outcomeUrl)));

        // New accounts join at their first sign-in; Ben, who had an account, accepts with his personal code.
        var miaCode = Assert.Single(Passwords(page[page.IndexOf("mia.sanchez@school.example.org", StringComparison.Ordinal)..]).Take(1));
        await AssertSignsInAsync(app, "mia.sanchez@school.example.org", miaCode);
        await AssertSignsInAsync(app, "noah.kim@school.example.org", "Noah-first-day-7");
        var benCode = codes.Single(c => c != miaCode);
        using (var ben = await app.SignInAsync("ben@example.com"))
        {
            Assert.Contains("invites you to the class Algebra 1 - Period 2", Html.Text(await ben.GetPageAsync("/")), StringComparison.Ordinal);
            using var joined = await ben.SubmitFormAsync("/join", "/forms/join", ("code", benCode));
            Assert.Equal($"/join?joined={schoolClass.Id}", joined.Headers.Location?.OriginalString);
        }

        var mia = await app.QueryAsync(db => db.Users.SingleAsync(u => u.Email == "mia.sanchez@school.example.org"));
        Assert.Equal("Mia Sanchez", mia.DisplayName);
        Assert.True(await app.QueryAsync(db => db.UserRoles.AnyAsync(r => r.UserId == mia.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Learner))));
        Assert.NotNull(await app.EnrollmentAsync("mia.sanchez@school.example.org", Algebra));
        Assert.Equal(
            ["ben@example.com", "mia.sanchez@school.example.org", "noah.kim@school.example.org"],
            (await teacher.GetJsonAsync<List<MemberDto>>($"/api/teach/classes/{schoolClass.Id}/learners")).Select(m => m.Email).Order());
        Assert.Empty(await teacher.GetJsonAsync<List<PendingInvitationDto>>($"/api/teach/classes/{schoolClass.Id}/invitations"));
        var after = await CountsAsync(app);
        Assert.Equal(before with { Users = before.Users + 2, Memberships = before.Memberships + 3, Audit = before.Audit + 8, Enrollments = before.Enrollments + 2 }, after);

        // The same export in a .zip: everybody is already in the class, nothing changes.
        using var again = await teacher.Http.PostAsJsonAsync(
            new Uri($"/api/teach/classes/{schoolClass.Id}/roster", UriKind.Relative),
            new RosterImportRequest(null, null, null, null, Convert.ToBase64String(RosterFixtures.Zip("oneroster")), "c-alg-2"));
        var result = (await again.Content.ReadFromJsonAsync<RosterResultDto>())!;
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.All(result.Learners, l => Assert.Equal(RosterChange.StatusAlreadyMember, l.Status));
        Assert.Equal(after, await CountsAsync(app));
    }

    [SkippableFact]
    public async Task A_simple_csv_through_the_api_invites_new_and_existing_learners_alike()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var schoolClass = await CreateClassAsync(teacher, "CSV class", [Algebra, Writing]);
        var before = await CountsAsync(app);

        var result = await teacher.PostJsonAsync<RosterResultDto>($"/api/teach/classes/{schoolClass.Id}/roster", new RosterImportRequest(RosterFixtures.Text("simple.csv"), null, null, null, null, null));

        // Olivia is new, Cleo had an account: the same status, a code each, and the name the teacher typed.
        Assert.Equal(
            [("olivia.park@school.example.org", "Olivia Park", "invited", true, "roster.csv:2"), ("ethan.ruiz@school.example.org", "Ethan Ruiz", "invited", false, "roster.csv:3"), ("cleo@example.com", "Cleo Learner", "invited", true, "roster.csv:4")],
            result.Learners.Select(l => (l.Email, l.Name, l.Status, l.Code is not null, l.Where)).ToList());
        Assert.All(result.Learners, l => Assert.Null(l.LearnerId));
        Assert.All(result.Learners.Where(l => l.Code is not null), l => Assert.Matches("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$", l.Code!));
        Assert.Equal(before with { Users = before.Users + 2, Audit = before.Audit + 5, Invitations = before.Invitations + 3 }, await CountsAsync(app));
        await AssertSignsInAsync(app, "olivia.park@school.example.org", result.Learners[0].Code!);
        await AssertSignsInAsync(app, "ethan.ruiz@school.example.org", "Ethan-pass-2026");
        Assert.Equal(before with { Users = before.Users + 2, Memberships = before.Memberships + 2, Audit = before.Audit + 7, Invitations = before.Invitations + 1, Enrollments = before.Enrollments + 4 }, await CountsAsync(app));

        // Until Cleo accepts, her teacher sees nothing of her: not her page, not her in the class.
        var cleoId = await app.UserIdAsync("cleo@example.com");
        await AssertProblemAsync(await teacher.GetAsync($"/api/teach/classes/{schoolClass.Id}/learners/{cleoId}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain("Cleo Learner", Html.Text(await teacher.GetPageAsync($"/teach/classes/{schoolClass.Id}")), StringComparison.Ordinal);

        // Cleo's code is not a password; it accepts on the join page once she is signed in as herself.
        using (var visitor = app.Anonymous())
        using (var wrong = await visitor.PostSignInAsync("cleo@example.com", result.Learners[2].Code!))
        {
            Assert.StartsWith("/account/login", wrong.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        var byEmail = await teacher.PostJsonAsync<RosterResultDto>($"/api/teach/classes/{schoolClass.Id}/learners", new AddLearnerRequest("kai.new@school.example.org", "Kai New", null));
        var kai = Assert.Single(byEmail.Learners);
        Assert.Equal(("invited", "Kai New"), (kai.Status, kai.Name));
        await AssertSignsInAsync(app, "kai.new@school.example.org", kai.Code!);
        var existing = Assert.Single((await teacher.PostJsonAsync<RosterResultDto>($"/api/teach/classes/{schoolClass.Id}/learners", new AddLearnerRequest("dev@example.com", null, null))).Learners);
        Assert.Equal(("invited", "dev", true), (existing.Status, existing.Name, existing.Code is not null));
    }

    [SkippableFact]
    public async Task Bad_rows_are_reported_by_file_and_line_and_nothing_is_imported()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var schoolClass = await CreateClassAsync(teacher, "Algebra 1 - Period 2", [Algebra]);
        var before = await CountsAsync(app);

        using (var upload = await UploadAsync(teacher, schoolClass.Id, "csv", [], [("csv", "simple-bad.csv")]))
        {
            var text = Html.Text(await teacher.GetPageAsync(upload.Headers.Location!.OriginalString));
            Assert.Contains("Nothing was imported", text, StringComparison.Ordinal);
            Assert.Contains("simple-bad.csv:3 missing email", text, StringComparison.Ordinal);
            Assert.Contains("simple-bad.csv:4 bad email 'not-an-email'", text, StringComparison.Ordinal);
            Assert.Contains("simple-bad.csv:5 duplicate: olivia.park@school.example.org is also on line 2", text, StringComparison.Ordinal);
            Assert.Contains("simple-bad.csv:6 the password does not meet the rules", text, StringComparison.Ordinal);
        }

        using (var header = await UploadAsync(teacher, schoolClass.Id, "csv", [], [("csv", "simple-wrong-header.csv")]))
        {
            Assert.Contains("simple-wrong-header.csv:1 wrong header", Html.Text(await teacher.GetPageAsync(header.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        }

        using (var oneRoster = await teacher.PostJsonAsync(
            $"/api/teach/classes/{schoolClass.Id}/roster",
            new RosterImportRequest(null, RosterFixtures.Text("oneroster-bad/users.csv"), RosterFixtures.Text("oneroster-bad/classes.csv"), RosterFixtures.Text("oneroster-bad/enrollments.csv"), null, null)))
        {
            await AssertProblemAsync(oneRoster, HttpStatusCode.BadRequest);
            (string File, int Line, string Reason)[] expected =
            [
                ("enrollments.csv", 5, "unknown user reference 'u-ghost'"),
                ("enrollments.csv", 6, "duplicate: user 'u-mia'"),
                ("users.csv", 3, "neither email nor username for student 'u-noah'"),
                ("users.csv", 4, "bad email 'ava.patel(at)school.example.org'"),
                ("users.csv", 5, "duplicate sourcedId 'u-mia'"),
            ];
            var problems = await ProblemsAsync(oneRoster);
            Assert.Equal(expected.Select(e => (e.File, e.Line)), problems.Select(p => (p.File, p.Line)));
            Assert.All(expected.Zip(problems), pair => Assert.StartsWith(pair.First.Reason, pair.Second.Reason, StringComparison.Ordinal));
        }

        // One good new learner and one bad row: the good one is not created either.
        using (var mixed = await teacher.PostJsonAsync($"/api/teach/classes/{schoolClass.Id}/roster", new RosterImportRequest("email,name,password\nfresh.face@school.example.org,Fresh Face,\ntess@example.com,Tess,short\n", null, null, null, null, null)))
        {
            await AssertProblemAsync(mixed, HttpStatusCode.BadRequest);
            var problem = Assert.Single(await ProblemsAsync(mixed));
            Assert.Equal(("roster.csv", 3), (problem.File, problem.Line));
            Assert.Contains("the password does not meet the rules", problem.Reason, StringComparison.Ordinal);
        }

        using (var badEmail = await teacher.PostJsonAsync($"/api/teach/classes/{schoolClass.Id}/learners", new AddLearnerRequest("no-at-sign", null, null)))
        {
            await AssertProblemAsync(badEmail, HttpStatusCode.BadRequest);
        }

        using (var tooLarge = await UploadAsync(teacher, schoolClass.Id, "csv", [], [], ("csv", "big.csv", new byte[RosterFiles.MaxFileBytes + 10])))
        {
            Assert.Contains("big.csv the file is 2.0 MB; the limit is 2 MB", Html.Text(await teacher.GetPageAsync(tooLarge.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        }

        Assert.Equal(before, await CountsAsync(app));
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "fresh.face@school.example.org")));
    }

    [SkippableFact]
    public async Task A_learner_joins_with_the_class_code_and_a_new_code_stops_the_old_one()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var schoolClass = await CreateClassAsync(teacher, "Joinable", [Algebra, Writing]);
        using var dev = await app.SignInAsync("dev@example.com");
        var devId = await app.UserIdAsync("dev@example.com");
        await app.QueryAsync(async db => await db.Enrollments.Where(e => e.UserId == devId).ExecuteDeleteAsync());

        var typed = schoolClass.JoinCode.ToLowerInvariant().Insert(4, "-");
        using (var joined = await dev.SubmitFormAsync("/join", "/forms/join", ("code", typed)))
        {
            Assert.Equal($"/join?joined={schoolClass.Id}", joined.Headers.Location?.OriginalString);
            var text = Html.Text(await dev.GetPageAsync(joined.Headers.Location!.OriginalString));
            Assert.Contains("You joined Joinable", text, StringComparison.Ordinal);
        }

        Assert.True(await app.QueryAsync(db => db.ClassMemberships.AnyAsync(m => m.ClassId == schoolClass.Id && m.LearnerId == devId)));
        Assert.Equal([Algebra, Writing], await app.QueryAsync(db => db.Enrollments.Where(e => e.UserId == devId).Select(e => e.CourseId).OrderBy(c => c).ToListAsync()));
        var audit = Assert.Single(await AuditAsync(app, schoolClass.Id), a => a.Action != ClassService.ActionCreate);
        Assert.Equal((ClassService.ActionJoin, devId, devId), (audit.Action, audit.ActorId, audit.SubjectUserId));

        var again = await dev.PostJsonAsync<JoinedDto>("/api/join", new JoinRequest(schoolClass.JoinCode));
        Assert.True(again.AlreadyMember);
        Assert.Equal(1, await app.QueryAsync(db => db.ClassMemberships.CountAsync(m => m.ClassId == schoolClass.Id)));

        using (var regenerated = await teacher.SubmitFormAsync($"/teach/classes/{schoolClass.Id}/roster", $"/forms/teach/classes/{schoolClass.Id}/join-code"))
        {
            Assert.Equal(HttpStatusCode.Redirect, regenerated.StatusCode);
        }

        var newCode = (await ClassAsync(app, schoolClass.Id)).JoinCode;
        Assert.NotEqual(schoolClass.JoinCode, newCode);
        using var cleo = await app.SignInAsync("cleo@example.com");
        using (var stale = await cleo.SubmitFormAsync("/join", "/forms/join", ("code", schoolClass.JoinCode)))
        {
            var target = new Uri(new Uri("http://localhost"), stale.Headers.Location!);
            Assert.Equal("/join", target.AbsolutePath);
            Assert.Contains("No class has the code", QueryHelpers.ParseQuery(target.Query)["error"].ToString(), StringComparison.Ordinal);
        }

        using (var staleApi = await cleo.PostJsonAsync("/api/join", new JoinRequest(schoolClass.JoinCode)))
        {
            await AssertProblemAsync(staleApi, HttpStatusCode.NotFound);
        }

        Assert.False((await cleo.PostJsonAsync<JoinedDto>("/api/join", new JoinRequest(newCode))).AlreadyMember);
        using (var teacherJoins = await teacher.PostJsonAsync("/api/join", new JoinRequest(newCode)))
        {
            await AssertProblemAsync(teacherJoins, HttpStatusCode.BadRequest);
        }

        Assert.Equal(2, await app.QueryAsync(db => db.ClassMemberships.CountAsync(m => m.ClassId == schoolClass.Id)));
    }

    [SkippableFact]
    public async Task Changing_the_bar_changes_a_learners_state_by_replaying_the_evidence()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        var settings = await teacher.GetJsonAsync<ClassSettingsDto>($"/api/teach/classes/{period1.Id}/settings");
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);

        // Right, right, wrong: three answers, P(mastered) well between 0.6 and the course's 0.95.
        foreach (var right in new[] { true, true, false })
        {
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
            _ = right ? await ada.AnswerCorrectlyAsync(attempt.AttemptId) : await ada.AnswerWronglyAsync(attempt.AttemptId);
            app.Time.Advance(TimeSpan.FromSeconds(40));
        }

        var atCourseBar = await ada.SkillAsync(Algebra, RootSkill);
        Assert.InRange(atCourseBar.Probability, 0.605, 0.94);
        Assert.False(atCourseBar.ReadyForCheck);
        var eventsBefore = (await app.EventsAsync("ada@example.com", Algebra)).Count;

        await PutSettingsAsync(teacher, period1.Id, settings with { MasteryProbability = 0.6 });

        Assert.True((await ada.SkillAsync(Algebra, RootSkill)).ReadyForCheck);
        var adaId = await app.UserIdAsync("ada@example.com");
        var seenByTeacher = await teacher.GetJsonAsync<LearnerDetailDto>($"/api/teach/classes/{period1.Id}/learners/{adaId}?course={Algebra}");
        Assert.True(seenByTeacher.Skills.Single(s => s.SkillId == RootSkill).ReadyForCheck);
        Assert.Equal((await ada.SkillAsync(Algebra, RootSkill)).Probability, atCourseBar.Probability, 6);

        await PutSettingsAsync(teacher, period1.Id, settings with { MasteryProbability = 0.99 });

        Assert.False((await ada.SkillAsync(Algebra, RootSkill)).ReadyForCheck);
        Assert.Equal(eventsBefore, (await app.EventsAsync("ada@example.com", Algebra)).Count);
        Assert.Equal([ClassService.ActionSettings, ClassService.ActionSettings], (await AuditAsync(app, period1.Id)).Select(a => a.Action));
    }

    [SkippableFact]
    public async Task Removing_a_learner_keeps_their_account_and_evidence_and_is_audited()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        var benId = await app.UserIdAsync("ben@example.com");
        var enrollments = await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.UserId == benId));

        using (var removed = await teacher.SubmitFormAsync($"/teach/classes/{period1.Id}/roster", $"/forms/teach/classes/{period1.Id}/learners/{benId}/remove"))
        {
            Assert.Equal($"/teach/classes/{period1.Id}/roster?removed=1", removed.Headers.Location?.OriginalString);
        }

        Assert.DoesNotContain(await teacher.GetJsonAsync<List<MemberDto>>($"/api/teach/classes/{period1.Id}/learners"), m => m.LearnerId == benId);
        Assert.Equal(enrollments, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.UserId == benId)));
        var audit = Assert.Single(await AuditAsync(app, period1.Id));
        Assert.Equal((ClassService.ActionRemove, benId, await app.UserIdAsync(Teacher)), (audit.Action, audit.SubjectUserId, audit.ActorId));

        using var twice = await teacher.Http.DeleteAsync(new Uri($"/api/teach/classes/{period1.Id}/learners/{benId}", UriKind.Relative));
        await AssertProblemAsync(twice, HttpStatusCode.NotFound);
        await AssertSignsInAsync(app, "ben@example.com", DemoData.Password);
    }

    [SkippableFact]
    public async Task A_teacher_gets_404_for_another_teachers_class_and_a_learner_is_refused_everywhere_but_join()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        await CreateAccountAsync(app, "other.teacher@example.com", Roles.Teacher);
        using var other = await app.SignInAsync("other.teacher@example.com");
        var adaId = await app.UserIdAsync("ada@example.com");
        var before = await CountsAsync(app);

        Assert.Empty(await other.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        foreach (var page in new[] { $"/teach/classes/{period1.Id}/roster", $"/teach/classes/{period1.Id}/settings" })
        {
            using var response = await other.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {page}: {(int)response.StatusCode}");
        }

        var token = Html.AntiforgeryToken(await other.GetPageAsync("/teach/classes/new"));
        foreach (var (action, fields) in new (string, (string, string)[])[]
        {
            ($"/forms/teach/classes/{period1.Id}/settings", [("name", "Mine now"), ("course", Algebra)]),
            ($"/forms/teach/classes/{period1.Id}/learners", [("email", "zed@school.example.org")]),
            ($"/forms/teach/classes/{period1.Id}/learners/{adaId}/remove", []),
            ($"/forms/teach/classes/{period1.Id}/join-code", []),
        })
        {
            using var response = await other.PostFormAsync(action, token, fields);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {action}: {(int)response.StatusCode}");
        }

        await AssertProblemAsync(await other.GetAsync($"/api/teach/classes/{period1.Id}/settings"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.Http.PutAsJsonAsync(new Uri($"/api/teach/classes/{period1.Id}/settings", UriKind.Relative), new { name = "Mine", courses = new[] { Algebra } }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.PostJsonAsync($"/api/teach/classes/{period1.Id}/learners", new AddLearnerRequest("zed@school.example.org", null, null)), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.PostJsonAsync($"/api/teach/classes/{period1.Id}/roster", new RosterImportRequest(RosterFixtures.Text("simple.csv"), null, null, null, null, null)), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.Http.DeleteAsync(new Uri($"/api/teach/classes/{period1.Id}/learners/{adaId}", UriKind.Relative)), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.PostJsonAsync($"/api/teach/classes/{period1.Id}/join-code", null), HttpStatusCode.NotFound);

        using var admin = await app.SignInAsync("admin@example.com");
        Assert.Equal(period1.JoinCode, (await admin.GetJsonAsync<ClassSettingsDto>($"/api/teach/classes/{period1.Id}/settings")).JoinCode);

        using var ada = await app.SignInAsync("ada@example.com");
        foreach (var page in new[] { "/teach/classes/new", $"/teach/classes/{period1.Id}/roster", $"/teach/classes/{period1.Id}/settings" })
        {
            using var response = await ada.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/error/403", PathOf(response));
        }

        var adaToken = Html.AntiforgeryToken(await ada.GetPageAsync("/join"));
        using (var form = await ada.PostFormAsync("/forms/teach/classes/new", adaToken, ("name", "Ada's class"), ("course", Algebra)))
        {
            Assert.Equal("/error/403", PathOf(form));
        }

        await AssertProblemAsync(await ada.PostJsonAsync("/api/teach/classes", new { name = "Ada's class", courses = new[] { Algebra } }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await ada.PostJsonAsync($"/api/teach/classes/{period1.Id}/roster", new RosterImportRequest(RosterFixtures.Text("simple.csv"), null, null, null, null, null)), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await ada.GetAsync($"/api/teach/classes/{period1.Id}/learners"), HttpStatusCode.Forbidden);
        Assert.Contains("action=\"/forms/join\"", await ada.GetPageAsync("/join"), StringComparison.Ordinal);

        Assert.Equal(before, await CountsAsync(app));
        Assert.Equal(period1.Name, (await ClassAsync(app, period1.Id)).Name);
    }

    /// <summary>Rows that roster changes add to.</summary>
    private sealed record Counts(int Users, int Memberships, int Enrollments, int Audit, int Invitations);

    private sealed record Problem(string File, int Line, string Reason);

    private static Task<Counts> CountsAsync(MasteryPathAppFactory app) =>
        app.QueryAsync(async db => new Counts(await db.Users.CountAsync(), await db.ClassMemberships.CountAsync(), await db.Enrollments.CountAsync(), await db.AuditLog.CountAsync(), await db.ClassInvitations.CountAsync()));

    private static Task<SchoolClass> ClassAsync(MasteryPathAppFactory app, long classId) =>
        app.QueryAsync(db => db.Classes.AsNoTracking().Include(c => c.Courses).SingleAsync(c => c.Id == classId));

    private static Task<List<AuditEntry>> AuditAsync(MasteryPathAppFactory app, long classId) =>
        app.QueryAsync(db => db.AuditLog.AsNoTracking().Where(a => a.ClassId == classId).OrderBy(a => a.Id).ToListAsync());

    private static async Task<ClassSettingsDto> CreateClassAsync(LearnerClient teacher, string name, string[] courses, double? probability = null, Band[]? bands = null)
    {
        using var response = await teacher.PostJsonAsync("/api/teach/classes", new ClassSettingsRequest(name, courses, probability, null, bands));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ClassSettingsDto>())!;
    }

    private static async Task PutSettingsAsync(LearnerClient teacher, long classId, ClassSettingsDto settings)
    {
        using var response = await teacher.Http.PutAsJsonAsync(
            new Uri($"/api/teach/classes/{classId}/settings", UriKind.Relative),
            new ClassSettingsRequest(settings.Name, settings.Courses, settings.MasteryProbability, settings.CheckPassRatio, settings.Bands));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a roster upload form (multipart, with the roster page's antiforgery token); returns the redirect to the outcome.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(LearnerClient teacher, long classId, string form, (string Name, string Value)[] fields, (string Name, string Fixture)[] files, (string Name, string FileName, byte[] Content)? raw = null)
    {
        var page = await teacher.GetPageAsync($"/teach/classes/{classId}/roster");
        var action = $"/forms/teach/classes/{classId}/roster/{form}";
        Assert.Contains($"action=\"{action}\"", page, StringComparison.Ordinal);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Html.AntiforgeryToken(page)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, fileName, bytes) in files.Select(f => (f.Name, Path.GetFileName(f.Fixture), RosterFixtures.Bytes(f.Fixture))).Concat(raw is { } r ? [r] : []))
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(file, name, fileName);
        }

        var response = await teacher.Http.PostAsync(new Uri(action, UriKind.Relative), content);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {action}: {(int)response.StatusCode}");
        Assert.StartsWith($"/teach/classes/{classId}/roster?outcome=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        return response;
    }

    private static long ClassIdOf(HttpResponseMessage response, string suffix)
    {
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        var match = ClassUrl().Match(location);
        Assert.True(match.Success && location.EndsWith(suffix, StringComparison.Ordinal), $"redirected to '{location}'");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string PathOf(HttpResponseMessage redirect) => new Uri(new Uri("http://localhost"), redirect.Headers.Location!).AbsolutePath;

    private static IReadOnlyList<string> Passwords(string page) => PasswordCode().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    private static async Task AssertSignsInAsync(MasteryPathAppFactory app, string email, string password)
    {
        using var visitor = app.Anonymous();
        using var response = await visitor.PostSignInAsync(email, password);
        Assert.True(response.Headers.Location?.OriginalString == "/", $"{email} could not sign in: {response.Headers.Location}");
    }

    private static async Task CreateAccountAsync(MasteryPathAppFactory app, string email, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, CreatedAt = app.Time.GetUtcNow() };
        Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString() ?? string.Empty;
    }

    private static async Task<List<Problem>> ProblemsAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => new Problem(p.GetProperty("file").GetString()!, p.GetProperty("line").GetInt32(), p.GetProperty("reason").GetString()!))
            .ToList();
    }

    [GeneratedRegex("^/teach/classes/([0-9]+)/")]
    private static partial Regex ClassUrl();

    [GeneratedRegex("<code class=\"password\">([^<]+)</code>")]
    private static partial Regex PasswordCode();
}

public sealed class SqliteClassesTests() : ClassesTests(TestDatabase.Sqlite);

public sealed class PostgresClassesTests() : ClassesTests(TestDatabase.Postgres);
