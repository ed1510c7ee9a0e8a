using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.Families;

/// <summary>
/// The families' forms: a learner or teacher issues a parent code, a parent redeems it (signing up on the way), links
/// are removed, the digest is switched, a teacher writes to a learner's parents. The pages are under /family
/// (Components/Pages/Family) and the learner's and teacher's sections on /account and the teacher's learner page.
/// </summary>
public static class FamilyEndpoints
{
    public static IServiceCollection AddFamilies(this IServiceCollection services)
    {
        services.AddOptions<FamilyOptions>().BindConfiguration(FamilyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<FamilyService>();
        services.AddScoped<FamilyMessenger>();
        services.AddScoped<ChildWeekReader>();
        services.AddSingleton<IssuedCodeDisplay>();
        services.AddSingleton<FamilyDigestWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<FamilyDigestWorker>());
        return services;
    }

    public static IEndpointRouteBuilder MapFamilies(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/family").ExcludeFromDescription();
        forms.MapPost("/codes", async (ClaimsPrincipal user, FamilyService families, IssuedCodeDisplay display) =>
        {
            var issued = await families.IssueForSelfAsync(user);
            return Results.Redirect($"/account?familyCode={Uri.EscapeDataString(display.Protect(user.UserId(), issued))}#family");
        });
        forms.MapPost("/links/{linkId:long}/remove", async (long linkId, [FromForm] string? returnUrl, ClaimsPrincipal user, FamilyService families) =>
        {
            var removed = await families.RemoveLinkAsync(user, linkId);
            var userId = user.UserId();
            return Results.Redirect(
                userId == removed.ParentId ? "/family?removed=1"
                : userId == removed.LearnerId ? "/account?familyRemoved=1#family"
                : AccountEndpoints.IsLocalPath(returnUrl) ? returnUrl : "/teach");
        });
        forms.MapPost("/digest", async ([FromForm] string? wanted, ClaimsPrincipal user, FamilyService families) =>
        {
            await families.SetDigestAsync(user.UserId(), wanted == "true");
            return Results.Redirect("/family?digest=1");
        }).RequireAuthorization(Roles.Parent);
        forms.MapPost("/join", JoinAsync).AllowAnonymous().RequireRateLimiting(Hardening.RateLimits.SignIn);

        var teach = app.MapGroup("/forms/teach/classes/{classId:long}/learners/{learnerId}").RequireAuthorization(Roles.Teacher).ExcludeFromDescription();
        teach.MapPost("/family-code", async (long classId, string learnerId, ClaimsPrincipal user, FamilyService families, IssuedCodeDisplay display) =>
        {
            var issued = await families.IssueByTeacherAsync(user, classId, learnerId);
            return Results.Redirect($"/teach/classes/{classId}/learners/{learnerId}?familyCode={Uri.EscapeDataString(display.Protect(user.UserId(), issued))}#family");
        });
        teach.MapPost("/family-message", async (long classId, string learnerId, [FromForm] string? text, ClaimsPrincipal user, FamilyMessenger messenger, HttpContext http) =>
        {
            var reached = await messenger.SendAsync(user, classId, learnerId, text, $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}");
            return Results.Redirect($"/teach/classes/{classId}/learners/{learnerId}?familySent={reached}#family");
        });
        return app;
    }

    /// <summary>
    /// Redeems a code for the signed-in parent, or for a new parent account made from the form. The code is checked
    /// before anything is made, and used only once the account exists: a wrong code or a refused password loses nothing.
    /// </summary>
    private static async Task<IResult> JoinAsync(
        [FromForm] string? code, [FromForm] string? name, [FromForm] string? email, [FromForm] string? password, ClaimsPrincipal user,
        FamilyService families, UserManager<AppUser> users, SignInManager<AppUser> signIn, TimeProvider time)
    {
        string Back(string error) =>
            $"/family/join?error={Uri.EscapeDataString(error)}&code={Uri.EscapeDataString(code ?? string.Empty)}&name={Uri.EscapeDataString(name ?? string.Empty)}&email={Uri.EscapeDataString(email ?? string.Empty)}";
        try
        {
            var redeemable = await families.RedeemableAsync(code);
            AppUser parent;
            if (user.Identity?.IsAuthenticated == true)
            {
                if (!user.IsInRole(Roles.Parent))
                {
                    throw LearningException.Invalid("You are signed in with an account that is not a parent's. Sign out, then come back here to make a parent account.");
                }

                parent = await users.GetUserAsync(user) ?? throw LearningException.Invalid("Sign in again.");
            }
            else
            {
                parent = await CreateParentAsync(name, email, password, users, time);
            }

            var link = await families.RedeemAsync(parent.Id, redeemable);
            if (user.Identity?.IsAuthenticated != true)
            {
                await signIn.SignInAsync(parent, isPersistent: true);
            }

            return Results.Redirect($"/family/child/{Uri.EscapeDataString(link.LearnerId)}?linked=1");
        }
        catch (LearningException ex) when (ex.Status == StatusCodes.Status400BadRequest)
        {
            return Results.Redirect(Back(ex.Message));
        }
    }

    private static async Task<AppUser> CreateParentAsync(string? name, string? email, string? password, UserManager<AppUser> users, TimeProvider time)
    {
        var displayName = TextInput.Require(name, "name", 200, isName: true);
        var address = TextInput.Require(email, "email address", 256);
        if (!System.Net.Mail.MailAddress.TryCreate(address, out _))
        {
            throw LearningException.Invalid($"'{address}' is not an email address.");
        }

        var parent = new AppUser { UserName = address, Email = address, EmailConfirmed = true, DisplayName = displayName, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(parent, password ?? string.Empty);
        if (!created.Succeeded)
        {
            throw LearningException.Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var role = await users.AddToRoleAsync(parent, Roles.Parent);
        return role.Succeeded ? parent : throw new InvalidOperationException("The new parent account got no role: " + string.Join(" ", role.Errors.Select(e => e.Description)));
    }
}

/// <summary>
/// Carries a just-issued code to the page that shows it, encrypted and bound to the issuer, for ten minutes: the plain
/// code is never stored, and a later visit (or another person) with the same address sees nothing.
/// </summary>
public sealed class IssuedCodeDisplay(IDataProtectionProvider protection)
{
    private static readonly TimeSpan ShownFor = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("MasteryPath.Families.IssuedCode").ToTimeLimitedDataProtector();

    public string Protect(string issuerId, IssuedFamilyCode issued) =>
        _protector.Protect($"{issuerId}\n{issued.Code}\n{issued.ExpiresAt.ToUnixTimeSeconds()}", ShownFor);

    /// <summary>The code when <paramref name="value"/> was made for <paramref name="issuerId"/> in the last ten minutes; null otherwise.</summary>
    public IssuedFamilyCode? Unprotect(string issuerId, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('\n');
            return parts.Length == 3 && parts[0] == issuerId && long.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var expires)
                ? new IssuedFamilyCode(parts[1], DateTimeOffset.FromUnixTimeSeconds(expires))
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
