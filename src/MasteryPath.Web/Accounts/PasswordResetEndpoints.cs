using MasteryPath.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Accounts;

/// <summary>
/// "Forgot password" by email: a link with a one-time token (valid <see cref="TokenLifetime"/>) goes to the address of
/// an active account; the answer is the same, in the same time, whether or not the address has one.
/// </summary>
public static class PasswordResetEndpoints
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(2);

    public static IServiceCollection AddPasswordReset(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<MailOutbox>());
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TokenLifetime);
        return services;
    }

    public static IEndpointRouteBuilder MapPasswordReset(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription().AllowAnonymous();
        account.MapPost("/forgot", async ([FromForm] string? email, HttpContext context, UserManager<AppUser> users, MailOutbox outbox, IOptions<MailOptions> mail) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (string.IsNullOrWhiteSpace(email))
            {
                return Results.Redirect("/account/forgot?error=missing");
            }

            var user = await users.FindByEmailAsync(email.Trim());
            if (user is { DeactivatedAt: null, Email: { } address })
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                var origin = mail.Value.PublicBaseUrl.Length > 0 ? mail.Value.PublicBaseUrl.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}";
                var link = $"{origin}/account/reset?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}";
                outbox.Enqueue(new OutgoingMail(address, "Choose a new MasteryPath password", $"""
                    Hello {user.DisplayName},

                    someone (we hope you) asked to reset the password of your MasteryPath account. Open this link within {TokenLifetime.TotalHours:0} hours to choose a new one:

                    {link}

                    If it was not you, ignore this mail: your password stays as it is.
                    """));
            }

            await SignInTiming.PadAsync(started);
            return Results.Redirect("/account/forgot?sent=1");
        }).RequireRateLimiting(Hardening.RateLimits.Password);

        account.MapPost("/reset", async ([FromForm] string? user, [FromForm] string? token, [FromForm] string? next, UserManager<AppUser> users) =>
        {
            var found = string.IsNullOrEmpty(user) ? null : await users.FindByIdAsync(user);
            var back = $"/account/reset?user={Uri.EscapeDataString(user ?? string.Empty)}&token={Uri.EscapeDataString(token ?? string.Empty)}";
            if (found is null || found.DeactivatedAt is not null || string.IsNullOrEmpty(token))
            {
                return Results.Redirect(back + "&error=" + Uri.EscapeDataString("This link is not valid, has expired or was used. Ask for a new one."));
            }

            var result = await users.ResetPasswordAsync(found, token, next ?? string.Empty);
            if (!result.Succeeded)
            {
                var invalidToken = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
                var message = invalidToken ? "This link is not valid, has expired or was used. Ask for a new one." : string.Join(" ", result.Errors.Select(e => e.Description));
                return Results.Redirect(back + "&error=" + Uri.EscapeDataString(message));
            }

            found.MustChangePassword = false;
            await users.UpdateAsync(found);
            await users.SetLockoutEndDateAsync(found, null);
            await users.ResetAccessFailedCountAsync(found);
            return Results.Redirect("/account/login?reset=1");
        }).RequireRateLimiting(Hardening.RateLimits.Password);
        return app;
    }
}
