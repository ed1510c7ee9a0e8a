using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Hardening;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>What a deep linking request allows: carried from the launch to the picker and back as a protected, hour-long ticket.</summary>
public sealed record DeepLinkTicket(long PlatformId, string DeploymentId, string ReturnUrl, string? Data, string UserId);

/// <summary>
/// Deep Linking 2.0: a teacher's LtiDeepLinkingRequest opens a page to pick a course, unit or skill; the answer is an
/// LtiDeepLinkingResponse signed with the tool's key, one ltiResourceLink content item whose custom parameters name
/// the target and whose line item (score maximum 4) receives the standards-based score, posted back to the LMS.
/// </summary>
public sealed class LtiDeepLinking(IDataProtectionProvider protection, SigningKeys keys)
{
    private ITimeLimitedDataProtector Protector => protection.CreateProtector("MasteryPath.Lti.DeepLink").ToTimeLimitedDataProtector();

    public string Ticket(LtiMessage message, LtiLaunchOutcome outcome)
    {
        var settings = message.Object(LtiClaims.DeepLinkingSettings);
        var ticket = new DeepLinkTicket(message.Platform.Id, message.DeploymentId, LtiMessage.Text(settings, "deep_link_return_url")!, LtiMessage.Text(settings, "data"), outcome.User.Id);
        return Protector.Protect(JsonSerializer.Serialize(ticket), TimeProvider.System.GetUtcNow().AddHours(1));
    }

    public DeepLinkTicket? Read(string? ticket, string userId)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 8000)
        {
            return null;
        }

        try
        {
            var read = JsonSerializer.Deserialize<DeepLinkTicket>(Protector.Unprotect(ticket, out var expiry));
            return read is not null && read.UserId == userId && expiry > TimeProvider.System.GetUtcNow() ? read : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The signed LtiDeepLinkingResponse naming <paramref name="target"/>.</summary>
    public async Task<string> ResponseAsync(LtiPlatform platform, DeepLinkTicket ticket, string launchUrl, (string Course, string Kind, string Id, string Title) target, CancellationToken cancellationToken)
    {
        var custom = new Dictionary<string, string> { [LtiClaims.CustomCourse] = target.Course };
        if (target.Kind != "course")
        {
            custom[target.Kind == "unit" ? LtiClaims.CustomUnit : LtiClaims.CustomSkill] = target.Id;
        }

        var item = new Dictionary<string, object>
        {
            ["type"] = "ltiResourceLink",
            ["title"] = target.Title,
            ["url"] = launchUrl,
            ["custom"] = custom,
            ["lineItem"] = new Dictionary<string, object> { ["scoreMaximum"] = LtiScores.DefaultMaximum, ["label"] = target.Title, ["resourceId"] = $"{target.Kind}:{target.Course}:{target.Id}", ["tag"] = "masterypath-mastery" },
        };
        var claims = new Dictionary<string, object>
        {
            [LtiClaims.MessageType] = LtiClaims.DeepLinkingResponse,
            [LtiClaims.Version] = LtiClaims.LtiVersion,
            [LtiClaims.DeploymentId] = ticket.DeploymentId,
            [LtiClaims.DeepLinkingContentItems] = new[] { item },
            ["nonce"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
        };
        if (ticket.Data is not null)
        {
            claims[LtiClaims.DeepLinkingData] = ticket.Data;
        }

        // Token lifetimes are read by another system's clock: the wall clock, not the app's (which tests move).
        var now = TimeProvider.System.GetUtcNow();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = platform.ClientId,
            Audience = platform.Issuer,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(5).UtcDateTime,
            SigningCredentials = await keys.SigningCredentialsAsync(cancellationToken),
        });
    }
}

