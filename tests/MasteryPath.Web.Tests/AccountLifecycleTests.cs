using System.Net;
using System.Net.Http.Json;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>What an operator expects of accounts: admins create, deactivate and re-activate users and give roles; a password someone else set must be changed; every change is in the audit log.</summary>
public abstract class AccountLifecycleTests(TestDatabase database)
{
    private const string Admin = "admin@example.com";
    private const string Teacher = "teacher@example.com";

    [SkippableFact]
    public async Task An_admin_creates_a_teacher_who_must_choose_a_password_before_anything_else()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var admin = await app.SignInAsync(Admin);
        var created = await admin.SendJsonAsync<TemporaryPasswordDto>(HttpMethod.Post, "/api/admin/users", new { email = "nia.teacher@example.com", name = "Nia Teacher", roles = new[] { "teacher" } }, HttpStatusCode.Created);
        Assert.Equal(["teacher"], created.User.Roles);
        Assert.True(created.User.MustChangePassword);
        Assert.Matches("^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$", created.TemporaryPassword);

        // The same email again is a conflict; a bad email, no role and an unknown role are refused.
        using (var again = await admin.PostJsonAsync("/api/admin/users", new { email = "nia.teacher@example.com", name = "Nia", roles = new[] { "teacher" } }))
        {
            await AssertProblemAsync(again, HttpStatusCode.Conflict);
        }

        foreach (var bad in new object[] { new { email = "not-an-email", name = "X", roles = new[] { "teacher" } }, new { email = "x@example.com", name = "X", roles = Array.Empty<string>() }, new { email = "x@example.com", name = "X", roles = new[] { "janitor" } }, new { email = "x@example.com", name = "Bad\u202Ename", roles = new[] { "teacher" } } })
        {
            using var refused = await admin.PostJsonAsync("/api/admin/users", bad);
            await AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        }

        using var nia = app.Anonymous();
        using (var signIn = await nia.PostSignInAsync("nia.teacher@example.com", created.TemporaryPassword))
        {
            Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        }

        Assert.Equal("/account?must=1", await nia.RedirectTargetAsync("/teach"));
        Assert.Equal("/account?must=1", await nia.RedirectTargetAsync("/"));
        using (var api = await nia.GetAsync("/api/teach/classes"))
        {
            await AssertProblemAsync(api, HttpStatusCode.Forbidden);
        }

