using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MasteryPath.Web.Accounts.SingleSignOn;

public static class SingleSignOnSetup
{
    /// <summary>Where a refused or failed single sign-on leads: the sign-in page, which says why in words.</summary>
    public static string LoginWithError(string error, string? returnUrl = null) =>
        $"/account/login?error={error}" + (AccountEndpoints.IsLocalPath(returnUrl) && returnUrl != "/" ? $"&returnUrl={Uri.EscapeDataString(returnUrl)}" : string.Empty);

    /// <summary>
    /// One OpenID Connect scheme per configured provider: the code flow with PKCE, the answer in the query string (a
    /// top-level GET, so the Lax correlation cookies come back over plain http on a school's own machine too), the
    /// result kept in Identity's external cookie until <see cref="SingleSignOnEndpoints"/> matches it to an account.
    /// </summary>
    public static IServiceCollection AddSingleSignOn(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(SingleSignOnOptions.Section).Get<SingleSignOnOptions>() ?? new SingleSignOnOptions();
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(SingleSignOnOptions.Section, typeof(SingleSignOnOptions), problems);
        }

        services.AddOptions<SingleSignOnOptions>().BindConfiguration(SingleSignOnOptions.Section);
        services.AddScoped<SingleSignOnService>();
        var authentication = services.AddAuthentication();
        foreach (var (key, provider) in options.Providers)
        {
            authentication.AddOpenIdConnect(SingleSignOnOptions.Scheme(key), provider.DisplayName, o => Configure(o, key.ToLowerInvariant(), provider));
        }

        return services;
    }

    private static void Configure(OpenIdConnectOptions o, string key, SingleSignOnProvider provider)
    {
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.Authority = provider.Authority;
        o.ClientId = provider.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(provider.ClientSecret) ? null : provider.ClientSecret;
        o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = true;
        o.CallbackPath = $"/signin-sso/{key}";
        o.SignedOutCallbackPath = $"/signout-callback-sso/{key}";
        o.RemoteSignOutPath = $"/signout-sso/{key}";
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.Scope.Add("email");

        // The claims keep the names the provider gave them ("sub", "email", "email_verified").
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.BackchannelTimeout = TimeSpan.FromSeconds(15);
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Events = new OpenIdConnectEvents
        {
            // A person who cancels at the provider, an expired or replayed answer, a provider error: the sign-in page
            // says it did not finish (never a 500); the operator finds the reason in the log.
            OnRemoteFailure = context =>
            {
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOnSetup));
                logger.LogInformation("Single sign-on with {Provider} did not finish: {Reason}", key, context.Failure?.Message);
                context.Response.Redirect(LoginWithError("sso-failed", context.Properties?.Items.TryGetValue(SingleSignOnEndpoints.ReturnUrlItem, out var back) == true ? back : null));
                context.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }
}
