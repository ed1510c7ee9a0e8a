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

        account.MapPost("/login", async ([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl, SignInManager<AppUser> signIn) =>
        {
            var back = SafeReturnUrl(returnUrl);
            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            {
                return Results.Redirect(LoginUrl("missing", email, back));
            }

            var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: true, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return Results.LocalRedirect(back);
            }

            return Results.Redirect(LoginUrl(result.IsLockedOut ? "locked" : "invalid", email, back));
        }).AllowAnonymous();

        // No form field is bound, so form binding does not enforce antiforgery; without it another site could sign a user out.
        account.MapPost("/logout", async (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

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

            var result = await users.ChangePasswordAsync(user, current ?? string.Empty, next ?? string.Empty);
            if (!result.Succeeded)
            {
                var message = string.Join(" ", result.Errors.Select(e => e.Description));
                return Results.Redirect($"/account?error={Uri.EscapeDataString(message)}");
            }

            await signIn.RefreshSignInAsync(user);
            return Results.Redirect("/account?changed=1");
        });

        return app;
    }

    private static string SafeReturnUrl(string? returnUrl) => IsLocalPath(returnUrl) ? returnUrl : "/";

    /// <summary>True for a path on this site ("/x"), false for anything a browser could read as another host ("//x", "/\\x").</summary>
    public static bool IsLocalPath([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static string LoginUrl(string error, string? email, string returnUrl) =>
        $"/account/login?error={error}&email={Uri.EscapeDataString(email ?? string.Empty)}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}
