using System.Net;
using System.Text.RegularExpressions;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Accounts.SingleSignOn;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Tests;

/// <summary>
/// Signing in with a school account, end to end against a real OpenID Connect provider (OpenIddict on Kestrel): the
/// site's button, the provider's sign-in form, the code exchanged over the network, the account matched by the
/// provider's subject id or by a verified address, or made; and every way it can be refused, in words.
/// </summary>
public abstract partial class SingleSignOnTests(TestDatabase database)
{
    private const string Provider = "school";

    [SkippableFact]
    public async Task A_new_verified_address_gets_a_learner_account_that_the_provider_subject_keeps_when_the_address_changes()
    {
        await using var idp = await StartProviderAsync(new OidcPerson("sub-zoe", "zoe@lincoln.example", "Zoe Park"));
        await using var app = await StartAppAsync(idp);
        using var zoe = app.Anonymous();

        Assert.Equal("/", await SignInWithSchoolAsync(zoe, idp, "zoe@lincoln.example"));
        var home = await zoe.GetPageAsync("/");
        Assert.Contains("Sign out", home, StringComparison.Ordinal);
        var account = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "zoe@lincoln.example"));
        Assert.Equal(("Zoe Park", false, false), (account.DisplayName, account.MustChangePassword, account.PasswordHash is not null));
        var roles = await app.QueryAsync(db => db.UserRoles.Where(r => r.UserId == account.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync());
        Assert.Equal([Roles.Learner], roles);
        var created = await AuditAsync(app, SingleSignOnService.ActionCreate);
        Assert.Equal((account.Id, account.Id), (created.ActorId, created.SubjectUserId));
        Assert.Contains("Lincoln High", created.Details, StringComparison.Ordinal);

        // The account page says how she signs in, and offers no password form she could not use.
        var page = Html.Text(await zoe.GetPageAsync("/account"));
        Assert.Contains("You sign in with Lincoln High", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Change password", page, StringComparison.Ordinal);

        // A new address at the provider: the subject id still leads to her account, no second one is made.
        idp.Replace("zoe@lincoln.example", new OidcPerson("sub-zoe", "zoe.park@lincoln.example", "Zoe Park"));
        using var again = app.Anonymous();
        Assert.Equal("/", await SignInWithSchoolAsync(again, idp, "zoe.park@lincoln.example"));
        Assert.Equal(1, await app.QueryAsync(db => db.Users.CountAsync(u => u.Email!.EndsWith("@lincoln.example"))));
        Assert.Equal(2, idp.SignIns);

        // Her data export names the school account; once an admin removes her personal data, the link goes too, and
        // a later school sign-in starts a new account instead of finding the removed one.
        using (var export = await again.GetAsync("/account/export"))
        using (var zip = new System.IO.Compression.ZipArchive(await export.Content.ReadAsStreamAsync()))
        using (var json = new StreamReader(zip.GetEntry("account.json")!.Open()))
        {
            Assert.Contains("\"sub-zoe\"", await json.ReadToEndAsync(), StringComparison.Ordinal);
        }

        using var admin = await app.SignInAsync("admin@example.com");
        using (var removed = await admin.PostJsonAsync($"/api/admin/users/{account.Id}/pseudonymise", new { confirm = "remove", reason = "Parent's request" }))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        Assert.False(await app.QueryAsync(db => db.UserLogins.AnyAsync(l => l.UserId == account.Id)));
        using var afresh = app.Anonymous();
        Assert.Equal("/", await SignInWithSchoolAsync(afresh, idp, "zoe.park@lincoln.example"));
        Assert.NotEqual(account.Id, await app.UserIdAsync("zoe.park@lincoln.example"));
    }

    [SkippableFact]
    public async Task An_existing_account_is_linked_by_its_verified_address_and_a_password_someone_else_set_is_removed()
    {
        await using var idp = await StartProviderAsync(
            new OidcPerson("sub-ada", "ada@example.com", "Ada at school"),
            new OidcPerson("sub-omar", "omar@example.com", "Omar at school"));
        await using var app = await StartAppAsync(idp);

        // Ada (a demo learner with her own password) is matched by address and keeps her account, name and password.
        var adaId = await app.UserIdAsync("ada@example.com");
        using var ada = app.Anonymous();
        Assert.Equal("/teach", await SignInWithSchoolAsync(ada, idp, "ada@example.com", returnUrl: "/teach"));
        Assert.Contains("Signed in as ada@example.com", Html.Text(await ada.GetPageAsync("/account")), StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.Users.CountAsync(u => u.Email == "ada@example.com")));
        var link = await AuditAsync(app, SingleSignOnService.ActionLink);
        Assert.Equal(adaId, link.SubjectUserId);
        using (var password = app.Anonymous())
        {
            await password.SignInAsync("ada@example.com");
        }

        // Omar was invited by a roster with a first password on a card: his first sign-in with the school account
        // joins the class, and the card's password no longer opens the account.
        using var teacher = await app.SignInAsync("teacher@example.com");
        var period1 = await app.QueryAsync(db => db.Classes.Where(c => c.Name == "Period 1").Select(c => c.Id).SingleAsync());
        var roster = await teacher.PostJsonAsync<RosterResultDto>($"/api/teach/classes/{period1}/roster", new { csv = "email,name\nomar@example.com,Omar Learner\n" });
        var card = Assert.Single(roster.Learners).Code!;
        using var omar = app.Anonymous();
        Assert.Equal("/", await SignInWithSchoolAsync(omar, idp, "omar@example.com"));
        var omarId = await app.UserIdAsync("omar@example.com");
        Assert.True(await app.QueryAsync(db => db.ClassMemberships.AnyAsync(m => m.ClassId == period1 && m.LearnerId == omarId)));
        Assert.Contains("the temporary password someone else set was removed", (await AuditAsync(app, SingleSignOnService.ActionLink)).Details, StringComparison.Ordinal);
        using var withCard = app.Anonymous();
        using (var refused = await withCard.PostSignInAsync("omar@example.com", card))
        {
            Assert.StartsWith("/account/login?error=invalid", refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        // Nothing asks him to choose a password he never had: the home page opens.
        Assert.Contains("Sign out", await omar.GetPageAsync("/"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Unverified_addresses_other_domains_unknown_people_and_deactivated_accounts_are_refused_in_words()
    {
        await using var idp = await StartProviderAsync(
            new OidcPerson("sub-una", "una@lincoln.example", "Una", EmailVerified: false),
            new OidcPerson("sub-nel", "nel@lincoln.example", "Nel", EmailVerified: null),
            new OidcPerson("sub-out", "out@elsewhere.example", "Out"),
            new OidcPerson("sub-new", "new@lincoln.example", "New"),
            new OidcPerson("sub-ben", "ben@lincoln.example", "Ben"));
        await using var app = await StartAppAsync(idp, ("AllowedEmailDomains:0", "lincoln.example"), ("CreateAccounts", "false"));
        var usersBefore = await app.QueryAsync(db => db.Users.CountAsync());

        Assert.Equal("/account/login?error=sso-unverified", await SignInWithSchoolAsync(app.Anonymous(), idp, "una@lincoln.example"));
        Assert.Equal("/account/login?error=sso-unverified", await SignInWithSchoolAsync(app.Anonymous(), idp, "nel@lincoln.example"));
        Assert.Equal("/account/login?error=sso-domain", await SignInWithSchoolAsync(app.Anonymous(), idp, "out@elsewhere.example"));
        Assert.Equal("/account/login?error=sso-no-account", await SignInWithSchoolAsync(app.Anonymous(), idp, "new@lincoln.example"));
        Assert.Equal(usersBefore, await app.QueryAsync(db => db.Users.CountAsync()));

        // Ben's account exists (made by an admin) and is linked; once deactivated, the school account no longer opens it.
        using var admin = await app.SignInAsync("admin@example.com");
        var made = await admin.SendJsonAsync<TemporaryPasswordDto>(HttpMethod.Post, "/api/admin/users", new { email = "ben@lincoln.example", name = "Ben Teacher", roles = new[] { "teacher" } }, HttpStatusCode.Created);
        Assert.Equal("/", await SignInWithSchoolAsync(app.Anonymous(), idp, "ben@lincoln.example"));
        using (var deactivated = await admin.PostJsonAsync($"/api/admin/users/{made.User.Id}/deactivate", null))
        {
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        }

        Assert.Equal("/account/login?error=sso-refused", await SignInWithSchoolAsync(app.Anonymous(), idp, "ben@lincoln.example"));

        // Each refusal reads as a sentence on the sign-in page.
        using var anonymous = app.Anonymous();
        foreach (var (error, words) in new[] { ("sso-unverified", "did not confirm your email address"), ("sso-domain", "not one this site accepts"), ("sso-no-account", "no MasteryPath account for that address"), ("sso-refused", "cannot sign in now") })
        {
            Assert.Contains(words, Html.Text(await anonymous.GetPageAsync($"/account/login?error={error}")), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Cancelling_at_the_provider_a_replayed_answer_and_a_provider_that_is_down_lead_back_to_the_sign_in_page()
    {
        await using var idp = await StartProviderAsync(new OidcPerson("sub-zoe", "zoe@lincoln.example", "Zoe Park"));
        await using var app = await StartAppAsync(idp);

        Assert.Equal("/account/login?error=sso-failed", await SignInWithSchoolAsync(app.Anonymous(), idp, "zoe@lincoln.example", cancel: true));

        // The provider's answer used twice (a back button, a stolen link): the second use signs nobody in.
        using var zoe = app.Anonymous();
        var callback = await ProviderAnswerAsync(zoe, idp, "zoe@lincoln.example", cancel: false, returnUrl: "/");
        Assert.StartsWith("/account/sso/school/done", await zoe.RedirectTargetAsync(callback), StringComparison.Ordinal);
        using var thief = app.Anonymous();
        Assert.StartsWith("/account/login?error=sso-failed", await thief.RedirectTargetAsync(callback), StringComparison.Ordinal);
        Assert.StartsWith("/account/login?error=sso-failed", await thief.RedirectTargetAsync("/account/sso/school/done"), StringComparison.Ordinal);
        Assert.StartsWith("/account/login?error=sso-failed", await thief.RedirectTargetAsync("/signin-sso/school?code=forged&state=forged"), StringComparison.Ordinal);
        Assert.Equal("/account/login?error=sso-unknown", await thief.RedirectTargetAsync("/account/sso/nowhere"));
        Assert.Contains("/account/login?ReturnUrl=", await thief.RedirectTargetAsync("/account"), StringComparison.Ordinal);

        // A provider that does not answer (here: stopped before this site first asked it for its settings): the
        // button leads back with a sentence, not a 500.
        var stopped = idp.Authority;
        await idp.DisposeAsync();
        await using var orphan = await StartAppAsync(stopped);
        using var late = orphan.Anonymous();
        Assert.Equal("/account/login?error=sso-unavailable", await late.RedirectTargetAsync("/account/sso/school"));
        Assert.Contains("did not answer", Html.Text(await late.GetPageAsync("/account/login?error=sso-unavailable")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_provider_setting_an_operator_got_wrong_stops_the_start_with_a_sentence_that_names_it()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => MasteryPathAppFactory.StartAsync(database, settings: new Dictionary<string, string>
        {
            ["MasteryPath:SingleSignOn:Providers:School Main:DisplayName"] = "Lincoln High",
            ["MasteryPath:SingleSignOn:Providers:School Main:Authority"] = "http://idp.lincoln.example",
        }));
        var message = Flatten(failure);
        Assert.Contains("the key must be 1–32 lowercase letters", message, StringComparison.Ordinal);
        Assert.Contains("Authority must use https", message, StringComparison.Ordinal);
        Assert.Contains("ClientId is required", message, StringComparison.Ordinal);
    }

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : ex.Message + " " + Flatten(ex.InnerException);

    private static async Task<TestOidcProvider> StartProviderAsync(params OidcPerson[] people)
    {
        var idp = await TestOidcProvider.StartAsync();
        foreach (var person in people)
        {
            idp.Add(person);
        }

        await idp.RegisterClientAsync($"http://localhost/signin-sso/{Provider}");
        return idp;
    }

    private Task<MasteryPathAppFactory> StartAppAsync(TestOidcProvider idp, params (string Key, string Value)[] more) => StartAppAsync(idp.Authority, more);

    private Task<MasteryPathAppFactory> StartAppAsync(string authority, params (string Key, string Value)[] more)
    {
        var prefix = $"MasteryPath:SingleSignOn:Providers:{Provider}:";
        var settings = new Dictionary<string, string>
        {
            [prefix + "DisplayName"] = "Lincoln High",
            [prefix + "Authority"] = authority,
            [prefix + "ClientId"] = TestOidcProvider.ClientId,
            [prefix + "ClientSecret"] = TestOidcProvider.ClientSecret,
            [prefix + "RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in more)
        {
            settings[prefix + key] = value;
        }

        return MasteryPathAppFactory.StartAsync(database, settings: settings);
    }

    private static Task<Data.AuditEntry> AuditAsync(MasteryPathAppFactory app, string action) =>
        app.QueryAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Action == action).OrderByDescending(a => a.Id).FirstAsync());

    /// <summary>The whole round trip as a browser makes it; returns where the site finally sends the person.</summary>
    private static async Task<string> SignInWithSchoolAsync(LearnerClient person, TestOidcProvider idp, string email, bool cancel = false, string returnUrl = "/")
    {
        var login = await person.GetPageAsync("/account/login");
        Assert.Contains($"href=\"/account/sso/{Provider}?returnUrl=%2F\"", login, StringComparison.Ordinal);
        Assert.Contains("Sign in with Lincoln High", login, StringComparison.Ordinal);
        var callback = await ProviderAnswerAsync(person, idp, email, cancel, returnUrl);
        var next = await person.RedirectTargetAsync(callback);
        return next.StartsWith("/account/login", StringComparison.Ordinal) ? next : await person.RedirectTargetAsync(next);
    }

    /// <summary>The site's button, then the provider's form filled in: returns the address the provider sends the browser back to.</summary>
    private static async Task<string> ProviderAnswerAsync(LearnerClient person, TestOidcProvider idp, string email, bool cancel, string returnUrl)
    {
        var toProvider = new Uri(await person.RedirectTargetAsync($"/account/sso/{Provider}?returnUrl={Uri.EscapeDataString(returnUrl)}"));
        Assert.Equal(idp.Authority + "connect/authorize", toProvider.GetLeftPart(UriPartial.Path));
        Assert.Contains("code_challenge_method=S256", toProvider.Query, StringComparison.Ordinal);

        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        var form = await browser.GetStringAsync(toProvider);
        var fields = HiddenField().Matches(form).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        Assert.Contains(fields, f => f.Key == "state");
        fields.Add(cancel ? new("login_cancel", "1") : new("login_email", email));
        using var answer = await browser.PostAsync(new Uri(idp.Authority + "connect/authorize"), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var back = answer.Headers.Location!;
        Assert.Equal($"http://localhost/signin-sso/{Provider}", back.GetLeftPart(UriPartial.Path));
        return back.PathAndQuery;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}

public sealed class SqliteSingleSignOnTests() : SingleSignOnTests(TestDatabase.Sqlite);

public sealed class PostgresSingleSignOnTests() : SingleSignOnTests(TestDatabase.Postgres);
