using System.Globalization;
using System.Text.Json.Nodes;
using MasteryPath.Domain.Courses;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MasteryPath.Web.Credentials;

/// <summary>What one credential says: who issued it, about which skill, for whom, and when the mastery was kept.</summary>
/// <param name="CredentialUrl">The credential's id and public verification address.</param>
/// <param name="IssuerUrl">The issuer Profile's id (it serves the Profile as JSON).</param>
/// <param name="IssuerName">The issuer's name.</param>
/// <param name="AchievementUrl">The Achievement's id: one per course and skill.</param>
/// <param name="StatusListUrl">The 1EdTech revocation list the credential's status is read from.</param>
/// <param name="SubjectId">The learner's pseudonymous id (a urn:uuid that does not reveal the account).</param>
/// <param name="ShownName">The learner's display name, only when they chose to show it.</param>
/// <param name="Course">The course.</param>
/// <param name="Skill">The skill.</param>
/// <param name="ReviewedAt">When the delayed review that kept the mastery was passed.</param>
/// <param name="IssuedAt">When the credential was issued (validFrom).</param>
public sealed record CredentialFacts(
    string CredentialUrl,
    string IssuerUrl,
    string IssuerName,
    string AchievementUrl,
    string StatusListUrl,
    string SubjectId,
    string? ShownName,
    Course Course,
    Skill Skill,
    DateTimeOffset ReviewedAt,
    DateTimeOffset IssuedAt);

/// <summary>
/// An Open Badges 3.0 OpenBadgeCredential (W3C Verifiable Credential 2.0) for a skill whose mastery survived a delayed
/// review, and its VC-JWT: the JWT payload is the credential itself with the registered claims iss, jti, sub and nbf
/// beside it (OB 3.0 §8.2); the JOSE header names the algorithm (RS256), the key (kid) and typ JWT.
/// </summary>
public static class OpenBadgeCredential
{
    public const string CredentialsContext = "https://www.w3.org/ns/credentials/v2";
    public const string OpenBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
    public const string SchemaUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
    public const string RevocationListType = "1EdTechRevocationList";

    /// <summary>The credential as JSON, before signing.</summary>
    public static JsonObject Build(CredentialFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var issued = Instant(facts.IssuedAt);
        var reviewedOn = facts.ReviewedAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var achievement = new JsonObject
        {
            ["id"] = facts.AchievementUrl,
            ["type"] = new JsonArray("Achievement"),
            ["achievementType"] = "Competency",
            ["name"] = facts.Skill.Title,
            ["description"] = facts.Skill.Objective,
            ["criteria"] = new JsonObject
            {
                ["narrative"] = $"Showed mastery of \"{facts.Skill.Title}\" in the course \"{facts.Course.Title}\" on a mastery check of fresh questions, "
                    + $"and kept it through a delayed spaced review on {reviewedOn}, answered right at least a day after the mastery.",
            },
            ["humanCode"] = facts.Skill.Id.Value,
        };
        if (facts.Skill.Standard is { } standard)
        {
            var alignment = new JsonObject
            {
                ["type"] = new JsonArray("Alignment"),
                ["targetType"] = "CFItem",
                ["targetName"] = standard.Statement,
                ["targetCode"] = standard.Identifier,
                ["targetUrl"] = standard.Uri ?? $"urn:uuid:{standard.Identifier}",
                ["targetDescription"] = standard.Display,
            };
            if (standard.Framework is { Length: > 0 } framework)
            {
                alignment["targetFramework"] = framework;
            }

            achievement["alignment"] = new JsonArray(alignment);
        }

        var subject = new JsonObject
        {
            ["id"] = facts.SubjectId,
            ["type"] = new JsonArray("AchievementSubject"),
            ["achievement"] = achievement,
            ["activityEndDate"] = Instant(facts.ReviewedAt),
        };
        if (facts.ShownName is { Length: > 0 } name)
        {
            subject["identifier"] = new JsonArray(new JsonObject
            {
                ["type"] = "IdentityObject",
                ["identityType"] = "name",
                ["hashed"] = false,
                ["identityHash"] = name,
            });
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray(CredentialsContext, OpenBadgesContext),
            ["id"] = facts.CredentialUrl,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = $"{facts.Skill.Title}: durable mastery",
            ["description"] = $"Mastery of a skill of {facts.Course.Title}, kept through a delayed review.",
            ["issuer"] = new JsonObject
            {
                ["id"] = facts.IssuerUrl,
                ["type"] = new JsonArray("Profile"),
                ["name"] = facts.IssuerName,
            },
            ["validFrom"] = issued,

            // The 1EdTech JSON schema of OB 3.0 (1EdTechJsonSchemaValidator2019) still requires the VCDM 1.1 name of validFrom.
            ["issuanceDate"] = issued,
            ["awardedDate"] = issued,
            ["credentialSubject"] = subject,
            ["credentialStatus"] = new JsonObject
            {
                ["id"] = facts.StatusListUrl,
                ["type"] = RevocationListType,
            },
            ["credentialSchema"] = new JsonArray(new JsonObject
            {
                ["id"] = SchemaUrl,
                ["type"] = "1EdTechJsonSchemaValidator2019",
            }),
        };
    }

    /// <summary>Signs the credential as a VC-JWT: the credential is the payload, with iss, jti, sub and nbf taken from it.</summary>
    public static string Sign(JsonObject credential, SigningCredentials signing)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(signing);
        var validFrom = DateTimeOffset.Parse((string)credential["validFrom"]!, CultureInfo.InvariantCulture);
        var payload = (JsonObject)credential.DeepClone();
        payload["iss"] = (string)credential["issuer"]!["id"]!;
        payload["jti"] = (string)credential["id"]!;
        payload["sub"] = (string)credential["credentialSubject"]!["id"]!;
        payload["nbf"] = validFrom.ToUnixTimeSeconds();
        payload["iat"] = validFrom.ToUnixTimeSeconds();
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(payload.ToJsonString(), signing, new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = "JWT" });
    }

    /// <summary>
    /// Checks a VC-JWT's signature against <paramref name="keys"/> and its registered claims against the credential it
    /// carries; the credential on success, null otherwise (a wrong signature, a token altered after signing, claims that
    /// do not match).
    /// </summary>
    public static async Task<JsonObject?> VerifyAsync(string jwt, string issuerUrl, IEnumerable<SecurityKey> keys)
    {
        var handler = new JsonWebTokenHandler();
        var result = await handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = issuerUrl,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return null;
        }

        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)) as JsonObject;
        var matches = payload is not null
            && (string?)payload["jti"] == (string?)payload["id"]
            && (string?)payload["sub"] == (string?)payload["credentialSubject"]?["id"]
            && (string?)payload["iss"] == (string?)payload["issuer"]?["id"];
        return matches ? payload : null;
    }

    /// <summary>The iss claim of a compact JWS, unverified (to pick the issuer to check it against); null when it is not one.</summary>
    public static string? IssuerOf(string jwt)
    {
        var handler = new JsonWebTokenHandler();
        if (string.IsNullOrEmpty(jwt) || !handler.CanReadToken(jwt))
        {
            return null;
        }

        try
        {
            var issuer = handler.ReadJsonWebToken(jwt).Issuer;
            return issuer.EndsWith("/credentials/issuer", StringComparison.Ordinal) ? issuer : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
