using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>
/// Teachers' passkeys (ADR 0020) through the real endpoints, with a <see cref="SoftwareAuthenticator"/> for the
/// browser's part: a passkey signs in only where a password would (active, not locked out) and only a teacher or admin;
/// learners are refused; bad input answers 4xx ProblemDetails.
/// </summary>
public abstract class PasskeyTests(TestDatabase database)
{
    private const string Teacher = "teacher@example.com";

    [SkippableFact]
    public async Task A_teacher_adds_a_passkey_signs_in_with_it_and_removes_it_and_each_change_is_audited()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        using var key = new SoftwareAuthenticator();

        var added = await AddAsync(teacher, key, "  Work laptop ");
        Assert.Equal("Work laptop", added.Name);
        Assert.Equal(key.CredentialId, added.Id);
        var listed = Assert.Single(await teacher.GetJsonAsync<List<PasskeyDto>>("/api/account/passkeys"));
        Assert.Equal((added.Id, added.Name), (listed.Id, listed.Name));
        Assert.Equal(added.AddedAt, listed.AddedAt, TimeSpan.FromSeconds(1));
        Assert.Contains("Work laptop", await teacher.GetPageAsync("/account"), StringComparison.Ordinal);
        Assert.Equal(["Work laptop"], await ExportedPasskeyNamesAsync(teacher));