        Assert.Contains("Choose your own to go on", Html.Text(await nia.GetPageAsync("/account?must=1")), StringComparison.Ordinal);
        var page = await nia.GetPageAsync("/account");
        using (var same = await nia.PostFormAsync("/account/password", Html.AntiforgeryToken(page), ("current", created.TemporaryPassword), ("next", created.TemporaryPassword)))
        {
            Assert.Contains("error=", same.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        using (var changed = await nia.PostFormAsync("/account/password", Html.AntiforgeryToken(page), ("current", created.TemporaryPassword), ("next", "Nia-own-password-7")))
        {
            Assert.Equal("/account?changed=1", changed.Headers.Location?.OriginalString);
        }

        Assert.Contains("My classes", await nia.GetPageAsync("/teach"), StringComparison.Ordinal);
        Assert.False(await app.QueryAsync(db => db.Users.Where(u => u.Email == "nia.teacher@example.com").Select(u => u.MustChangePassword).SingleAsync()));
        var audit = await admin.GetJsonAsync<List<AuditEntryDto>>("/api/admin/audit?action=account-create");
        var entry = Assert.Single(audit);
        Assert.Equal((Admin, "nia.teacher@example.com"), (entry.Actor, entry.Subject));
        Assert.Contains("teacher", entry.Details, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_deactivated_account_cannot_sign_in_its_session_ends_and_re_activation_restores_it()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var admin = await app.SignInAsync(Admin);
        using var ben = await app.SignInAsync("ben@example.com");
        var benId = await app.UserIdAsync("ben@example.com");
        var row = await admin.PostJsonAsync<UserDto>($"/api/admin/users/{benId}/deactivate", null);
        Assert.False(row.Active);

        // A new sign-in is refused with the answer a wrong password gets; the open session ends at its next check.
        using var again = app.Anonymous();
        using (var refused = await again.PostSignInAsync("ben@example.com"))
        {
            Assert.StartsWith("/account/login?error=invalid", refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        app.Time.Advance(TimeSpan.FromMinutes(2));
        using (var ended = await ben.GetAsync("/api/courses"))
        {
            await AssertProblemAsync(ended, HttpStatusCode.Unauthorized);
        }

        // An admin cannot deactivate themselves; re-activation lets Ben in again, and his evidence was kept.
        var adminId = await app.UserIdAsync(Admin);
        using (var self = await admin.PostJsonAsync($"/api/admin/users/{adminId}/deactivate", null))
        {
            await AssertProblemAsync(self, HttpStatusCode.BadRequest);
        }

        Assert.True((await admin.PostJsonAsync<UserDto>($"/api/admin/users/{benId}/reactivate", null)).Active);
        using var back = await app.SignInAsync("ben@example.com");
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/api/courses")).StatusCode);
        var actions = (await admin.GetJsonAsync<List<AuditEntryDto>>("/api/admin/audit?subject=ben%40example.com")).Select(a => a.Action).ToList();
        Assert.Equal([AccountAdminService.ActionReactivate, AccountAdminService.ActionDeactivate], actions);

        // The list filters by status and role.
        var deactivated = await admin.GetJsonAsync<List<UserDto>>("/api/admin/users?active=false");
        Assert.Empty(deactivated);
        var teachers = await admin.GetJsonAsync<List<UserDto>>("/api/admin/users?role=teacher");
        Assert.Equal([Teacher], teachers.Select(t => t.Email));
    }

    [SkippableFact]
    public async Task A_teacher_resets_the_password_of_a_learner_of_their_class_only_and_an_admin_lifts_a_lockout()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        await app.CreateAccountAsync("other.teacher@example.com", Roles.Teacher);
        using var teacher = await app.SignInAsync(Teacher);
        using var other = await app.SignInAsync("other.teacher@example.com");
        var period1 = await app.QueryAsync(db => db.Classes.Where(c => c.Name == "Period 1").Select(c => c.Id).SingleAsync());
        var adaId = await app.UserIdAsync("ada@example.com");

        using (var refused = await other.PostJsonAsync($"/api/teach/classes/{period1}/learners/{adaId}/password-reset", null))
        {
            await AssertProblemAsync(refused, HttpStatusCode.NotFound);
        }

        var teacherId = await app.UserIdAsync(Teacher);
        using (var notALearner = await teacher.PostJsonAsync($"/api/teach/classes/{period1}/learners/{teacherId}/password-reset", null))
        {
            await AssertProblemAsync(notALearner, HttpStatusCode.NotFound);
        }

        var reset = await teacher.PostJsonAsync<TemporaryPasswordDto>($"/api/teach/classes/{period1}/learners/{adaId}/password-reset", null);
        using var visitor = app.Anonymous();
        using (var old = await visitor.PostSignInAsync("ada@example.com"))
        {
            Assert.StartsWith("/account/login?error=invalid", old.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        using (var fresh = await visitor.PostSignInAsync("ada@example.com", reset.TemporaryPassword))
        {
            Assert.Equal("/", fresh.Headers.Location?.OriginalString);
        }

        Assert.Equal("/account?must=1", await visitor.RedirectTargetAsync("/courses/algebra-1"));
        var entry = Assert.Single(await app.QueryAsync(db => db.AuditLog.Where(a => a.Action == AccountAdminService.ActionPasswordReset).ToListAsync()));
        Assert.Equal((teacherId, adaId, (long?)period1), (entry.ActorId, entry.SubjectUserId, entry.ClassId));

        // Five wrong passwords lock Ben; an admin's reset lifts the lock and his temporary password works at once.
        using var ben = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await ben.PostSignInAsync("ben@example.com", "Wrong-password-" + i);
        }

        using var admin = await app.SignInAsync(Admin);
        var benId = await app.UserIdAsync("ben@example.com");
        Assert.NotNull((await admin.GetJsonAsync<UserDto>($"/api/admin/users/{benId}")).LockedUntil);
        var benReset = await admin.PostJsonAsync<TemporaryPasswordDto>($"/api/admin/users/{benId}/password-reset", null);
        Assert.Null(benReset.User.LockedUntil);
        using (var unlocked = await ben.PostSignInAsync("ben@example.com", benReset.TemporaryPassword))
        {
            Assert.Equal("/", unlocked.Headers.Location?.OriginalString);
        }
    }

    [SkippableFact]
    public async Task Roles_given_by_an_admin_open_the_teachers_area_and_an_admin_keeps_their_own_admin_role()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var admin = await app.SignInAsync(Admin);
        var cleoId = await app.UserIdAsync("cleo@example.com");
        using (var cleo = await app.SignInAsync("cleo@example.com"))
        {
            Assert.Contains("/error/403", await cleo.RedirectTargetAsync("/teach"), StringComparison.Ordinal);
        }

        var row = await admin.SendJsonAsync<UserDto>(HttpMethod.Put, $"/api/admin/users/{cleoId}/roles", new { roles = new[] { "learner", "teacher" } });
        Assert.Equal(["learner", "teacher"], row.Roles);
        using (var cleo = await app.SignInAsync("cleo@example.com"))
        {
            Assert.Contains("My classes", await cleo.GetPageAsync("/teach"), StringComparison.Ordinal);
        }

        var adminId = await app.UserIdAsync(Admin);
        using (var self = await admin.Http.PutAsJsonAsync(new Uri($"/api/admin/users/{adminId}/roles", UriKind.Relative), new { roles = new[] { "teacher" } }))
        {
            await AssertProblemAsync(self, HttpStatusCode.BadRequest);
        }

        var audit = Html.Text(await admin.GetPageAsync("/admin/audit?action=account-roles&subject=cleo"));
        Assert.Contains("learner → learner, teacher", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountAdminService.ActionCreate, await admin.GetPageAsync("/admin/audit?action=account-roles"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_learner_a_roster_creates_with_a_generated_password_must_change_it()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var period1 = await app.QueryAsync(db => db.Classes.Where(c => c.Name == "Period 1").Select(c => c.Id).SingleAsync());
        var result = await teacher.PostJsonAsync<RosterResultDto>($"/api/teach/classes/{period1}/roster", new { csv = "email,name\nomar@example.com,Omar Learner\n" });
        var omar = Assert.Single(result.Learners);
        Assert.Equal(RosterChange.StatusInvited, omar.Status);
        using var learner = app.Anonymous();
        using (var signIn = await learner.PostSignInAsync("omar@example.com", omar.Code!))
        {
            Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        }

        Assert.Equal("/account?must=1", await learner.RedirectTargetAsync("/"));
    }
}

public sealed class SqliteAccountLifecycleTests() : AccountLifecycleTests(TestDatabase.Sqlite);

public sealed class PostgresAccountLifecycleTests() : AccountLifecycleTests(TestDatabase.Postgres);
