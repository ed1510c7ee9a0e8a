using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MasteryPath.Data;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Interop;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Credentials;

/// <summary>Settings under MasteryPath:Credentials.</summary>
public sealed class CredentialOptions
{
    public const string Section = "MasteryPath:Credentials";

    /// <summary>The issuer's name in every credential.</summary>
    public string IssuerName { get; set; } = "MasteryPath";

    /// <summary>
    /// The address credentials are issued under (e.g. https://school.example); empty takes the address the claim
    /// came in on. Set it behind a proxy: a credential's id cannot change once signed.
    /// </summary>
    public string PublicBaseUrl { get; set; } = string.Empty;
}

/// <summary>A credential with what its public page shows: the skill, the signature check and the status.</summary>
public sealed record CredentialView(SkillCredential Credential, string CourseTitle, string SkillTitle, string SkillObjective, string? StandardDisplay, bool SignatureValid)
{
    public bool Revoked => Credential.RevokedAt is not null;
}

/// <summary>
/// Durable-mastery credentials (docs/adr/0028): who may claim one (derived from the answer-event log, never from a
/// flag), issuing it as a signed Open Badges 3.0 VC-JWT, verifying it, and revoking it.
/// </summary>
public sealed class CredentialService(MasteryPathDb db, LearningService learning, SigningKeys keys, IOptions<CredentialOptions> options, TimeProvider time)
{
    public const int MaxReason = 500;

    private static readonly Guid SubjectNamespace = new("0b6f6a0e-7f0e-4c55-a3e4-3f1c2f0d9b28");

    /// <summary>The skills of the course whose mastery survived a delayed review, by skill id, from the learner's whole log.</summary>
    public async Task<IReadOnlyDictionary<string, DurableMasteryRecord>> DurableAsync(string userId, string courseId, CancellationToken cancellationToken = default)
    {
        var state = await learning.LoadAsync(userId, courseId, cancellationToken, withHistory: true);
        return DurableMastery.FromAnswers(state.Course.Graph, state.Model, state.Policy, state.Events.Select(e => e.ToDomain()))
            .ToDictionary(r => r.Skill.Value, StringComparer.Ordinal);
    }