        using var browser = app.Anonymous();
        using (var signedIn = await SignInWithAsync(browser, key))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.Equal("/teach", (await signedIn.Content.ReadFromJsonAsync<PasskeySignedInDto>())!.Redirect);
        }

        Assert.Contains(Teacher, await browser.GetPageAsync("/account"), StringComparison.Ordinal);

        using (var removed = await teacher.Http.DeleteAsync(new Uri($"/api/account/passkeys/{added.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.Empty(await teacher.GetJsonAsync<List<PasskeyDto>>("/api/account/passkeys"));
        using var later = app.Anonymous();
        await AssertProblemAsync(await SignInWithAsync(later, key), HttpStatusCode.BadRequest, PasskeyService.UnknownPasskeyMessage);
        await AssertSignedOutAsync(later);

        var teacherId = await app.UserIdAsync(Teacher);
        var audit = await app.QueryAsync(db => db.AuditLog.Where(a => a.SubjectUserId == teacherId).OrderBy(a => a.Id).Select(a => new { a.Action, a.ActorId, a.Details }).ToListAsync());
        Assert.Equal([PasskeyService.ActionAdd, PasskeyService.ActionRemove], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(teacherId, a.ActorId));
        Assert.All(audit, a => Assert.Contains("Work laptop", a.Details, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_deactivated_locked_out_or_demoted_teacher_s_passkey_does_not_sign_in()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        using var admin = await app.SignInAsync("admin@example.com");
        using var key = new SoftwareAuthenticator();
        await AddAsync(teacher, key, "Phone");
        var teacherId = await app.UserIdAsync(Teacher);

        using (var deactivate = await admin.PostJsonAsync($"/api/admin/users/{teacherId}/deactivate", null))
        {
            Assert.Equal(HttpStatusCode.OK, deactivate.StatusCode);
        }

        await AssertRefusedAsync(app, key);
        using (var reactivate = await admin.PostJsonAsync($"/api/admin/users/{teacherId}/reactivate", null))
        {
            Assert.Equal(HttpStatusCode.OK, reactivate.StatusCode);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(teacherId))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        await AssertRefusedAsync(app, key);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(teacherId))!, null);
        }

        using (var demote = await admin.Http.PutAsJsonAsync(new Uri($"/api/admin/users/{teacherId}/roles", UriKind.Relative), new { roles = new[] { Roles.Learner } }))
        {
            Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        }

        await AssertRefusedAsync(app, key);
        using (var promote = await admin.Http.PutAsJsonAsync(new Uri($"/api/admin/users/{teacherId}/roles", UriKind.Relative), new { roles = new[] { Roles.Teacher } }))
        {
            Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        }

        // The same passkey signs in once nothing stands in the way: the refusals above were the gates, not the key.
        using var browser = app.Anonymous();
        using var signedIn = await SignInWithAsync(browser, key);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [SkippableFact]
    public async Task Removing_a_teacher_s_personal_data_removes_their_passkeys()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        await app.CreateAccountAsync("leaving.teacher@example.com", Roles.Teacher);
        using var teacher = await app.SignInAsync("leaving.teacher@example.com");
        using var admin = await app.SignInAsync("admin@example.com");
        using var key = new SoftwareAuthenticator();
        await AddAsync(teacher, key, "Home tablet");
        var teacherId = await app.UserIdAsync("leaving.teacher@example.com");

        using (var removed = await admin.PostJsonAsync($"/api/admin/users/{teacherId}/pseudonymise", new { confirm = "remove", reason = "Left the school" }))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        Assert.Equal(0, await app.QueryAsync(db => db.UserPasskeys.CountAsync(p => p.UserId == teacherId)));
        using var browser = app.Anonymous();
        await AssertProblemAsync(await SignInWithAsync(browser, key), HttpStatusCode.BadRequest, PasskeyService.UnknownPasskeyMessage);
    }

    [SkippableFact]
    public async Task A_learner_is_refused_every_passkey_endpoint_with_403_problem_details()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var learner = await app.SignInAsync("ada@example.com");

        await AssertProblemAsync(await learner.GetAsync("/api/account/passkeys"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await learner.PostJsonAsync("/api/account/passkeys/options", new { }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await learner.PostJsonAsync("/api/account/passkeys", new { name = "Mine", credential = new { id = "x" } }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await learner.Http.DeleteAsync(new Uri("/api/account/passkeys/AAAA", UriKind.Relative)), HttpStatusCode.Forbidden);
        Assert.DoesNotContain("passkey", await learner.GetPageAsync("/account"), StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Bad_input_to_the_passkey_endpoints_answers_400_or_404_problem_details()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        using var key = new SoftwareAuthenticator();

        // The browser's answer before any options, then garbage after them, then a real one without a name.
        await AssertProblemAsync(await teacher.PostJsonAsync("/api/account/passkeys", new { name = "Laptop", credential = new { id = "x" } }), HttpStatusCode.BadRequest, PasskeyService.StartAgainMessage);
        await OptionsAsync(teacher, "/api/account/passkeys/options");
        await AssertProblemAsync(await teacher.PostJsonAsync("/api/account/passkeys", new { name = "Laptop", credential = new { id = "x", response = new { attestationObject = "!!" } } }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await teacher.PostJsonAsync("/api/account/passkeys", new { name = "Laptop", credential = "not an object" }), HttpStatusCode.BadRequest);
        var options = await OptionsAsync(teacher, "/api/account/passkeys/options");
        await AssertProblemAsync(await teacher.PostJsonAsync("/api/account/passkeys", new { name = " ", credential = key.Create(options) }), HttpStatusCode.BadRequest, "Enter the passkey's name.");
        await AssertProblemAsync(await teacher.PostJsonAsync("/api/account/passkeys", new { name = new string('x', PasskeyService.NameMaxLength + 1), credential = key.Create(options) }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await teacher.Http.DeleteAsync(new Uri("/api/account/passkeys/not*base64url", UriKind.Relative)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await teacher.Http.DeleteAsync(new Uri($"/api/account/passkeys/{key.CredentialId}", UriKind.Relative)), HttpStatusCode.NotFound);

        // A credential answered for a challenge the server did not give.
        options = await OptionsAsync(teacher, "/api/account/passkeys/options");
        var forged = JsonSerializer.Deserialize<JsonElement>(JsonSerializer.Serialize(new { rp = new { id = "localhost" }, user = new { id = "AAAA" }, challenge = "bm90LXRoZS1jaGFsbGVuZ2U" }));
        await AssertProblemAsync(await teacher.PostJsonAsync("/api/account/passkeys", new { name = "Laptop", credential = key.Create(forged) }), HttpStatusCode.BadRequest);
        Assert.Empty(await teacher.GetJsonAsync<List<PasskeyDto>>("/api/account/passkeys"));

        using var browser = app.Anonymous();
        await AssertProblemAsync(await browser.PostJsonAsync("/api/account/passkey-sign-in", new { credential = new { id = "x" } }), HttpStatusCode.BadRequest, PasskeyService.StartAgainMessage);
        await OptionsAsync(browser, "/api/account/passkey-sign-in/options");
        await AssertProblemAsync(await browser.PostJsonAsync("/api/account/passkey-sign-in", new { credential = new { id = "x", response = new { signature = 5 } } }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await browser.PostJsonAsync("/api/account/passkey-sign-in", new { credential = (object?)null }), HttpStatusCode.BadRequest);
        await AssertSignedOutAsync(browser);
    }

    private static async Task<PasskeyDto> AddAsync(LearnerClient teacher, SoftwareAuthenticator key, string name)
    {
        var options = await OptionsAsync(teacher, "/api/account/passkeys/options");
        using var response = await teacher.PostJsonAsync("/api/account/passkeys", new { name, credential = key.Create(options) });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonSerializer.Deserialize<PasskeyDto>(body, JsonSerializerOptions.Web)!;
    }

    private static async Task<List<string?>> ExportedPasskeyNamesAsync(LearnerClient client)
    {
        using var response = await client.GetAsync("/account/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        await using var entry = await zip.GetEntry("passkeys.json")!.OpenAsync();
        var passkeys = await JsonSerializer.DeserializeAsync<JsonElement>(entry);
        return passkeys.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
    }

    private static async Task<HttpResponseMessage> SignInWithAsync(LearnerClient browser, SoftwareAuthenticator key)
    {
        var options = await OptionsAsync(browser, "/api/account/passkey-sign-in/options");
        return await browser.PostJsonAsync("/api/account/passkey-sign-in", new { credential = key.Get(options), returnUrl = "/teach" });
    }

    private static async Task AssertRefusedAsync(MasteryPathAppFactory app, SoftwareAuthenticator key)
    {
        using var browser = app.Anonymous();
        await AssertProblemAsync(await SignInWithAsync(browser, key), HttpStatusCode.BadRequest, PasskeyService.CannotSignInMessage);
        await AssertSignedOutAsync(browser);
    }

    private static async Task AssertSignedOutAsync(LearnerClient browser)
    {
        using var response = await browser.GetAsync("/api/account/passkeys");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <remarks>Identity checks the credential's origin against the request's Origin header, which a browser sends with every fetch POST.</remarks>
    private static async Task<JsonElement> OptionsAsync(LearnerClient client, string url)
    {
        if (!client.Http.DefaultRequestHeaders.Contains("Origin"))
        {
            client.Http.DefaultRequestHeaders.Add("Origin", "http://localhost");
        }

        using var response = await client.PostJsonAsync(url, new { });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detail = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (detail is not null)
            {
                Assert.Equal(detail, JsonSerializer.Deserialize<JsonElement>(body).GetProperty("detail").GetString());
            }
        }
    }
}

public sealed class SqlitePasskeyTests() : PasskeyTests(TestDatabase.Sqlite);

public sealed class PostgresPasskeyTests() : PasskeyTests(TestDatabase.Postgres);
