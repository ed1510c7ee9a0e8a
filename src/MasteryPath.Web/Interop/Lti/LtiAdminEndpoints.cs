using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>What the admins' LTI platforms page (/admin/lti, LtiPlatformsPage) posts: platforms added, edited, approved and removed.</summary>
public static class LtiAdminEndpoints
{
    public const string ActionAdd = "lti-platform-add";
    public const string ActionChange = "lti-platform-change";
    public const string ActionRemove = "lti-platform-remove";

    /// <summary>The fields of a platform as the form sends them.</summary>
    public sealed record PlatformForm(string? Name, string? Issuer, string? ClientId, string? DeploymentIds, string? AuthLoginUrl, string? TokenUrl, string? JwksUrl);

    public static IEndpointRouteBuilder MapLtiAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/lti").RequireAuthorization(Roles.Admin).ExcludeFromDescription();
        admin.MapPost("/platforms", async ([FromForm] string? name, [FromForm] string? issuer, [FromForm(Name = "client_id")] string? clientId, [FromForm(Name = "deployment_ids")] string? deploymentIds, [FromForm(Name = "auth_login_url")] string? authLoginUrl, [FromForm(Name = "token_url")] string? tokenUrl, [FromForm(Name = "jwks_url")] string? jwksUrl,
            HttpContext context, MasteryPathDb db, TimeProvider time, IOptions<LtiOptions> options, CancellationToken cancellationToken) =>
        {
            var form = new PlatformForm(name, issuer, clientId, deploymentIds, authLoginUrl, tokenUrl, jwksUrl);
            var platform = new LtiPlatform { Name = string.Empty, Issuer = string.Empty, ClientId = string.Empty, AuthLoginUrl = string.Empty, TokenUrl = string.Empty, JwksUrl = string.Empty, Approved = true, CreatedAt = time.GetUtcNow() };
            if (Apply(form, platform, options.Value) is { } problem)
            {
                return Back(problem, "new", form);
            }

            if (await db.LtiPlatforms.AnyAsync(p => p.Issuer == platform.Issuer && p.ClientId == platform.ClientId, cancellationToken))
            {
                return Back("A platform with this issuer and client id is already registered.", "new", form);
            }

            db.LtiPlatforms.Add(platform);
            Audit(db, context, time, ActionAdd, platform.Name);
            await db.SaveChangesAsync(cancellationToken);
            return Results.Redirect("/admin/lti");
        });

        admin.MapPost("/platforms/{id:long}", async (long id, [FromForm] string? name, [FromForm] string? issuer, [FromForm(Name = "client_id")] string? clientId, [FromForm(Name = "deployment_ids")] string? deploymentIds, [FromForm(Name = "auth_login_url")] string? authLoginUrl, [FromForm(Name = "token_url")] string? tokenUrl, [FromForm(Name = "jwks_url")] string? jwksUrl,
            HttpContext context, MasteryPathDb db, TimeProvider time, IOptions<LtiOptions> options, CancellationToken cancellationToken) =>
        {
            var platform = await db.LtiPlatforms.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (platform is null)
            {
                return Back("That platform is not registered (any more).");
            }

            var form = new PlatformForm(name, issuer, clientId, deploymentIds, authLoginUrl, tokenUrl, jwksUrl);
            if (Apply(form, platform, options.Value) is { } problem)
            {
                return Back(problem, id.ToString(System.Globalization.CultureInfo.InvariantCulture), form);
            }

            Audit(db, context, time, ActionChange, platform.Name);
            await db.SaveChangesAsync(cancellationToken);
            return Results.Redirect("/admin/lti");
        });

        admin.MapPost("/platforms/{id:long}/approve", async (long id, HttpContext context, MasteryPathDb db, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var platform = await db.LtiPlatforms.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (platform is null)
            {
                return Back("That platform is not registered (any more).");
            }

            platform.Approved = true;
            Audit(db, context, time, ActionChange, platform.Name + ": approved");
            await db.SaveChangesAsync(cancellationToken);
            return Results.Redirect("/admin/lti");
        });