public static class LtiDeepLinkingEndpoints
{
    public static IEndpointRouteBuilder MapLtiDeepLinking(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/lti/deep-link").ExcludeFromDescription().RequireAuthorization(Roles.Teacher);
        group.MapGet("/", (string? ticket, HttpContext context, LtiDeepLinking deepLinking, CourseCatalog catalog, IAntiforgery antiforgery) =>
        {
            if (deepLinking.Read(ticket, context.User.UserId()) is null)
            {
                return LtiPages.Refused("This choice has expired or was not started by you: pick again from the LMS.");
            }

            var token = antiforgery.GetAndStoreTokens(context).RequestToken!;
            var html = new StringBuilder("<h1>Pick what this LMS assignment opens</h1><p>The LMS gets one link; learners open it signed in, and their mastery of what you pick goes to its gradebook: the same score as the gradebook export, on your class's scale (0 to 4 with the default bands).</p>");
            html.Append("<form method=\"post\" action=\"/lti/deep-link\">");
            html.Append("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"").Append(LtiPages.Encode(token)).Append("\"><input type=\"hidden\" name=\"ticket\" value=\"").Append(LtiPages.Encode(ticket)).Append("\">");
            var index = 0;
            foreach (var course in catalog.Courses)
            {
                html.Append("<fieldset class=\"lti-picker\"><legend>").Append(LtiPages.Encode(course.Title)).Append("</legend>");
                Option(html, ref index, $"course|{course.Id}", $"The whole course: {course.Title}", "lti-course");
                foreach (var unit in course.Units)
                {
                    Option(html, ref index, $"unit|{course.Id}|{unit.Id}", $"Unit: {unit.Title}", "lti-unit");
                    foreach (var skill in course.SkillsById.Values.Where(s => s.UnitId == unit.Id).OrderBy(s => s.Title, StringComparer.Ordinal))
                    {
                        Option(html, ref index, $"skill|{course.Id}|{skill.Id.Value}", $"Skill: {skill.Title}", "lti-skill");
                    }
                }

                html.Append("</fieldset>");
            }

            html.Append("<p><button type=\"submit\" class=\"primary\">Add to the LMS</button></p></form>");
            return LtiPages.Page("Pick an assignment", html.ToString());
        });

        group.MapPost("/", async ([FromForm] string? ticket, [FromForm] string? target, HttpContext context, LtiDeepLinking deepLinking, CourseCatalog catalog, MasteryPathDb db, CancellationToken cancellationToken) =>
        {
            if (deepLinking.Read(ticket, context.User.UserId()) is not { } read)
            {
                return LtiPages.Refused("This choice has expired or was not started by you: pick again from the LMS.");
            }

            if (Resolve(catalog, target) is not { } picked)
            {
                return LtiPages.Refused("Pick a course, a unit or a skill first.");
            }

            var platform = await db.LtiPlatforms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == read.PlatformId, cancellationToken);
            if (platform is null)
            {
                return LtiPages.Refused("The LMS this choice was for is no longer registered here.");
            }

            var jwt = await deepLinking.ResponseAsync(platform, read, LtiEndpoints.ToolUrl(context, "/lti/launch"), picked, cancellationToken);
            context.Items[SecurityHeaders.FormActionItem] = new Uri(read.ReturnUrl).GetLeftPart(UriPartial.Authority);
            return LtiPages.Page("Sending your choice to the LMS", LtiPages.AutoPost($"Sending “{picked.Title}” to the LMS", read.ReturnUrl, [("JWT", jwt)]), script: "/lti-autopost.js");
        });

        return app;
    }

    private static void Option(StringBuilder html, ref int index, string value, string label, string level)
    {
        var id = "target-" + index++;
        html.Append("<div class=\"row lti-option ").Append(level).Append("\"><input type=\"radio\" name=\"target\" id=\"").Append(id).Append("\" value=\"").Append(LtiPages.Encode(value)).Append("\"> <label for=\"").Append(id).Append("\">").Append(LtiPages.Encode(label)).Append("</label></div>");
    }

    private static (string Course, string Kind, string Id, string Title)? Resolve(CourseCatalog catalog, string? target)
    {
        var parts = (target ?? string.Empty).Split('|');
        if (parts.Length < 2 || catalog.Find(parts[1]) is not { } course)
        {
            return null;
        }

        return parts switch
        {
            ["course", _] => (course.Id, "course", course.Id, course.Title),
            ["unit", _, var unit] when course.Units.FirstOrDefault(u => u.Id == unit) is { } u => (course.Id, "unit", u.Id, $"{course.Title}: {u.Title}"),
            ["skill", _, var skill] when course.SkillsById.Values.FirstOrDefault(s => s.Id.Value == skill) is { } s => (course.Id, "skill", skill, s.Title),
            _ => null,
        };
    }
}
