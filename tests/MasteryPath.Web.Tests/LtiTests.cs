using System.Net;
using System.Text.Json;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Interop.Lti;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Tests;

/// <summary>
/// MasteryPath as an LTI 1.3 tool, end to end against a test LMS written from the 1EdTech specifications and run on
/// Kestrel (real HTTP both ways, real RSA keys): launches that make or match the teacher, the class and the learners
/// and land them signed in; every way a launch is refused; the roster from NRPS.
/// </summary>
public abstract class LtiTests(TestDatabase database)
{
    [SkippableFact]
    public async Task A_teacher_launch_makes_the_class_and_syncs_its_roster_and_a_learner_launch_lands_on_the_linked_skill_signed_in()
    {
        await using var world = await LtiWorld.StartAsync(database);
        var nobody = new LtiPerson("lms-learner-2", "Nia NoAddress", null, LtiPerson.Learner);
        var gone = new LtiPerson("lms-learner-3", "Gus Gone", "gus@lincoln.example", LtiPerson.Learner);
        world.Platform.SetMembers("course-section-3", LtiWorld.Teacher, LtiWorld.Learner, nobody, gone);

        using var tess = world.App.Anonymous();
        var landing = await world.LaunchOkAsync(tess, LtiWorld.Plan(LtiWorld.Teacher));
        Assert.Matches("^/teach/classes/[0-9]+$", landing);
        var classId = long.Parse(landing["/teach/classes/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Algebra 1 – Period 3", Html.Text(await tess.GetPageAsync(landing)), StringComparison.Ordinal);

        var tessId = await world.UserIdBySubjectAsync(LtiWorld.Teacher.Subject);
        var schoolClass = await world.QueryAsync(db => db.Classes.Include(c => c.Courses).Include(c => c.Members).AsNoTracking().SingleAsync(c => c.Id == classId));
        Assert.Equal(tessId, schoolClass.TeacherId);
        Assert.Equal([LtiWorld.Course], schoolClass.Courses.Select(c => c.CourseId));
        var tessRoles = await world.QueryAsync(db => db.UserRoles.Where(r => r.UserId == tessId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync());
        Assert.Equal([Roles.Teacher], tessRoles);

        // The roster came from NRPS (two pages of two): the three learners, the learner without an address too; not the teacher.
        var members = await MembersAsync(world, classId);
        Assert.Equal(["Gus Gone", "Lee Learner", "Nia NoAddress"], members);
        Assert.Null(await world.QueryAsync(db => db.Users.Where(u => u.DisplayName == "Nia NoAddress").Select(u => u.Email).SingleAsync()));

        // They joined as a join code would have them join: enrolled in the class's course, with an audit entry each.
        var enrolled = await world.QueryAsync(db => db.ClassMemberships.Where(m => m.ClassId == classId)
            .Join(db.Enrollments.Where(e => e.CourseId == LtiWorld.Course), m => m.LearnerId, e => e.UserId, (m, _) => m.LearnerId).CountAsync());
        Assert.Equal(3, enrolled);
        Assert.Equal(3, await world.QueryAsync(db => db.AuditLog.CountAsync(a => a.ClassId == classId && a.Action == LtiLaunchService.ActionJoin)));

        // Lee's launch finds the account the roster made (by subject id) and lands on the linked skill, signed in.
        using var lee = world.App.Anonymous();
        Assert.Equal($"/courses/{LtiWorld.Course}/skills/{LtiWorld.Skill}", await world.LaunchOkAsync(lee, LtiWorld.Plan(LtiWorld.Learner)));
        Assert.Contains("Sign out", await lee.GetPageAsync($"/courses/{LtiWorld.Course}/skills/{LtiWorld.Skill}"), StringComparison.Ordinal);
        Assert.Equal(1, await world.QueryAsync(db => db.Users.CountAsync(u => u.Email == "lee@lincoln.example")));

        // A learner the LMS gives a known address (a demo learner's) is linked to that account, once, and joins.
        var adaId = await world.App.UserIdAsync("ada@example.com");
        using var ada = world.App.Anonymous();
        await world.LaunchOkAsync(ada, LtiWorld.Plan(new LtiPerson("lms-ada", "Ada", "ada@example.com", LtiPerson.Learner)));
        Assert.Equal(adaId, await world.UserIdBySubjectAsync("lms-ada"));
        Assert.Contains("Ada Learner", await MembersAsync(world, classId));

        // The same LMS course opened again by its teacher is the same class; Gus has left the LMS course, and the
        // teacher's button takes him out.
        using var again = world.App.Anonymous();
        Assert.Equal(landing, await world.LaunchOkAsync(again, LtiWorld.Plan(LtiWorld.Teacher)));
        world.Platform.SetMembers("course-section-3", LtiWorld.Teacher, LtiWorld.Learner, nobody, gone with { Status = "Inactive" });
        var roster = await again.GetPageAsync($"/teach/classes/{classId}/roster");
        Assert.Contains($"action=\"/teach/classes/{classId}/lti/roster-sync\"", roster, StringComparison.Ordinal);
        using (var sync = await again.PostFormAsync($"/teach/classes/{classId}/lti/roster-sync", Html.AntiforgeryToken(roster)))
        {
            Assert.Equal(HttpStatusCode.Redirect, sync.StatusCode);
            Assert.Contains("The roster was synced with the LMS", await again.GetPageAsync(sync.Headers.Location!.OriginalString), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Gus Gone", await MembersAsync(world, classId));
        Assert.Equal(1, await world.QueryAsync(db => db.AuditLog.CountAsync(a => a.ClassId == classId && a.Action == LtiRoster.ActionRemove)));
        Assert.Equal(1, await world.QueryAsync(db => db.Classes.CountAsync(c => c.Name == "Algebra 1 – Period 3")));
        Assert.Empty(world.Platform.Refusals);
    }

    [SkippableFact]
    public async Task Forged_expired_replayed_and_foreign_launches_are_refused_in_words_and_sign_nobody_in()
    {
        await using var world = await LtiWorld.StartAsync(database);
        using (var tess = world.App.Anonymous())
        {
            await world.LaunchOkAsync(tess, LtiWorld.Plan(LtiWorld.Teacher));
        }

        async Task RefusedAsync(LtiLaunchPlan plan, string words, Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>>? intercept = null)
        {
            using var browser = world.App.Anonymous();
            var answer = await world.LaunchAsync(browser, plan, intercept);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"expected a refusal ({words}), got {(int)answer.Status} {answer.Location}");
            Assert.Contains(words, Html.Text(answer.Body), StringComparison.Ordinal);
            using var teach = await browser.GetAsync("/teach");
            Assert.Equal(HttpStatusCode.Redirect, teach.StatusCode);
            Assert.Contains("/account/login", teach.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        var learner = LtiWorld.Plan(LtiWorld.Learner);
        await RefusedAsync(learner with { SignWithUnpublishedKey = true }, "signature does not match");
        await RefusedAsync(learner with { Tamper = c => c["aud"] = "another-tool" }, "not issued to this tool");
        await RefusedAsync(learner with { Tamper = c => c["iss"] = "https://lms.elsewhere.example" }, "issuer is not the registered LMS");
        await RefusedAsync(learner with { Tamper = c => (c["iat"], c["exp"]) = (DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds()) }, "has expired");
        await RefusedAsync(learner with { Tamper = c => c["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] = "deployment-9" }, "deployment 'deployment-9'");
        await RefusedAsync(learner with { Tamper = c => c["https://purl.imsglobal.org/spec/lti/claim/version"] = "1.1" }, "not LTI version 1.3.0");
        await RefusedAsync(learner with { Tamper = c => c.Remove("https://purl.imsglobal.org/spec/lti/claim/resource_link") }, "no resource link id");
        await RefusedAsync(learner, "without the state", fields => fields.Where(f => f.Key != "state").ToList());
        await RefusedAsync(learner, "state is unknown", fields => fields.Select(f => f.Key == "state" ? new KeyValuePair<string, string>("state", "forged-state") : f).ToList());

        // A token replayed: the same post again finds its state used; its id_token with a new login's state has the wrong nonce.
        using (var lee = world.App.Anonymous())
        {
            var first = await world.PlatformFormAsync(lee, learner);
            using (var ok = await lee.Http.PostAsync(new Uri("/lti/launch", UriKind.Relative), new FormUrlEncodedContent(first)))
            {
                Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            }

            await RefusedAsync(learner, "state is unknown, expired or already used", _ => first);
            await RefusedAsync(learner, "nonce is not the one", fields => fields.Select(f => f.Key == "id_token" ? first.Single(x => x.Key == "id_token") : f).ToList());
        }

        // A learner of an LMS course whose teacher never opened MasteryPath; an unknown LMS at the login.
        await RefusedAsync(LtiWorld.Plan(LtiWorld.Learner, contextId: "other-section"), "Your teacher has not opened MasteryPath");
        using var stranger = world.App.Anonymous();
        using var unknown = await stranger.Http.PostAsync(new Uri("/lti/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["iss"] = "https://lms.unknown.example",
            ["login_hint"] = "x",
            ["target_link_uri"] = world.Platform.ToolLaunchUrl,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("No LMS with the issuer 'https://lms.unknown.example'", Html.Text(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // The login initiation by GET works as by POST.
        using var byGet = world.App.Anonymous();
        var fields = await world.PlatformFormAsync(byGet, learner, getLogin: true);
        Assert.Contains(fields, f => f.Key == "id_token");
    }

    [SkippableFact]
    public async Task The_tool_publishes_one_persisted_rsa_key()
    {
        await using var world = await LtiWorld.StartAsync(database, register: false);
        using var client = world.App.Anonymous();
        var first = await client.GetPageAsync("/lti/jwks");
        using var json = JsonDocument.Parse(first);
        var key = Assert.Single(json.RootElement.GetProperty("keys").EnumerateArray().ToList());
        Assert.Equal(("RSA", "RS256", "sig"), (key.GetProperty("kty").GetString(), key.GetProperty("alg").GetString(), key.GetProperty("use").GetString()));
        Assert.False(key.TryGetProperty("d", out _));
        Assert.Equal(256, Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(key.GetProperty("n").GetString()).Length);
        var stored = await world.QueryAsync(db => db.LtiToolKeys.AsNoTracking().SingleAsync());
        Assert.Equal(stored.Id, key.GetProperty("kid").GetString());
        Assert.DoesNotContain("PRIVATE KEY", stored.ProtectedPrivateKey, StringComparison.Ordinal);
        Assert.Equal(first, await client.GetPageAsync("/lti/jwks"));
    }

    [SkippableFact]
    public async Task An_lms_registers_itself_and_launches_once_an_admin_approved_it_on_the_platforms_page()
    {
        await using var world = await LtiWorld.StartAsync(database, register: false);
        using var lmsAdmin = world.App.Anonymous();
        var configuration = Uri.EscapeDataString(world.Platform.Issuer + "/.well-known/openid-configuration");
        using (var wrongToken = await lmsAdmin.GetAsync($"/lti/register?openid_configuration={configuration}&registration_token=wrong"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
            Assert.Contains("The LMS refused the registration (401)", Html.Text(await wrongToken.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var registered = await lmsAdmin.GetAsync($"/lti/register?openid_configuration={configuration}&registration_token={TestLtiPlatform.RegistrationToken}"))
        {
            var page = await registered.Content.ReadAsStringAsync();
            Assert.True(registered.StatusCode == HttpStatusCode.OK, page);
            Assert.Contains("src=\"/lti-register-close.js\"", page, StringComparison.Ordinal);
            Assert.Contains($"frame-ancestors {world.Platform.Issuer}", registered.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        Assert.Equal(world.App.BaseUrl + "/lti/login", world.Platform.Registration!["initiate_login_uri"]!.GetValue<string>());
        var platform = await world.QueryAsync(db => db.LtiPlatforms.AsNoTracking().SingleAsync());
        Assert.Equal((world.Platform.Issuer, TestLtiPlatform.ClientId, TestLtiPlatform.DeploymentId, world.Platform.TokenUrl, false), (platform.Issuer, platform.ClientId, platform.DeploymentIds, platform.TokenUrl, platform.Approved));

        using (var early = world.App.Anonymous())
        using (var refused = await early.Http.PostAsync(new Uri("/lti/login", UriKind.Relative), new FormUrlEncodedContent(world.Platform.InitiateLogin(LtiWorld.Plan(LtiWorld.Teacher)))))
        {
            Assert.Contains("not approved yet", Html.Text(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // The admin's page shows the tool's addresses and the waiting platform; approving it lets the launch through.
        using var admin = await world.App.SignInAsync("admin@example.com");
        var adminPage = await admin.GetPageAsync("/admin/lti");
        Assert.Contains(world.App.BaseUrl + "/lti/jwks", adminPage, StringComparison.Ordinal);
        Assert.Contains("(waiting for approval)", adminPage, StringComparison.Ordinal);
        using (var approve = await admin.PostFormAsync($"/admin/lti/platforms/{platform.Id}/approve", Html.AntiforgeryToken(adminPage)))
        {
            Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        }

        using var tess = world.App.Anonymous();
        Assert.StartsWith("/teach/classes/", await world.LaunchOkAsync(tess, LtiWorld.Plan(LtiWorld.Teacher)), StringComparison.Ordinal);

        // A platform added by hand is checked field by field and added approved; a bad address is named.
        using (var bad = await admin.PostFormAsync("/admin/lti/platforms", Html.AntiforgeryToken(adminPage), ("name", "Moodle"), ("issuer", "https://moodle.example"), ("client_id", "abc"), ("deployment_ids", "1"), ("auth_login_url", "ftp://moodle.example/auth"), ("token_url", "https://moodle.example/token"), ("jwks_url", "https://moodle.example/certs")))
        {
            Assert.Contains("error=", bad.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Contains("Authentication (OIDC auth) URL must be an https address.", Html.Text(await admin.GetPageAsync(bad.Headers.Location.OriginalString)), StringComparison.Ordinal);
        }

        using (var added = await admin.PostFormAsync("/admin/lti/platforms", Html.AntiforgeryToken(adminPage), ("name", "Moodle"), ("issuer", "https://moodle.example"), ("client_id", "abc"), ("deployment_ids", "1\n2"), ("auth_login_url", "https://moodle.example/auth"), ("token_url", "https://moodle.example/token"), ("jwks_url", "https://moodle.example/certs")))
        {
            Assert.Equal("/admin/lti", added.Headers.Location!.OriginalString);
        }

        var moodle = await world.QueryAsync(db => db.LtiPlatforms.AsNoTracking().SingleAsync(p => p.Name == "Moodle"));
        Assert.Equal(("1\n2", true), (moodle.DeploymentIds, moodle.Approved));
        using (var removed = await admin.PostFormAsync($"/admin/lti/platforms/{moodle.Id}/delete", Html.AntiforgeryToken(adminPage)))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        Assert.Equal(1, await world.QueryAsync(db => db.LtiPlatforms.CountAsync()));
        using var canvas = JsonDocument.Parse(await admin.GetPageAsync("/lti/canvas.json"));
        Assert.Equal(world.App.BaseUrl + "/lti/login", canvas.RootElement.GetProperty("oidc_initiation_url").GetString());
    }

    private static Task<List<string>> MembersAsync(LtiWorld world, long classId) =>
        world.QueryAsync(db => db.ClassMemberships.Where(m => m.ClassId == classId).Join(db.Users, m => m.LearnerId, u => u.Id, (_, u) => u.DisplayName).OrderBy(n => n).ToListAsync());
}

public sealed class SqliteLtiTests() : LtiTests(TestDatabase.Sqlite);

public sealed class PostgresLtiTests() : LtiTests(TestDatabase.Postgres);