    /// <summary>The learner's own credential for a skill, if claimed.</summary>
    public Task<SkillCredential?> OwnAsync(string userId, string courseId, string skillId, CancellationToken cancellationToken = default) =>
        db.SkillCredentials.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == userId && c.CourseId == courseId && c.SkillId == skillId, cancellationToken);

    /// <summary>The learner's credentials in a course, newest first.</summary>
    public async Task<IReadOnlyList<SkillCredential>> OwnInCourseAsync(string userId, string courseId, CancellationToken cancellationToken = default) =>
        (await db.SkillCredentials.AsNoTracking().Where(c => c.UserId == userId && c.CourseId == courseId).ToListAsync(cancellationToken))
            .OrderByDescending(c => c.IssuedAt).ToList();

    /// <summary>
    /// Issues the credential for a skill whose mastery survived a delayed review; a second claim returns the first
    /// credential unchanged (even a revoked one: a revoked credential is not issued again).
    /// </summary>
    /// <exception cref="LearningException">When the skill is unknown, or its mastery has not yet been kept through a delayed review.</exception>
    public async Task<SkillCredential> ClaimAsync(string userId, string courseId, string skillId, bool showName, string requestBaseUrl, CancellationToken cancellationToken = default)
    {
        var course = learning.Catalog.Get(courseId);
        var skill = course.SkillsById[LearningService.ParseSkill(course, skillId)];
        if (await OwnAsync(userId, courseId, skillId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var durable = await DurableAsync(userId, courseId, cancellationToken);
        if (!durable.TryGetValue(skillId, out var record))
        {
            throw LearningException.NotReady($"\"{skill.Title}\" has no credential yet: it is earned when the skill, once mastered, is answered right in a spaced review at least a day later.");
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);
        var baseUrl = BaseUrl(requestBaseUrl);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var issuedAt = time.GetUtcNow();
        issuedAt = issuedAt.AddTicks(-(issuedAt.Ticks % TimeSpan.TicksPerSecond));
        var shownName = showName && !string.IsNullOrWhiteSpace(user.DisplayName) ? user.DisplayName.Trim() : null;
        var facts = new CredentialFacts(
            CredentialUrl(baseUrl, id),
            IssuerUrl(baseUrl),
            options.Value.IssuerName,
            $"{baseUrl}/credentials/achievements/{Uri.EscapeDataString(courseId)}/{Uri.EscapeDataString(skillId)}",
            RevocationListUrl(baseUrl),
            SubjectIdOf(userId),
            shownName,
            course,
            skill,
            record.ReviewedAt,
            issuedAt);
        var credential = new SkillCredential
        {
            Id = id,
            UserId = userId,
            CourseId = courseId,
            SkillId = skillId,
            ShownName = shownName,
            MasteredAt = record.MasteredAt,
            ReviewedAt = record.ReviewedAt,
            ReviewEventId = record.ReviewEventId,
            IssuedAt = issuedAt,
            Jwt = OpenBadgeCredential.Sign(OpenBadgeCredential.Build(facts), await keys.SigningCredentialsAsync(cancellationToken)),
        };
        db.SkillCredentials.Add(credential);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A second claim at the same moment (another tab or node) won: that one is the credential.
            db.ChangeTracker.Clear();
            return await OwnAsync(userId, courseId, skillId, cancellationToken) ?? throw new InvalidOperationException("The credential was neither saved nor found.");
        }

        return credential;
    }

    /// <summary>A credential by id with its signature checked against the issuer's key; null when there is none.</summary>
    public async Task<CredentialView?> ViewAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsCredentialId(id) || await db.SkillCredentials.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } credential)
        {
            return null;
        }

        var payload = await VerifyAsync(credential.Jwt, cancellationToken);
        var course = learning.Catalog.Find(credential.CourseId);
        var skill = course?.SkillsById.Values.FirstOrDefault(s => s.Id.Value == credential.SkillId);
        var achievement = payload?["credentialSubject"]?["achievement"];
        return new CredentialView(
            credential,
            course?.Title ?? credential.CourseId,
            (string?)achievement?["name"] ?? skill?.Title ?? credential.SkillId,
            (string?)achievement?["description"] ?? skill?.Objective ?? string.Empty,
            skill?.Standard?.Display,
            payload is not null && (string?)payload["jti"] is { } jti && jti.EndsWith("/credentials/" + credential.Id, StringComparison.Ordinal));
    }

    /// <summary>The credential inside a VC-JWT when its signature is the issuer's and its claims match it; null otherwise.</summary>
    public async Task<JsonObject?> VerifyAsync(string jwt, CancellationToken cancellationToken = default)
    {
        var key = await keys.KeyAsync(cancellationToken);
        var issuer = OpenBadgeCredential.IssuerOf(jwt);
        return issuer is null ? null : await OpenBadgeCredential.VerifyAsync(jwt, issuer, [key]);
    }

    /// <summary>True when <paramref name="user"/> may revoke the credential: its learner, a teacher of the learner's class that takes the course, or an admin.</summary>
    public async Task<bool> MayRevokeAsync(ClaimsPrincipal user, SkillCredential credential, CancellationToken cancellationToken = default)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        if (user.UserId() == credential.UserId || user.IsInRole(Roles.Admin))
        {
            return true;
        }

        var teacherId = user.UserId();
        return user.IsInRole(Roles.Teacher) && await db.Classes.AsNoTracking()
            .AnyAsync(c => c.TeacherId == teacherId && c.Members.Any(m => m.LearnerId == credential.UserId) && c.Courses.Any(x => x.CourseId == credential.CourseId), cancellationToken);
    }

    /// <summary>Revokes a credential (revoking it again changes nothing); anyone who may not gets 404, as if it did not exist.</summary>
    public async Task<SkillCredential> RevokeAsync(ClaimsPrincipal user, string id, string? reason, CancellationToken cancellationToken = default)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > MaxReason })
        {
            throw LearningException.Invalid($"A reason is at most {MaxReason} characters.");
        }

        var credential = IsCredentialId(id) ? await db.SkillCredentials.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) : null;
        if (credential is null || !await MayRevokeAsync(user, credential, cancellationToken))
        {
            throw LearningException.NotFound("There is no such credential among yours or your classes'.");
        }

        if (credential.RevokedAt is null)
        {
            credential.RevokedAt = time.GetUtcNow();
            credential.RevokedBy = user.UserId();
            credential.RevocationReason = reason;
            await db.SaveChangesAsync(cancellationToken);
        }

        return credential;
    }

    /// <summary>The 1EdTech revocation list: every revoked credential's id, with its reason.</summary>
    public async Task<object> RevocationListAsync(string requestBaseUrl, CancellationToken cancellationToken = default)
    {
        var baseUrl = BaseUrl(requestBaseUrl);
        var revoked = await db.SkillCredentials.AsNoTracking().Where(c => c.RevokedAt != null)
            .Select(c => new { c.Id, c.RevocationReason }).ToListAsync(cancellationToken);
        return new
        {
            id = RevocationListUrl(baseUrl),
            issuer = IssuerUrl(baseUrl),
            revokedCredential = revoked.OrderBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => new { id = CredentialUrl(baseUrl, r.Id), revocationReason = r.RevocationReason ?? "Revoked by the learner, their teacher or an admin." }),
        };
    }

    /// <summary>The issuer's Open Badges Profile.</summary>
    public object IssuerProfile(string requestBaseUrl)
    {
        var baseUrl = BaseUrl(requestBaseUrl);
        return new Dictionary<string, object>
        {
            ["@context"] = new[] { OpenBadgeCredential.CredentialsContext, OpenBadgeCredential.OpenBadgesContext },
            ["id"] = IssuerUrl(baseUrl),
            ["type"] = new[] { "Profile" },
            ["name"] = options.Value.IssuerName,
            ["url"] = baseUrl + "/",
            ["description"] = "Credentials for skills whose mastery survived a delayed review. Verify a credential's VC-JWT with the keys at the JWKS address.",
            ["jwks"] = baseUrl + "/credentials/jwks",
        };
    }

    public string BaseUrl(string requestBaseUrl) =>
        (string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? requestBaseUrl : options.Value.PublicBaseUrl).TrimEnd('/');

    public static string CredentialUrl(string baseUrl, string id) => $"{baseUrl}/credentials/{id}";

    public static string IssuerUrl(string baseUrl) => $"{baseUrl}/credentials/issuer";

    public static string RevocationListUrl(string baseUrl) => $"{baseUrl}/credentials/revocations";

    /// <summary>The learner as the credential names them: a stable urn:uuid that reveals nothing of the account.</summary>
    public static string SubjectIdOf(string userId) => $"urn:uuid:{NameBasedGuid.Create(SubjectNamespace, userId)}";

    private static bool IsCredentialId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
