using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;
using static MasteryPath.Web.Tests.ReportsAndSurveysFixture;

namespace MasteryPath.Web.Tests.Xapi;

/// <summary>
/// Every statement the xAPI export writes passes Learning Locker's xapi-validation, in 1.0.3 and 2.0.0, for answers,
/// mastery by check and by override, a completed course and a learner with no real email (the account form).
/// </summary>
public abstract class XapiValidationTests(TestDatabase database)
{
    private const string Writing = "argument-writing";

    /// <summary>Ada masters the root skill by a check, Ben answers wrong then right, Cleo is overridden, Dev completes the writing course, and Ben is removed on request.</summary>
    internal static async Task<MasteryPathAppFactory> StartWithEvidenceAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = await MasteryPathAppFactory.StartAsync(database, settings: settings);
        using (var ada = await app.SignInAsync(Ada))
        {
            await ada.SkipPlacementAsync(Algebra);
            await ada.MasterAsync(Algebra, RootSkill);
        }

        using (var ben = await app.SignInAsync(Ben))
        {
            await ben.SkipPlacementAsync(Algebra);
            await ben.AnswerWronglyAsync((await ben.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
            app.Time.Advance(TimeSpan.FromMinutes(1));
            await ben.AnswerCorrectlyAsync((await ben.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        using var teacher = await app.SignInAsync(Teacher);
        var cleo = await app.UserIdAsync(Cleo);
        using (var overridden = await teacher.PostJsonAsync($"/api/teach/classes/{DemoClass}/learners/{cleo}/override", new { course = Algebra, skill = RootSkill, mastered = true, reason = "Showed it on paper" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, overridden.StatusCode);
        }

        var dev = await app.UserIdAsync(Dev);
        foreach (var skill in app.Services.GetRequiredService<Learning.CourseCatalog>().Get(Writing).Graph.TopologicalOrder)
        {
            app.Time.Advance(TimeSpan.FromMinutes(1));
            using var response = await teacher.PostJsonAsync($"/api/teach/classes/{DemoClass}/learners/{dev}/override", new { course = Writing, skill = skill.Value, mastered = true, reason = "Portfolio" });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using var admin = await app.SignInAsync(Admin);
        var ben2 = await app.UserIdAsync(Ben);
        using (var removed = await admin.PostJsonAsync($"/api/admin/users/{ben2}/pseudonymise", new { confirm = AccountAdminService.PseudonymiseConfirmation, reason = "Parent's request" }))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        return app;
    }

    [SkippableTheory]
    [InlineData("1.0.3")]
    [InlineData("2.0.0")]
    public async Task Every_exported_statement_is_valid_xapi(string version)
    {
        await using var app = await StartWithEvidenceAsync(database);
        using var teacher = await app.SignInAsync(Teacher);

        var all = new List<JsonElement>();
        foreach (var course in new[] { Algebra, Writing })
        {
            var json = Encoding.UTF8.GetString(await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/xapi.json?course={course}&version={version}", "application/json"));
            await XapiValidator.AssertAllValidAsync(json, version);
            Assert.DoesNotContain("null", json, StringComparison.Ordinal);
            all.AddRange(JsonDocument.Parse(json).RootElement.EnumerateArray());
        }

        Assert.Contains(all, s => Verb(s) == XapiExport.Answered);
        Assert.Contains(all, s => Verb(s) == XapiExport.Mastered);
        Assert.Contains(all, s => Verb(s) == XapiExport.Completed);
        Assert.All(all, s => Assert.Equal(version, s.GetProperty("version").GetString()));
        Assert.All(all, s => Assert.True(Guid.TryParse(s.GetProperty("context").GetProperty("registration").GetString(), out _)));
        Assert.All(all.Where(s => s.GetProperty("result").TryGetProperty("score", out _)), s =>
        {
            var scaled = s.GetProperty("result").GetProperty("score").GetProperty("scaled").GetDouble();
            Assert.InRange(scaled, -1, 1);
        });

        // Ben was removed on request: his statements use the account form, not the placeholder address he now has.
        var accounts = all.Where(s => s.GetProperty("actor").TryGetProperty("account", out _)).ToList();
        Assert.NotEmpty(accounts);
        Assert.All(accounts, s =>
        {
            var actor = s.GetProperty("actor");
            Assert.False(actor.TryGetProperty("mbox", out _));
            Assert.Equal("https://masterypath.example", actor.GetProperty("account").GetProperty("homePage").GetString());
        });
        Assert.DoesNotContain(all, s => s.GetProperty("actor").TryGetProperty("mbox", out var mbox) && mbox.GetString()!.EndsWith(".invalid", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task The_validators_refuse_the_old_null_parent_and_a_2_0_timestamp_without_a_zone()
    {
        await using var app = await StartWithEvidenceAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var json = Encoding.UTF8.GetString(await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/xapi.json?course={Algebra}", "application/json"));
        var mastered = JsonNode.Parse(json)!.AsArray().First(s => s!["verb"]!["id"]!.GetValue<string>() == XapiExport.Mastered)!;
        Assert.Empty((await XapiValidator.ValidateAsync(mastered.ToJsonString(), "1.0.3")).Single());

        // What the export used to write for every "mastered" and "completed" statement.
        var oldBug = mastered.DeepClone();
        oldBug["context"]!["contextActivities"]!["parent"] = null;
        Assert.Contains("statement.context.contextActivities.parent: TypeWarning", (await XapiValidator.ValidateAsync(oldBug.ToJsonString(), "1.0.3")).Single());
        Assert.NotEmpty((await XapiValidator.ValidateAsync(oldBug.ToJsonString(), "2.0.0")).Single());

        var noZone = mastered.DeepClone();
        noZone["version"] = "2.0.0";
        noZone["timestamp"] = "2026-12-01T10:00:00";
        Assert.Contains("statement.timestamp: xAPI 2.0 timestamps must carry a time zone", (await XapiValidator.ValidateAsync(noZone.ToJsonString(), "2.0.0")).Single());

        var invented = mastered.DeepClone();
        invented["actor"] = new JsonObject { ["objectType"] = "Agent", ["mbox"] = "ben" };
        Assert.NotEmpty((await XapiValidator.ValidateAsync(invented.ToJsonString(), "1.0.3")).Single());

        var scaled = mastered.DeepClone();
        scaled["result"]!["score"] = new JsonObject { ["scaled"] = 1.5 };
        Assert.NotEmpty((await XapiValidator.ValidateAsync(scaled.ToJsonString(), "1.0.3")).Single());
    }

    [SkippableFact]
    public async Task A_skill_aligned_to_a_CASE_standard_names_it_as_a_valid_category_activity()
    {
        await using var app = await StartWithEvidenceAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var json = Encoding.UTF8.GetString(await teacher.DownloadAsync($"/teach/classes/{DemoClass}/export/xapi.json?course={Algebra}&version=2.0.0", "application/json"));
        var mastered = JsonNode.Parse(json)!.AsArray().First(s => s!["verb"]!["id"]!.GetValue<string>() == XapiExport.Mastered)!;
        var standard = new Domain.Courses.SkillStandard("4a7c2d3e-1b2f-4c5d-8e9f-0a1b2c3d4e5f", null, "6.EE.A.1", "Write and evaluate numerical expressions involving whole-number exponents.");
        mastered["context"]!["contextActivities"]!["category"] = JsonSerializer.SerializeToNode(new[] { XapiExport.StandardActivity(standard) }, JsonSerializerOptions.Web);

        Assert.Empty((await XapiValidator.ValidateAsync(mastered.ToJsonString(), "2.0.0")).Single());
        var category = mastered["context"]!["contextActivities"]!["category"]![0]!;
        Assert.Equal("urn:uuid:4a7c2d3e-1b2f-4c5d-8e9f-0a1b2c3d4e5f", category["id"]!.GetValue<string>());
        Assert.Equal("6.EE.A.1", category["definition"]!["name"]!["en-US"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task An_unknown_xapi_version_is_refused_with_a_sentence()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        using var response = await teacher.GetAsync($"/api/teach/classes/{DemoClass}/export/xapi.json?course={Algebra}&version=0.95");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("use 1.0.3 or 2.0.0", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string? Verb(JsonElement s) => s.GetProperty("verb").GetProperty("id").GetString();
}

public sealed class SqliteXapiValidationTests() : XapiValidationTests(TestDatabase.Sqlite);

public sealed class PostgresXapiValidationTests() : XapiValidationTests(TestDatabase.Postgres);
