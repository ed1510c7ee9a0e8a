using System.Security.Claims;
using MasteryPath.Data;
using Microsoft.AspNetCore.Identity;

namespace MasteryPath.Web.Accounts.SingleSignOn;

/// <summary>The account a provider's answer signs in to, or why none: a refusal code the sign-in page explains.</summary>
public sealed record SingleSignOnOutcome(AppUser? User, string? Refusal)
{
    public static SingleSignOnOutcome Refused(string refusal) => new(null, refusal);
}

/// <summary>
/// Matches a provider's answer to an account: first by the provider's subject id (a link made at an earlier sign-in),
/// then by a verified email address (the link is made then), else a new learner account when the provider may create
/// them. Every link and every account made this way writes an audit entry.
/// </summary>
public sealed class SingleSignOnService(MasteryPathDb db, UserManager<AppUser> users, SignInManager<AppUser> signIn, TimeProvider time, ILogger<SingleSignOnService> logger)
{
    public const string ActionLink = "account-sso-link";
    public const string ActionCreate = "account-sso-create";

    public const string RefusedFailed = "sso-failed";
    public const string RefusedUnverified = "sso-unverified";
    public const string RefusedDomain = "sso-domain";
    public const string RefusedNoAccount = "sso-no-account";
    public const string RefusedCannotSignIn = "sso-refused";

    public async Task<SingleSignOnOutcome> ResolveAsync(string key, SingleSignOnProvider provider, ClaimsPrincipal answer, CancellationToken cancellationToken = default)
    {
        var scheme = SingleSignOnOptions.Scheme(key);
        var subject = answer.FindFirstValue("sub");
        if (string.IsNullOrWhiteSpace(subject))
        {
            logger.LogInformation("Single sign-on with {Provider} gave no subject id", key);
            return SingleSignOnOutcome.Refused(RefusedFailed);
        }

        var user = await users.FindByLoginAsync(scheme, subject);
        if (user is null)
        {
            var email = VerifiedEmail(provider, answer);
            if (email is null)
            {
                return SingleSignOnOutcome.Refused(RefusedUnverified);
            }

            if (provider.AllowedEmailDomains.Length > 0 && !provider.AllowedEmailDomains.Any(d => email.EndsWith("@" + d.Trim().TrimStart('@'), StringComparison.OrdinalIgnoreCase)))
            {
                logger.LogInformation("Single sign-on with {Provider} refused an address outside the allowed domains", key);
                return SingleSignOnOutcome.Refused(RefusedDomain);
            }

            user = await users.FindByEmailAsync(email);
            if (user is null && !provider.CreateAccounts)
            {
                return SingleSignOnOutcome.Refused(RefusedNoAccount);
            }

            var outcome = user is null ? await CreateAsync(scheme, subject, email, answer, provider) : await LinkAsync(scheme, subject, user, provider);
            if (outcome.User is null)
            {
                return outcome;
            }

            user = outcome.User;
            await db.SaveChangesAsync(cancellationToken);
        }

        return await signIn.CanSignInAsync(user) && !await users.IsLockedOutAsync(user) ? new SingleSignOnOutcome(user, null) : SingleSignOnOutcome.Refused(RefusedCannotSignIn);
    }

    /// <summary>The address, when the provider vouches for it: "email_verified" true, or an operator who trusts the provider's addresses.</summary>
    private static string? VerifiedEmail(SingleSignOnProvider provider, ClaimsPrincipal answer)
    {
        var email = answer.FindFirstValue("email")?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 256 || email.Any(char.IsControl) || email.Count(c => c == '@') != 1)
        {
            return null;
        }

        var verified = answer.FindFirstValue("email_verified");
        return verified is null ? (provider.TrustEmailWithoutVerifiedClaim ? email : null) : bool.TryParse(verified, out var yes) && yes ? email : null;
    }

    private async Task<SingleSignOnOutcome> CreateAsync(string scheme, string subject, string email, ClaimsPrincipal answer, SingleSignOnProvider provider)
    {
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = DisplayName(answer, email), CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            // Two first sign-ins at once: the other one made the account; the person tries again and is matched.
            logger.LogInformation("Single sign-on could not create an account: {Errors}", string.Join(" ", created.Errors.Select(e => e.Code)));
            return SingleSignOnOutcome.Refused(RefusedFailed);
        }

        if (!(await users.AddToRoleAsync(user, Roles.Learner)).Succeeded || !(await users.AddLoginAsync(user, new UserLoginInfo(scheme, subject, provider.DisplayName))).Succeeded)
        {
            await users.DeleteAsync(user);
            return SingleSignOnOutcome.Refused(RefusedFailed);
        }

        Audit(user, ActionCreate, $"{email}; a learner account made at the first sign-in with {provider.DisplayName}");
        return new SingleSignOnOutcome(user, null);
    }

    private async Task<SingleSignOnOutcome> LinkAsync(string scheme, string subject, AppUser user, SingleSignOnProvider provider)
    {
        if (!(await users.AddLoginAsync(user, new UserLoginInfo(scheme, subject, provider.DisplayName))).Succeeded)
        {
            return SingleSignOnOutcome.Refused(RefusedFailed);
        }

        var details = $"{user.Email}; signs in with {provider.DisplayName} from now on";
        if (user.MustChangePassword)
        {
            // A password someone else set (a roster card, a reset) would stay known to them: the school account replaces it.
            await users.RemovePasswordAsync(user);
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
            details += "; the temporary password someone else set was removed";
        }

        Audit(user, ActionLink, details);
        return new SingleSignOnOutcome(user, null);
    }

    private void Audit(AppUser user, string action, string details) =>
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = user.Id, Action = action, SubjectUserId = user.Id, Details = details });

    private static string DisplayName(ClaimsPrincipal answer, string email)
    {
        var name = answer.FindFirstValue("name") ?? string.Join(' ', new[] { answer.FindFirstValue("given_name"), answer.FindFirstValue("family_name") }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var clean = new string((name ?? string.Empty).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length is > 0 and <= 200 ? clean : email[..email.IndexOf('@', StringComparison.Ordinal)];
    }
}