        admin.MapPost("/platforms/{id:long}/delete", async (long id, HttpContext context, MasteryPathDb db, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var platform = await db.LtiPlatforms.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (platform is null)
            {
                return Back("That platform is not registered (any more).");
            }

            // Its classes stay (with their learners and evidence); only the LMS links and queued scores go.
            db.LtiPlatforms.Remove(platform);
            Audit(db, context, time, ActionRemove, platform.Name);
            await db.SaveChangesAsync(cancellationToken);
            return Results.Redirect("/admin/lti");
        });

        return app;
    }

    private static IResult Back(string problem) => Results.Redirect("/admin/lti?error=" + Uri.EscapeDataString(problem));

    /// <summary>Back to the page with the sentence and what the admin typed (nothing secret: a platform's addresses and ids), so nothing is lost.</summary>
    private static IResult Back(string problem, string draftFor, PlatformForm form)
    {
        var query = new Dictionary<string, string?>
        {
            ["error"] = problem,
            ["draft"] = draftFor,
            ["name"] = Cap(form.Name),
            ["issuer"] = Cap(form.Issuer),
            ["client_id"] = Cap(form.ClientId),
            ["deployment_ids"] = Cap(form.DeploymentIds),
            ["auth_login_url"] = Cap(form.AuthLoginUrl),
            ["token_url"] = Cap(form.TokenUrl),
            ["jwks_url"] = Cap(form.JwksUrl),
        };
        return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/lti", query));

        // A redirect address stays well under what browsers and proxies accept, even when a field was pasted twice.
        static string? Cap(string? value) => value is { Length: > 1000 } ? value[..1000] : value;
    }

    private static void Audit(MasteryPathDb db, HttpContext context, TimeProvider time, string action, string details) =>
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = context.User.UserId(), Action = action, Details = details });

    /// <summary>Copies the form to the platform; returns a sentence naming the field that is wrong, or null.</summary>
    private static string? Apply(PlatformForm form, LtiPlatform platform, LtiOptions options)
    {
        string? Text(string? value, string field, int max, out string? problem)
        {
            var clean = LtiLaunchService.Clean(value, int.MaxValue);
            problem = clean is null ? $"{field} is required." : clean.Length > max ? $"{field} is longer than {max} characters." : clean.Any(char.IsControl) ? $"{field} contains a control character." : null;
            return clean;
        }

        string? Url(string? value, string field, out string? problem)
        {
            var url = Text(value, field, 1000, out problem);
            if (problem is null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && options.AllowHttp))))
            {
                problem = $"{field} must be an https address.";
            }

            return url;
        }

        var name = Text(form.Name, "Name", 200, out var p1);
        var issuer = Text(form.Issuer, "Issuer", 500, out var p2);
        var clientId = Text(form.ClientId, "Client id", 200, out var p3);
        var auth = Url(form.AuthLoginUrl, "Authentication (OIDC auth) URL", out var p4);
        var token = Url(form.TokenUrl, "Access token URL", out var p5);
        var jwks = Url(form.JwksUrl, "Keyset (JWKS) URL", out var p6);
        var deployments = (form.DeploymentIds ?? string.Empty).Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var p7 = deployments.Count == 0 ? "At least one deployment id is required." : deployments.Any(d => d.Length > 255 || d.Any(char.IsControl)) ? "A deployment id is longer than 255 characters or contains a control character." : null;
        if (new[] { p1, p2, p3, p4, p5, p6, p7 }.FirstOrDefault(p => p is not null) is { } problem)
        {
            return problem;
        }

        (platform.Name, platform.Issuer, platform.ClientId, platform.AuthLoginUrl, platform.TokenUrl, platform.JwksUrl) = (name!, issuer!, clientId!, auth!, token!, jwks!);
        platform.DeploymentIds = string.Join('\n', deployments);
        return null;
    }
}
