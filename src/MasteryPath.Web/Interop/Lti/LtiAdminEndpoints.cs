using System.Text;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>The admins' LTI platforms page, /admin/lti: the tool's addresses to give an LMS, and the platforms listed, added, edited, approved and removed.</summary>
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
        admin.MapGet("/", async (string? error, HttpContext context, MasteryPathDb db, IAntiforgery antiforgery, CancellationToken cancellationToken) =>
        {
            var platforms = await db.LtiPlatforms.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
            var token = LtiPages.Encode(antiforgery.GetAndStoreTokens(context).RequestToken);
            var html = new StringBuilder("<h1>LTI platforms</h1>");
            if (error is not null)
            {
                html.Append("<p role=\"alert\">").Append(LtiPages.Encode(error.Length > 300 ? error[..300] : error)).Append("</p>");
            }

            html.Append("<h2>This tool's addresses</h2><dl>");
            foreach (var (label, path) in new[] { ("Login initiation (OIDC login) URL", "/lti/login"), ("Launch (redirect) URL", "/lti/launch"), ("Public keys (JWKS) URL", "/lti/jwks"), ("Dynamic registration URL", "/lti/register"), ("Canvas JSON configuration URL", "/lti/canvas.json") })
            {
                html.Append("<dt>").Append(label).Append("</dt><dd><code>").Append(LtiPages.Encode(LtiEndpoints.ToolUrl(context, path))).Append("</code></dd>");
            }

            html.Append("</dl><h2>Registered platforms</h2>");
            if (platforms.Count == 0)
            {
                html.Append("<p>No platform yet.</p>");
            }

            foreach (var p in platforms)
            {
                html.Append("<section><h3>").Append(LtiPages.Encode(p.Name)).Append(p.Approved ? string.Empty : " (waiting for approval)").Append(p.RegisteredDynamically ? " – registered itself" : string.Empty).Append("</h3>");
                Fields(html, token, $"/admin/lti/platforms/{p.Id}", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p, "Save");
                if (!p.Approved)
                {
                    html.Append($"<form method=\"post\" action=\"/admin/lti/platforms/{p.Id}/approve\"><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{token}\"><button type=\"submit\">Approve {LtiPages.Encode(p.Name)}</button></form>");
                }

                html.Append($"<form method=\"post\" action=\"/admin/lti/platforms/{p.Id}/delete\"><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{token}\"><button type=\"submit\">Remove {LtiPages.Encode(p.Name)}</button></form></section>");
            }

            html.Append("<h2>Add a platform</h2>");
            Fields(html, token, "/admin/lti/platforms", "new", null, "Add platform");
            return LtiPages.Page("LTI platforms", html.ToString());
        });

        admin.MapPost("/platforms", async ([FromForm] string? name, [FromForm] string? issuer, [FromForm(Name = "client_id")] string? clientId, [FromForm(Name = "deployment_ids")] string? deploymentIds, [FromForm(Name = "auth_login_url")] string? authLoginUrl, [FromForm(Name = "token_url")] string? tokenUrl, [FromForm(Name = "jwks_url")] string? jwksUrl,
            HttpContext context, MasteryPathDb db, TimeProvider time, IOptions<LtiOptions> options, CancellationToken cancellationToken) =>
        {
            var form = new PlatformForm(name, issuer, clientId, deploymentIds, authLoginUrl, tokenUrl, jwksUrl);
            var platform = new LtiPlatform { Name = string.Empty, Issuer = string.Empty, ClientId = string.Empty, AuthLoginUrl = string.Empty, TokenUrl = string.Empty, JwksUrl = string.Empty, Approved = true, CreatedAt = time.GetUtcNow() };
            if (Apply(form, platform, options.Value) is { } problem)
            {
                return Back(problem);
            }

            if (await db.LtiPlatforms.AnyAsync(p => p.Issuer == platform.Issuer && p.ClientId == platform.ClientId, cancellationToken))
            {
                return Back("A platform with this issuer and client id is already registered.");
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

            if (Apply(new PlatformForm(name, issuer, clientId, deploymentIds, authLoginUrl, tokenUrl, jwksUrl), platform, options.Value) is { } problem)
            {
                return Back(problem);
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

    private static void Fields(StringBuilder html, string token, string action, string idPrefix, LtiPlatform? p, string button)
    {
        html.Append($"<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{token}\">");
        foreach (var (field, label, value) in new[]
        {
            ("name", "Name", p?.Name), ("issuer", "Issuer", p?.Issuer), ("client_id", "Client id", p?.ClientId), ("deployment_ids", "Deployment ids (one a line)", p?.DeploymentIds),
            ("auth_login_url", "Authentication (OIDC auth) URL", p?.AuthLoginUrl), ("token_url", "Access token URL", p?.TokenUrl), ("jwks_url", "Keyset (JWKS) URL", p?.JwksUrl),
        })
        {
            var id = $"{field}-{idPrefix}";
            html.Append($"<div><label for=\"{id}\">{label}</label> ");
            html.Append(field == "deployment_ids"
                ? $"<textarea id=\"{id}\" name=\"{field}\" rows=\"2\">{LtiPages.Encode(value)}</textarea>"
                : $"<input id=\"{id}\" name=\"{field}\" value=\"{LtiPages.Encode(value)}\">");
            html.Append("</div>");
        }

        html.Append($"<button type=\"submit\">{button}</button></form>");
    }
}
