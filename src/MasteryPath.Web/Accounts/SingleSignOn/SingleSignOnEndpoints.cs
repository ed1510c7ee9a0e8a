using MasteryPath.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Accounts.SingleSignOn;

/// <summary>
/// GET /account/sso/{provider} sends the browser to the provider; the provider answers at /signin-sso/{provider}
/// (the OpenID Connect handler), which leads to GET /account/sso/{provider}/done: the answer is matched to an account
/// (<see cref="SingleSignOnService"/>) and the person is signed in as with a password.
/// </summary>
public static class SingleSignOnEndpoints
{
    public const string ReturnUrlItem = "masterypath:return-url";

    /// <summary>The provider's key, carried through the round trip so that the return only accepts that provider's answer.</summary>
    public const string ProviderItem = "masterypath:sso-provider";

    public static IEndpointRouteBuilder MapSingleSignOn(this IEndpointRouteBuilder app)
    {
        var sso = app.MapGroup("/account/sso").ExcludeFromDescription().AllowAnonymous();

        sso.MapGet("/{provider}", async (string provider, string? returnUrl, HttpContext context, IOptions<SingleSignOnOptions> options, ILoggerFactory logs) =>
        {
            var back = AccountEndpoints.SafeReturnUrl(returnUrl);
            if (!options.Value.Providers.ContainsKey(provider))
            {
                return Results.Redirect(SingleSignOnSetup.LoginWithError("sso-unknown", back));
            }

            var properties = new AuthenticationProperties { RedirectUri = $"/account/sso/{Uri.EscapeDataString(provider.ToLowerInvariant())}/done?returnUrl={Uri.EscapeDataString(back)}" };
            properties.Items[ReturnUrlItem] = back;
            properties.Items[ProviderItem] = provider.ToLowerInvariant();
            try
            {
                await context.ChallengeAsync(SingleSignOnOptions.Scheme(provider), properties);
                return Results.Empty;
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
            {
                // The provider's discovery document could not be read: the provider is down or the setting is wrong.
                logs.CreateLogger(typeof(SingleSignOnEndpoints)).LogWarning(ex, "Single sign-on with {Provider} is unavailable", provider);
                return Results.Redirect(SingleSignOnSetup.LoginWithError("sso-unavailable", back));
            }
        }).RequireRateLimiting(Hardening.RateLimits.SignIn);

        sso.MapGet("/{provider}/done", async (string provider, string? returnUrl, HttpContext context, IOptions<SingleSignOnOptions> options, SingleSignOnService service, SignInManager<AppUser> signIn, Teaching.ClassService classes, CancellationToken cancellationToken) =>
        {
            var back = AccountEndpoints.SafeReturnUrl(returnUrl);
            var answer = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            if (!options.Value.Providers.TryGetValue(provider, out var settings) || !answer.Succeeded
                || answer.Properties?.Items.TryGetValue(ProviderItem, out var started) != true || started != provider.ToLowerInvariant())
            {
                return Results.Redirect(SingleSignOnSetup.LoginWithError("sso-failed", back));
            }

            var outcome = await service.ResolveAsync(provider, settings, answer.Principal, cancellationToken);
            if (outcome.User is not { } user)
            {
                return Results.Redirect(SingleSignOnSetup.LoginWithError(outcome.Refusal ?? "sso-failed", back));
            }

            await signIn.SignInAsync(user, isPersistent: true, authenticationMethod: SingleSignOnOptions.Scheme(provider));
            await classes.AcceptInvitationsThatMadeTheAccountAsync(user.Id);
            return Results.LocalRedirect(back);
        }).RequireRateLimiting(Hardening.RateLimits.SignIn);

        return app;
    }
}
