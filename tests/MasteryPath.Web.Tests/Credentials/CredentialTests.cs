using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using MasteryPath.Web.Credentials;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests.Credentials;

/// <summary>Durable-mastery credentials: earned by a delayed review, verifiable by anyone, revocable by the right people only.</summary>
public abstract class CredentialTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";
    private const string Ben = "ben@example.com";
    private const string Teacher = "teacher@example.com";
    private static readonly string SkillUrl = $"/courses/{Algebra}/skills/{RootSkill}";
    private static readonly string ClaimAction = $"/forms/courses/{Algebra}/skills/{RootSkill}/credential";

    private static JsonSchema Schema => JsonSchema.FromFile(Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Web.Tests", "Credentials", "Schema", "ob_v3p0_achievementcredential_schema.json"));

    [SkippableFact]
    public async Task A_skill_kept_through_a_delayed_review_earns_a_credential_that_verifies_and_can_be_revoked()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        await ada.SkipPlacementAsync(Algebra);
        await ada.MasterAsync(Algebra, RootSkill);

        Assert.DoesNotContain("Claim credential", await ada.GetPageAsync(SkillUrl), StringComparison.Ordinal);
        var page = await ada.GetPageAsync($"/courses/{Algebra}/map");
        using (var early = await ada.PostFormAsync(ClaimAction, Html.AntiforgeryToken(page), ("showName", "true")))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        Assert.Equal(0, await app.QueryAsync(db => db.SkillCredentials.CountAsync()));

        app.Time.Advance(TimeSpan.FromDays(35));
        using var later = await app.SignInAsync(Ada);
        var review = await later.OpenAttemptAsync(Algebra, RootSkill, "Review");
        Assert.True((await later.AnswerCorrectlyAsync(review.AttemptId)).Attempt.Verdict!.Correct);

        Assert.Contains("Claim credential", await later.GetPageAsync(SkillUrl), StringComparison.Ordinal);
        using (var claimed = await later.SubmitFormAsync(SkillUrl, ClaimAction, ("showName", "true")))
        {
            Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        }

        using (var again = await later.PostFormAsync(ClaimAction, Html.AntiforgeryToken(await later.GetPageAsync($"/courses/{Algebra}/map")), ("showName", "false")))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        var stored = Assert.Single(await app.QueryAsync(db => db.SkillCredentials.AsNoTracking().ToListAsync()));
        Assert.Equal(review.AttemptId, stored.ReviewEventId);
        Assert.Contains($"/credentials/{stored.Id}", await later.GetPageAsync(SkillUrl), StringComparison.Ordinal);

        using var anyone = app.Anonymous();
        var json = JsonNode.Parse(await anyone.GetPageAsync($"/credentials/{stored.Id}/vc"))!;
        Assert.Equal("valid", (string?)json["status"]);
        var jwt = (string)json["vcJwt"]!;
        var credential = json["credential"]!.AsObject();

        var validation = Schema.Evaluate(JsonDocument.Parse(credential.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(validation.IsValid, string.Join("\n", (validation.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], credential["type"]!.AsArray().Select(t => (string)t!));
        Assert.Equal([OpenBadgeCredential.CredentialsContext, OpenBadgeCredential.OpenBadgesContext], credential["@context"]!.AsArray().Select(t => (string)t!));
        var achievement = credential["credentialSubject"]!["achievement"]!;
        Assert.Equal("Achievement", (string?)achievement["type"]![0]);
        Assert.Contains(app.Time.GetUtcNow().UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), (string)achievement["criteria"]!["narrative"]!, StringComparison.Ordinal);
        Assert.Equal("Ada Learner", (string?)credential["credentialSubject"]!["identifier"]![0]!["identityHash"]);

        var jwks = JsonNode.Parse(await anyone.GetPageAsync("/credentials/jwks"))!;
        var issuer = (string)credential["issuer"]!["id"]!;
        Assert.Equal(issuer, (string?)JsonNode.Parse(await anyone.GetPageAsync("/credentials/issuer"))!["id"]);
        var verdict = await VcJwtVerifier.VerifyAsync(jwt, jwks, issuer, app.Time.GetUtcNow());
        Assert.True((bool)verdict["valid"]!, verdict.ToJsonString());
        Assert.Equal("RS256", (string?)verdict["header"]!["alg"]);
        Assert.Equal((string?)jwks["keys"]![0]!["kid"], (string?)verdict["header"]!["kid"]);
        Assert.Equal((string?)credential["id"], (string?)verdict["payload"]!["jti"]);
        Assert.Equal((string?)credential["credentialSubject"]!["id"], (string?)verdict["payload"]!["sub"]);

        var tampered = Tamper(jwt);
        Assert.False((bool)(await VcJwtVerifier.VerifyAsync(tampered, jwks, issuer, app.Time.GetUtcNow()))["valid"]!);
        using (var scope = app.Services.CreateScope())
        {
            var credentials = scope.ServiceProvider.GetRequiredService<CredentialService>();
            Assert.NotNull(await credentials.VerifyAsync(jwt));
            Assert.Null(await credentials.VerifyAsync(tampered));
        }

        var verifyPage = await anyone.GetPageAsync($"/credentials/{stored.Id}");
        Assert.Contains("<strong>Valid</strong>", verifyPage, StringComparison.Ordinal);
        Assert.Contains("Ada Learner", verifyPage, StringComparison.Ordinal);
        Assert.DoesNotContain("revoke-credential", verifyPage, StringComparison.Ordinal);

        using var ben = await app.SignInAsync(Ben);
        using (var benClaims = await ben.PostFormAsync(ClaimAction, Html.AntiforgeryToken(await ben.GetPageAsync($"/courses/{Algebra}/map")), ("showName", "true")))
        {
            Assert.Equal(HttpStatusCode.Conflict, benClaims.StatusCode);
        }

        var revokeAction = $"/forms/credentials/{stored.Id}/revoke";
        using (var benRevokes = await ben.PostFormAsync(revokeAction, Html.AntiforgeryToken(await ben.GetPageAsync($"/courses/{Algebra}/map")), ("reason", "not mine")))
        {
            Assert.Equal(HttpStatusCode.NotFound, benRevokes.StatusCode);
        }

        Assert.Null((await app.QueryAsync(db => db.SkillCredentials.AsNoTracking().SingleAsync())).RevokedAt);

        using var teacher = await app.SignInAsync(Teacher);
        using (var revoked = await teacher.SubmitFormAsync($"/credentials/{stored.Id}", revokeAction, ("reason", "Shared by mistake")))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }

        Assert.Contains("<strong>Revoked</strong>", await anyone.GetPageAsync($"/credentials/{stored.Id}"), StringComparison.Ordinal);
        Assert.Equal("revoked", (string?)JsonNode.Parse(await anyone.GetPageAsync($"/credentials/{stored.Id}/vc"))!["status"]);
        var list = JsonNode.Parse(await anyone.GetPageAsync("/credentials/revocations"))!;
        Assert.Equal((string?)credential["id"], (string?)list["revokedCredential"]![0]!["id"]);
        Assert.Equal((string?)credential["credentialStatus"]!["id"], (string?)list["id"]);
    }

    [SkippableFact]
    public async Task A_credential_without_consent_does_not_name_the_learner_and_a_standard_is_aligned_as_a_CFItem()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        var course = app.Services.GetRequiredService<Learning.CourseCatalog>().Get(Algebra);
        var skill = course.SkillsById.Values.First(s => s.Id.Value == RootSkill) with
        {
            Standard = new Domain.Courses.SkillStandard("6b9bf846-d7cc-11e8-824f-0242ac160002", "https://case.example/uri/6b9bf846-d7cc-11e8-824f-0242ac160002", "4.NBT.A.1", "Recognize that in a multi-digit whole number, a digit in one place represents ten times what it represents in the place to its right.", "Mathematics"),
        };
        var facts = new CredentialFacts("https://mp.example/credentials/abc", "https://mp.example/credentials/issuer", "MasteryPath", "https://mp.example/credentials/achievements/a/b", "https://mp.example/credentials/revocations", CredentialService.SubjectIdOf("user-1"), null, course, skill, app.Time.GetUtcNow(), app.Time.GetUtcNow());

        var credential = OpenBadgeCredential.Build(facts);

        Assert.True(Schema.Evaluate(JsonDocument.Parse(credential.ToJsonString()).RootElement).IsValid);
        Assert.Null(credential["credentialSubject"]!["identifier"]);
        Assert.DoesNotContain("user-1", credential.ToJsonString(), StringComparison.Ordinal);
        var alignment = credential["credentialSubject"]!["achievement"]!["alignment"]![0]!;
        Assert.Equal("CFItem", (string?)alignment["targetType"]);
        Assert.Equal("6b9bf846-d7cc-11e8-824f-0242ac160002", (string?)alignment["targetCode"]);
        Assert.Equal(skill.Standard!.Uri, (string?)alignment["targetUrl"]);
        Assert.Equal(skill.Standard.Statement, (string?)alignment["targetName"]);
    }

    /// <summary>The same token with one character of its payload changed: a different credential under the old signature.</summary>
    private static string Tamper(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = parts[1].ToCharArray();
        var i = payload.Length / 2;
        payload[i] = payload[i] == 'A' ? 'B' : 'A';
        return $"{parts[0]}.{new string(payload)}.{parts[2]}";
    }
}

public sealed class SqliteCredentialTests() : CredentialTests(TestDatabase.Sqlite);

public sealed class PostgresCredentialTests() : CredentialTests(TestDatabase.Postgres);
