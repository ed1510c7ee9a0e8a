using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Hardening;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Accounts;

/// <summary>An account may sign in while it is active (not deactivated by an admin).</summary>
public sealed class ActiveAccountConfirmation : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) => Task.FromResult(user.DeactivatedAt is null);
}

/// <summary>Adds <see cref="AccountGates.MustChangePasswordClaim"/> to the session of a user whose password someone else set.</summary>
public sealed class AccountClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(AccountGates.MustChangePasswordClaim, "true"));
        }

        return identity;
    }
}

/// <summary>
/// A user signed in with a password someone else set (a roster, a reset) may only choose their own: pages lead to the
/// account page, the API answers 403. Signing out, the error page and static files stay open.
/// </summary>
public static class AccountGates
{
    public const string MustChangePasswordClaim = "masterypath:must-change-password";

    public static IApplicationBuilder UseMustChangePasswordGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.HasClaim(MustChangePasswordClaim, "true") && !IsOpen(context))
        {
            if (Paths.IsApi(context.Request.Path))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = 403, Title = "Choose your own password first", Detail = "Your password was set by someone else: change it (POST /account/password) before anything else." },
                });
                return;
            }

            context.Response.Redirect("/account?must=1");
            return;
        }

        await next(context);
    });

    private static bool IsOpen(HttpContext context)
    {
        var path = context.Request.Path;
        return path.Equals("/account", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/account/password") || path.StartsWithSegments("/account/logout")
            || path.StartsWithSegments("/error") || path.StartsWithSegments("/health") || path.StartsWithSegments("/api/antiforgery")
            || context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
            || Path.HasExtension(path.Value);
    }
}
