using System.Security.Claims;
using MasteryPath.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.Accounts;

public static class AccountEndpoints
{
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user.");

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();

        account.MapPost("/login", async ([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl, UserManager<AppUser> users, SignInManager<AppUser> signIn, SignInTiming timing, Teaching.ClassService classes) =>
        {
            var back = SafeReturnUrl(returnUrl);
            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            {
                return Results.Redirect(LoginUrl("missing", email, back));
            }

            // Unknown, locked and wrong all answer alike and take the same time (a password check, then a pad to a
            // fixed minimum), so that neither the message nor the time tells an attacker which emails have accounts.
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // The "email" field takes a username too: learners from a OneRoster export may have no email.
            var user = await users.FindByEmailAsync(email.Trim()) ?? await users.FindByNameAsync(email.Trim());
            var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                await classes.AcceptInvitationsThatMadeTheAccountAsync(user!.Id);
                return Results.LocalRedirect(back);
            }

            if (user is null || result.IsLockedOut || result.IsNotAllowed)
            {
                timing.SpendAPasswordCheck(password);
            }

            await SignInTiming.PadAsync(started);

            return Results.Redirect(LoginUrl("invalid", email, back));
        }).AllowAnonymous().RequireRateLimiting(Hardening.RateLimits.SignIn);

        // No form field is bound, so form binding does not enforce antiforgery; without it another site could sign a user out.
        account.MapPost("/logout", async (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            await signIn.SignOutAsync();
            return Results.Redirect("/account/login");
        });

        account.MapPost("/password", async ([FromForm] string? current, [FromForm] string? next, ClaimsPrincipal principal, UserManager<AppUser> users, SignInManager<AppUser> signIn) =>
        {
            var user = await users.GetUserAsync(principal);
            if (user is null)
            {
                return Results.Redirect("/account/login");
            }

            if (!string.IsNullOrEmpty(next) && next == current)
            {
                return Results.Redirect($"/account?error={Uri.EscapeDataString("Choose a new password, not the one you have.")}");
            }

            var result = await users.ChangePasswordAsync(user, current ?? string.Empty, next ?? string.Empty);
            if (!result.Succeeded)
            {
                var message = string.Join(" ", result.Errors.Select(e => e.Description));
                return Results.Redirect($"/account?error={Uri.EscapeDataString(message)}");
            }

            if (user.MustChangePassword)
            {
                user.MustChangePassword = false;
                await users.UpdateAsync(user);
            }

            await signIn.RefreshSignInAsync(user);
            return Results.Redirect("/account?changed=1");
        }).RequireRateLimiting(Hardening.RateLimits.Password);

        return app;
    }

    /// <summary>The return address when it is a path on this site, else the home page.</summary>
    public static string SafeReturnUrl(string? returnUrl) => IsLocalPath(returnUrl) ? returnUrl : "/";

    /// <summary>True for a path on this site ("/x"), false for anything a browser could read as another host ("//x", "/\\x").</summary>
    /// <remarks>Control characters are refused too: a browser drops a tab or a newline, so "/\t/evil.example" would lead away.</remarks>
    public static bool IsLocalPath([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) &&
        !url.Any(char.IsControl) && url.Length <= 2000;

    private static string LoginUrl(string error, string? email, string returnUrl) =>
        $"/account/login?error={error}&email={Uri.EscapeDataString(email ?? string.Empty)}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}
