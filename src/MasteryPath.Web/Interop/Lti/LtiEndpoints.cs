using MasteryPath.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>
/// The tool's LTI 1.3 addresses: the OIDC login initiation (/lti/login), the launch (/lti/launch), the tool's public
/// keys (/lti/jwks). Every refusal is a page with a sentence, never an error of the server.
/// </summary>
public static class LtiEndpoints
{
    public static IEndpointRouteBuilder MapLti(this IEndpointRouteBuilder app)
    {
        var lti = app.MapGroup("/lti").ExcludeFromDescription();

        lti.MapGet("/jwks", async (SigningKeys keys, CancellationToken cancellationToken) => Results.Json(await keys.JwksAsync(cancellationToken))).AllowAnonymous();

        lti.MapGet("/login", (HttpContext context, LtiLaunchValidator validator, CancellationToken cancellationToken) =>
            LoginAsync(context, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), validator, cancellationToken)).AllowAnonymous();
        lti.MapPost("/login", async (HttpContext context, LtiLaunchValidator validator, CancellationToken cancellationToken) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : null;
            var fields = form?.ToDictionary(f => f.Key, f => f.Value.ToString()) ?? [];
            return await LoginAsync(context, fields, validator, cancellationToken);
        }).AllowAnonymous().DisableAntiforgery();

        lti.MapPost("/launch", LaunchAsync).AllowAnonymous().DisableAntiforgery();

        // Canvas's "Enter URL" LTI 1.3 developer key configuration.
        lti.MapGet("/canvas.json", (HttpContext context) => Results.Json(new Dictionary<string, object>
        {
            ["title"] = "MasteryPath",
            ["description"] = "Mastery learning: skills practised to mastery, with the standards-based score in the gradebook.",
            ["oidc_initiation_url"] = ToolUrl(context, "/lti/login"),
            ["target_link_uri"] = ToolUrl(context, "/lti/launch"),
            ["public_jwk_url"] = ToolUrl(context, "/lti/jwks"),
            ["scopes"] = new[] { LtiClaims.ScopeLineItem, LtiClaims.ScopeScore, LtiClaims.ScopeResultReadOnly, LtiClaims.ScopeMemberships },
            ["extensions"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["platform"] = "canvas.instructure.com",
                    ["privacy_level"] = "public",
                    ["settings"] = new Dictionary<string, object>
                    {
                        ["placements"] = new[]
                        {
                            new Dictionary<string, string> { ["placement"] = "assignment_selection", ["message_type"] = LtiClaims.DeepLinkingRequest, ["target_link_uri"] = ToolUrl(context, "/lti/launch") },
                            new Dictionary<string, string> { ["placement"] = "link_selection", ["message_type"] = LtiClaims.DeepLinkingRequest, ["target_link_uri"] = ToolUrl(context, "/lti/launch") },
                        },
                    },
                },
            },
        })).AllowAnonymous();
        app.MapLtiDeepLinking();
        app.MapLtiRegistration();
        app.MapLtiAdmin();
        app.MapLtiRoster();
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, Dictionary<string, string> fields, LtiLaunchValidator validator, CancellationToken cancellationToken)
    {
        string? Field(string name) => fields.TryGetValue(name, out var value) && value.Length is > 0 and <= 4096 ? value : null;
        try
        {
            var redirect = await validator.StartAsync(Field("iss"), Field("login_hint"), Field("target_link_uri"), Field("lti_message_hint"), Field("client_id"), Field("lti_deployment_id"), ToolUrl(context, "/lti/launch"), cancellationToken);
            return Results.Redirect(redirect);
        }
        catch (LtiRefusedException refused)
        {
            return LtiPages.Refused(refused.Message);
        }
    }

    private static async Task<IResult> LaunchAsync(HttpContext context, [FromForm(Name = "id_token")] string? idToken, [FromForm(Name = "state")] string? state, [FromForm(Name = "error")] string? error, [FromForm(Name = "error_description")] string? errorDescription,
        LtiLaunchValidator validator, LtiLaunchService launches, SignInManager<AppUser> signIn, LtiDeepLinking deepLinking, LtiRoster roster, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (error is not null)
        {
            return LtiPages.Refused($"The LMS did not sign you in to MasteryPath ({LtiLaunchService.Clean(error, 100)}{(errorDescription is null ? string.Empty : ": " + LtiLaunchService.Clean(errorDescription, 300))}).");
        }

        try
        {
            var message = await validator.ValidateAsync(idToken, state, cancellationToken);
            var outcome = await launches.ResolveAsync(message, cancellationToken);
            if (!await signIn.CanSignInAsync(outcome.User))
            {
                return LtiPages.Refused("Your MasteryPath account may not sign in: ask your school's admin.", StatusCodes.Status403Forbidden);
            }

            await signIn.SignInAsync(outcome.User, isPersistent: false, authenticationMethod: "lti");
            if (message.MessageType == LtiClaims.DeepLinkingRequest)
            {
                if (!outcome.IsTeacher)
                {
                    return LtiPages.Refused("Only a teacher can pick what a MasteryPath assignment opens.", StatusCodes.Status403Forbidden);
                }

                return Results.Redirect("/lti/deep-link?ticket=" + Uri.EscapeDataString(deepLinking.Ticket(message, outcome)));
            }

            if (outcome.IsTeacher && outcome.Context is { MembershipsUrl: not null } synced)
            {
                await roster.TrySyncAsync(synced.Id, cancellationToken);
            }

            return Results.Redirect(outcome.Landing);
        }
        catch (LtiRefusedException refused)
        {
            logs.CreateLogger(typeof(LtiEndpoints)).LogInformation("An LTI launch was refused: {Reason}", refused.Message);
            return LtiPages.Refused(refused.Message);
        }
    }

    /// <summary>An absolute address of this tool as the request reached it.</summary>
    public static string ToolUrl(HttpContext context, string path) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{path}";
}
