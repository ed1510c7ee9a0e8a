using System.Net;
using MasteryPath.Web.Families;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Tests.Families;

/// <summary>Parent codes: issued by the learner, redeemed once by a new parent, expiring, stored only hashed; a parent sees only their children.</summary>
public abstract class FamilyLinkTests(TestDatabase database)
{
    [SkippableFact]
    public async Task A_learners_code_links_a_new_parent_once_who_then_sees_that_child_only_and_no_teacher_page()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var adaId = await app.UserIdAsync("ada@example.com");
        var benId = await app.UserIdAsync("ben@example.com");
        using var ada = await app.SignInAsync("ada@example.com");
        var code = await ada.IssueCodeAsync();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);

        // Only the hash is stored: no column of any row holds the code, with or without its dashes.
        var row = await app.QueryAsync(db => db.FamilyLinkCodes.AsNoTracking().SingleAsync());
        Assert.Equal(FamilyCodes.Hash(code), row.CodeHash);
        Assert.Equal(adaId, row.LearnerId);
        var snapshot = await DatabaseSnapshot.TakeAsync(app);
        Assert.Empty(snapshot.RowsContaining(code));
        Assert.Empty(snapshot.RowsContaining(FamilyCodes.Normalize(code)));

        // A wrong code: a clear error, the typed details kept, no account made.
        using var rob = app.Anonymous();
        var refused = await rob.JoinAsNewParentAsync("ABCD-EFGH-JKMN", "rob@example.com");
        Assert.StartsWith("/family/join?error=", refused, StringComparison.Ordinal);
        var refusal = Html.Text(await rob.GetPageAsync(refused));
        Assert.Contains("That code is not one we issued", refusal, StringComparison.Ordinal);
        Assert.Contains("rob@example.com", await rob.GetPageAsync(refused), StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Users.CountAsync(u => u.Email == "rob@example.com")));

        // The right code, typed loosely: the account is made, signed in, and linked to Ada.
        Assert.Equal($"/family/child/{adaId}?linked=1", await rob.JoinAsNewParentAsync(" " + code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal), "rob@example.com"));
        var week = Html.Text(await rob.GetPageAsync($"/family/child/{adaId}"));
        Assert.Contains("Ada Learner's week", week, StringComparison.Ordinal);
        Assert.Contains("This week Ada has not mastered a new skill yet.", week, StringComparison.Ordinal);
        Assert.Contains("Ada Learner", Html.Text(await rob.GetPageAsync("/family")), StringComparison.Ordinal);
        Assert.Equal("/family", PathOf(await rob.RedirectTargetAsync("/")));

        // The code worked once: a second parent is refused and nothing is made.
        using var sam = app.Anonymous();
        var again = await sam.JoinAsNewParentAsync(code, "sam@example.com", "Sam Parent");
        Assert.Contains("already%20used", again, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Users.CountAsync(u => u.Email == "sam@example.com")));

        // Another child's page is not found; teacher pages and the teacher API are refused.
        using (var other = await rob.GetAsync($"/family/child/{benId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.DoesNotContain("Ben Learner", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("/error/403", PathOf(await rob.RedirectTargetAsync("/teach")));
        var classId = await app.QueryAsync(db => db.Classes.Select(c => c.Id).FirstAsync());
        Assert.Equal("/error/403", PathOf(await rob.RedirectTargetAsync($"/teach/classes/{classId}/learners/{adaId}")));
        using (var api = await rob.GetAsync("/api/teach/classes"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        }

        // The learner sees the link on /account and removes it: the parent's page of her is then not found.
        var account = Html.Text(await ada.GetPageAsync("/account"));
        Assert.Contains("Rob Parent", account, StringComparison.Ordinal);
        var linkId = await app.QueryAsync(db => db.FamilyLinks.Where(l => l.LearnerId == adaId && l.ParentId != null).Join(db.Users.Where(u => u.Email == "rob@example.com"), l => l.ParentId, u => u.Id, (l, _) => l.Id).SingleAsync());
        using (var removed = await ada.SubmitFormAsync("/account", $"/forms/family/links/{linkId}/remove"))
        {
            Assert.Equal("/account?familyRemoved=1#family", removed.Headers.Location!.OriginalString);
        }

        using (var gone = await rob.GetAsync($"/family/child/{adaId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
    }

    [SkippableFact]
    public async Task A_code_expires_after_fourteen_days_and_a_teacher_issues_one_for_a_learner_of_their_class()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var benId = await app.UserIdAsync("ben@example.com");
        var classId = await app.QueryAsync(db => db.Classes.Select(c => c.Id).FirstAsync());
        using var teacher = await app.SignInAsync("teacher@example.com");
        var learnerPage = $"/teach/classes/{classId}/learners/{benId}";
        using var issued = await teacher.SubmitFormAsync(learnerPage, $"/forms{learnerPage}/family-code");
        var page = await teacher.GetPageAsync(issued.Headers.Location!.OriginalString);
        var code = System.Text.RegularExpressions.Regex.Match(page, "id=\"family-code\">([A-Z0-9-]+)<").Groups[1].Value;
        Assert.NotEmpty(code);

        // Shown once: the same page without the fresh redirect shows no code.
        Assert.DoesNotContain(code, await teacher.GetPageAsync(learnerPage), StringComparison.Ordinal);

        app.Time.Advance(FamilyCodes.Lifetime + TimeSpan.FromMinutes(1));
        using var visitor = app.Anonymous();
        var expired = await visitor.JoinAsNewParentAsync(code, "late@example.com", "Late Parent");
        Assert.Contains("expired", expired, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Users.CountAsync(u => u.Email == "late@example.com")));
        Assert.Null(await app.QueryAsync(db => db.FamilyLinkCodes.Select(c => c.UsedAt).SingleAsync()));

        // A fresh code from the teacher (signed in again: the session of two weeks ago ended) links the signed-in demo parent to Ben as well.
        using var back = await app.SignInAsync("teacher@example.com");
        using var again = await back.SubmitFormAsync(learnerPage, $"/forms{learnerPage}/family-code");
        var fresh = System.Text.RegularExpressions.Regex.Match(await back.GetPageAsync(again.Headers.Location!.OriginalString), "id=\"family-code\">([A-Z0-9-]+)<").Groups[1].Value;
        using var pat = await app.SignInAsync("parent@example.com");
        using (var joined = await pat.SubmitFormAsync("/family/join", "/forms/family/join", ("code", fresh)))
        {
            Assert.Equal($"/family/child/{benId}?linked=1", joined.Headers.Location!.OriginalString);
        }

        var home = Html.Text(await pat.GetPageAsync("/family"));
        Assert.Contains("Ada Learner", home, StringComparison.Ordinal);
        Assert.Contains("Ben Learner", home, StringComparison.Ordinal);
        Assert.Contains("Pat Parent", Html.Text(await back.GetPageAsync(learnerPage)), StringComparison.Ordinal);

        // The teacher removes that link from the learner's page and comes back to it.
        var benLink = await app.QueryAsync(db => db.FamilyLinks.Where(l => l.LearnerId == benId).Select(l => l.Id).SingleAsync());
        using (var removed = await back.SubmitFormAsync(learnerPage, $"/forms/family/links/{benLink}/remove", ("returnUrl", learnerPage + "#family")))
        {
            Assert.Equal(learnerPage + "#family", removed.Headers.Location!.OriginalString);
        }

        Assert.DoesNotContain("Ben Learner", Html.Text(await pat.GetPageAsync("/family")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_personal_data_export_names_the_links_and_removing_the_learners_data_removes_them()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var adaId = await app.UserIdAsync("ada@example.com");
        using var ada = await app.SignInAsync("ada@example.com");
        var family = await ExportedAsync(ada, "family.json");
        Assert.Contains("\"parent\": \"Pat Parent\"", family, StringComparison.Ordinal);
        using var pat = await app.SignInAsync("parent@example.com");
        Assert.Contains("\"child\": \"Ada Learner\"", await ExportedAsync(pat, "family.json"), StringComparison.Ordinal);

        using var admin = await app.SignInAsync("admin@example.com");
        using (var removed = await admin.PostJsonAsync($"/api/admin/users/{adaId}/pseudonymise", new { confirm = "remove", reason = "Asked by the family" }))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        Assert.Equal(0, await app.QueryAsync(db => db.FamilyLinks.CountAsync(l => l.LearnerId == adaId)));
        Assert.DoesNotContain("Ada", Html.Text(await pat.GetPageAsync("/family")), StringComparison.Ordinal);
    }

    private static string PathOf(string location) => new Uri(new Uri("http://localhost"), location).AbsolutePath;

    private static async Task<string> ExportedAsync(LearnerClient client, string entry)
    {
        using var response = await client.GetAsync("/account/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return await reader.ReadToEndAsync();
    }
}

public sealed class SqliteFamilyLinkTests() : FamilyLinkTests(TestDatabase.Sqlite);

public sealed class PostgresFamilyLinkTests() : FamilyLinkTests(TestDatabase.Postgres);
