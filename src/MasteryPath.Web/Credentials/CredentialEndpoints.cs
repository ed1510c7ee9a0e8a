using System.Security.Claims;
using System.Text.Json.Nodes;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Interop;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteryPath.Web.Credentials;

/// <summary>
/// The credentials' addresses: the learner's claim and anyone-entitled's revocation (forms), and the public ones a
/// third party verifies with — the credential's JSON (its VC-JWT and status), the issuer's Profile and JWKS, the
/// revocation list and the achievements. The public page is <c>/credentials/{id}</c> (CredentialPage.razor).
/// </summary>
public static class CredentialEndpoints
{
    public static IServiceCollection AddCredentials(this IServiceCollection services)
    {
        services.AddOptions<CredentialOptions>().BindConfiguration(CredentialOptions.Section);
        services.TryAddSingleton<SigningKeys>();
        services.AddScoped<CredentialService>();
        return services;
    }

    public static IEndpointRouteBuilder MapCredentials(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms").ExcludeFromDescription();
        forms.MapPost("/courses/{courseId}/skills/{skillId}/credential", async (string courseId, string skillId, [FromForm] string? showName, ClaimsPrincipal user, CredentialService credentials, HttpContext http) =>
        {
            await credentials.ClaimAsync(user.UserId(), courseId, skillId, showName == "true", RequestBaseUrl(http));
            return Results.Redirect($"/courses/{Uri.EscapeDataString(courseId)}/skills/{Uri.EscapeDataString(skillId)}?claimed=1#credential");
        });
        forms.MapPost("/credentials/{credentialId}/revoke", async (string credentialId, [FromForm] string? reason, ClaimsPrincipal user, CredentialService credentials) =>
        {
            var revoked = await credentials.RevokeAsync(user, credentialId, reason);
            return Results.Redirect($"/credentials/{revoked.Id}?revoked=1");
        });

        var open = app.MapGroup("/credentials").ExcludeFromDescription().AllowAnonymous();
        open.MapGet("/jwks", async (SigningKeys keys, CancellationToken cancellationToken) => Results.Json(await keys.JwksAsync(cancellationToken)));
        open.MapGet("/issuer", (CredentialService credentials, HttpContext http) => Results.Json(credentials.IssuerProfile(RequestBaseUrl(http))));
        open.MapGet("/revocations", async (CredentialService credentials, HttpContext http, CancellationToken cancellationToken) =>
            Results.Json(await credentials.RevocationListAsync(RequestBaseUrl(http), cancellationToken)));
        open.MapGet("/achievements/{courseId}/{skillId}", (string courseId, string skillId, CourseCatalog catalog, HttpContext http, CredentialService credentials) =>
        {
            var course = catalog.Find(courseId);
            var skill = course?.SkillsById.Values.FirstOrDefault(s => s.Id.Value == skillId);
            if (course is null || skill is null)
            {
                return Results.NotFound();
            }

            return Results.Json(new Dictionary<string, object>
            {
                ["@context"] = new[] { OpenBadgeCredential.CredentialsContext, OpenBadgeCredential.OpenBadgesContext },
                ["id"] = $"{credentials.BaseUrl(RequestBaseUrl(http))}/credentials/achievements/{Uri.EscapeDataString(courseId)}/{Uri.EscapeDataString(skillId)}",
                ["type"] = new[] { "Achievement" },
                ["name"] = skill.Title,
                ["description"] = skill.Objective,
                ["criteria"] = new { narrative = $"Mastery of \"{skill.Title}\" ({course.Title}) kept through a delayed spaced review." },
            });
        });
        open.MapGet("/{credentialId}/vc", async (string credentialId, CredentialService credentials, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (await credentials.ViewAsync(credentialId, cancellationToken) is not { } view)
            {
                return Results.NotFound();
            }

            var baseUrl = credentials.BaseUrl(RequestBaseUrl(http));
            var payload = await credentials.VerifyAsync(view.Credential.Jwt, cancellationToken);
            return Results.Json(new Dictionary<string, object?>
            {
                ["id"] = CredentialService.CredentialUrl(baseUrl, view.Credential.Id),
                ["status"] = view.Revoked ? "revoked" : view.SignatureValid ? "valid" : "invalid",
                ["revokedAt"] = view.Credential.RevokedAt,
                ["signatureValid"] = view.SignatureValid,
                ["vcJwt"] = view.Credential.Jwt,
                ["credential"] = payload ?? new JsonObject(),
                ["issuer"] = CredentialService.IssuerUrl(baseUrl),
                ["jwks"] = baseUrl + "/credentials/jwks",
                ["revocationList"] = CredentialService.RevocationListUrl(baseUrl),
            });
        });
        return app;
    }

    private static string RequestBaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
