using System.Net;
using System.Text;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Web.LearningRecordStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;
using static MasteryPath.Web.Tests.ReportsAndSurveysFixture;

namespace MasteryPath.Web.Tests.Xapi;

/// <summary>
/// Forwarding to a real LRS over HTTP (<see cref="TestLrs"/>): every statement arrives and validates; while the LRS is
/// down statements wait and then arrive without loss or duplicates; wrong credentials show as failing on the status page.
/// </summary>
public abstract class LrsForwardingTests(TestDatabase database)
{
    private const string Writing = "argument-writing";

    // The forwarder's own rounds are an hour apart: the tests run rounds themselves, so what happens when is theirs.
    private static readonly Dictionary<string, string> Settings = new() { ["MasteryPath:LrsPollSeconds"] = "3600" };

    [SkippableTheory]
    [InlineData("1.0.3")]
    [InlineData("2.0.0")]
    public async Task Every_statement_arrives_at_the_LRS_valid_and_once(string version)
    {
        await using var lrs = await TestLrs.StartAsync(version);
        await using var app = await XapiValidationTests.StartWithEvidenceAsync(database, Settings);
        using var admin = await app.SignInAsync(Admin);
        await ConfigureAsync(admin, lrs.Endpoint, TestLrs.Secret, version);

        await DrainAsync(app);

        var exported = await ExportedIdsAsync(app);
        Assert.Empty(lrs.Refusals);
        Assert.Equal(exported.Order(StringComparer.Ordinal), lrs.Statements.Keys.Order(StringComparer.Ordinal));
        Assert.All(lrs.Statements.Values, s => Assert.Equal(version, JsonDocument.Parse(s).RootElement.GetProperty("version").GetString()));
        var status = await admin.GetJsonAsync<LrsStatusDto>("/api/admin/lrs");
        Assert.Equal((0, exported.Count, 0), (status.Outbox.Queued, status.Outbox.Sent, status.Outbox.Failing));

        // New evidence becomes new statements; the old ones are not sent again.
        var requests = lrs.Requests;
        using (var ada = await app.SignInAsync(Ada))
        {
            await ada.AnswerCorrectlyAsync((await ada.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        await DrainAsync(app);
        Assert.Equal(exported.Count + 1, lrs.Statements.Count);
        Assert.Equal(requests + 1, lrs.Requests);
    }

    [SkippableFact]
    public async Task While_the_LRS_is_down_statements_wait_and_then_arrive_without_loss_or_duplicates()
    {
        await using var lrs = await TestLrs.StartAsync();
        var endpoint = lrs.Endpoint;
        await lrs.StopAsync();
        await using var app = await XapiValidationTests.StartWithEvidenceAsync(database, Settings);
        using var admin = await app.SignInAsync(Admin);
        await ConfigureAsync(admin, endpoint, TestLrs.Secret, "1.0.3");
        var forwarder = app.Services.GetRequiredService<LrsForwarder>();

        await forwarder.RunOnceAsync(default);
        var exported = await ExportedIdsAsync(app);
        var status = (await admin.GetJsonAsync<LrsStatusDto>("/api/admin/lrs")).Outbox;
        Assert.Equal((exported.Count - 1, 0, 1), (status.Queued, status.Sent, status.Failing));
        var problem = Assert.Single(status.Problems);
        Assert.Contains("could not be reached", problem.LastError, StringComparison.Ordinal);
        Assert.Equal(app.Time.GetUtcNow() + LrsSender.FirstBackoff, problem.NextAttemptAt, TimeSpan.FromSeconds(1));

        // Still down: the next try doubles the wait.
        app.Time.Advance(LrsSender.FirstBackoff);
        await forwarder.RunOnceAsync(default);
        problem = Assert.Single((await admin.GetJsonAsync<LrsStatusDto>("/api/admin/lrs")).Outbox.Problems);
        Assert.Equal(2, problem.Attempts);
        Assert.Equal(app.Time.GetUtcNow() + LrsSender.Backoff(2), problem.NextAttemptAt, TimeSpan.FromSeconds(1));
        var page = await admin.GetPageAsync("/admin/lrs");
        Assert.Contains("could not be reached", page, StringComparison.Ordinal);

        // Back up, but the backoff is not over: nothing is sent yet.
        await lrs.StartServerAsync();
        await forwarder.RunOnceAsync(default);
        Assert.Equal(0, lrs.Requests);

        app.Time.Advance(LrsSender.Backoff(2));
        await DrainAsync(app);
        Assert.Equal(exported.Order(StringComparer.Ordinal), lrs.Statements.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(exported.Count, lrs.Requests);
        Assert.Empty(lrs.Refusals);

        // A crash after the LRS took a statement but before it was marked sent: the resend is the same statement, taken again once.
        await app.QueryAsync(db => db.XapiOutbox.Where(e => e.StatementId == exported[0]).ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, OutboxStatus.Queued)));
        await DrainAsync(app);
        Assert.Equal(exported.Count + 1, lrs.Requests);
        Assert.Equal(exported.Count, lrs.Statements.Count);
        Assert.Equal(OutboxStatus.Sent, await app.QueryAsync(db => db.XapiOutbox.Where(e => e.StatementId == exported[0]).Select(e => e.Status).SingleAsync()));
        Assert.Empty(lrs.Refusals);
    }

    [SkippableFact]
    public async Task Wrong_credentials_show_as_failing_on_the_status_page_until_fixed_and_retried()
    {
        await using var lrs = await TestLrs.StartAsync();
        await using var app = await XapiValidationTests.StartWithEvidenceAsync(database, Settings);
        using var admin = await app.SignInAsync(Admin);
        await ConfigureAsync(admin, lrs.Endpoint, "not-the-secret", "1.0.3");
        var forwarder = app.Services.GetRequiredService<LrsForwarder>();
        await forwarder.RunOnceAsync(default);

        var page = await admin.GetPageAsync("/admin/lrs");
        Assert.Contains("data-failing=\"1\"", page, StringComparison.Ordinal);
        Assert.Contains("The LRS refused the key and secret (401 Unauthorized)", page, StringComparison.Ordinal);
        Assert.Contains("Retry now", page, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", page, StringComparison.Ordinal);
        Assert.Empty(lrs.Statements);

        // The admin fixes the secret on the page (the other fields stay) and presses retry.
        using (var saved = await admin.SubmitFormAsync("/admin/lrs", "/forms/admin/lrs/settings", ("endpoint", lrs.Endpoint), ("key", TestLrs.Key), ("secret", TestLrs.Secret), ("version", "1.0.3"), ("enabled", "on")))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        using (var retried = await admin.SubmitFormAsync("/admin/lrs", "/forms/admin/lrs/send-now"))
        {
            Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        }

        await DrainAsync(app);
        Assert.Equal((await ExportedIdsAsync(app)).Count, lrs.Statements.Count);
        page = await admin.GetPageAsync("/admin/lrs");
        Assert.Contains("data-failing=\"0\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(TestLrs.Secret, page, StringComparison.Ordinal);
        var api = await (await admin.GetAsync("/api/admin/lrs")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(TestLrs.Secret, api, StringComparison.Ordinal);
        Assert.Contains("\"hasSecret\":true", api, StringComparison.Ordinal);
        var stored = await app.QueryAsync(db => db.LrsConnections.SingleAsync());
        Assert.DoesNotContain(TestLrs.Secret, stored.ProtectedSecret, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Bad_settings_are_refused_with_a_sentence()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database, settings: Settings);
        using var admin = await app.SignInAsync(Admin);
        foreach (var (body, sentence) in new (object, string)[]
        {
            (new { endpoint = "ftp://lrs.example/", key = "k", secret = "s", version = "1.0.3", enabled = true }, "http or https address"),
            (new { endpoint = "https://lrs.example/xapi/", key = "", secret = "s", version = "1.0.3", enabled = true }, "The LRS key is needed"),
            (new { endpoint = "https://lrs.example/xapi/", key = "k", secret = "s", version = "0.9", enabled = true }, "use 1.0.3 or 2.0.0"),
            (new { endpoint = "https://lrs.example/xapi/", key = "k", secret = "", version = "1.0.3", enabled = true }, "The LRS secret is needed the first time"),
        })
        {
            using var response = await admin.PutJsonAsync("/api/admin/lrs", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(sentence, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task ConfigureAsync(LearnerClient admin, string endpoint, string secret, string version)
    {
        using var response = await admin.PutJsonAsync("/api/admin/lrs", new { endpoint, key = TestLrs.Key, secret, version, enabled = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Runs forwarder rounds until nothing due is left (or nothing moves).</summary>
    private static async Task DrainAsync(MasteryPathAppFactory app)
    {
        var forwarder = app.Services.GetRequiredService<LrsForwarder>();
        for (var round = 0; round < 20; round++)
        {
            await forwarder.RunOnceAsync(default);
            var now = app.Time.GetUtcNow();
            if (!await app.QueryAsync(db => db.XapiOutbox.AnyAsync(e => e.Status != OutboxStatus.Sent && e.NextAttemptAt <= now)))
            {
                return;
            }
        }
    }

    private static async Task<List<string>> ExportedIdsAsync(MasteryPathAppFactory app)
    {
        using var teacher = await app.SignInAsync(Teacher);
        var ids = new List<string>();
        foreach (var course in new[] { Algebra, Writing })
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/xapi.json?course={course}", "application/json")));
            ids.AddRange(json.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
        }

        return ids;
    }
}

public sealed class SqliteLrsForwardingTests() : LrsForwardingTests(TestDatabase.Sqlite);

public sealed class PostgresLrsForwardingTests() : LrsForwardingTests(TestDatabase.Postgres);
