using MasteryPath.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Accounts;

public static class IdentitySetup
{
    public static IServiceCollection AddMasteryPathIdentity(this IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                // Unique when given (OptionalUniqueEmailValidator): a learner from a OneRoster export may have none and signs in by username.
                o.User.RequireUniqueEmail = false;

                // "Confirmed" means active here (ActiveAccountConfirmation): a deactivated account cannot sign in.
                o.SignIn.RequireConfirmedAccount = true;
            })
            .AddUserValidator<OptionalUniqueEmailValidator>()
            .AddEntityFrameworkStores<MasteryPathDb>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>();
        services.AddScoped<IUserConfirmation<AppUser>, ActiveAccountConfirmation>();

        // Passkeys (ADR 0020) take the site's identity from the request's host unless MasteryPath:Passkeys:ServerDomain names it.
        services.AddOptions<IdentityPasskeyOptions>().BindConfiguration("MasteryPath:Passkeys");

        // Sessions re-check the account's security stamp every minute: a deactivation, a reset password or new roles
        // (each changes the stamp) end them within that time.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/error/403";
            o.Cookie.Name = "MasteryPath.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.Events = new CookieAuthenticationEvents
            {
                // Replacing the events must keep Identity's: a changed security stamp (deactivation, a new password,
                // new roles) ends the sessions of the account.
                OnValidatePrincipal = context => StampCheckDue(context) ? SecurityStampValidator.ValidatePrincipalAsync(context) : Task.CompletedTask,
                // The JSON API answers 401/403 as ProblemDetails instead of redirecting to the sign-in page.
                OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized, "Sign in first."),
                OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden, "You may not see this."),
            };
        });

        // Everything needs a signed-in user unless it says otherwise (the sign-in page and static files).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.Teacher, p => p.RequireRole(Roles.Teacher, Roles.Admin))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Parent, p => p.RequireRole(Roles.Parent));
        return services;
    }

    /// <summary>
    /// The validator's own test of whether the session's stamp is due for a check, made before the validator is resolved:
    /// resolving it builds the sign-in and user managers and their store for every request, though a check runs at most
    /// once a minute per session.
    /// </summary>
    private static bool StampCheckDue(CookieValidatePrincipalContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var issued = context.Properties.IssuedUtc;
        return issued is null || (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value > options.ValidationInterval;
    }

    private static async Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status, string detail)
    {
        if (Hardening.Paths.IsApi(context.Request.Path))
        {
            context.Response.StatusCode = status;
            var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = { Status = status, Detail = detail } });
            return;
        }

        context.Response.Redirect(context.RedirectUri);
    }
}
