using System.Buffers.Text;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Identity;

namespace MasteryPath.Web.Accounts;

/// <summary>A passkey of the signed-in user, as the account page lists it; <paramref name="Id"/> is the credential id in base64url.</summary>
public sealed record PasskeyRow(string Id, string Name, DateTimeOffset AddedAt);

/// <summary>
/// A teacher's or admin's passkeys (ADR 0020): ASP.NET Core Identity's WebAuthn ceremonies, with the names, the limits
/// and the audit entries of this app. Learners have none. Signing in with one passes the same gates as a password.
/// </summary>
public sealed class PasskeyService(MasteryPathDb db, UserManager<AppUser> users, SignInManager<AppUser> signIn, Teaching.ClassService classes, TimeProvider time)
{
    public const string ActionAdd = "passkey-add";
    public const string ActionRemove = "passkey-remove";
    public const int NameMaxLength = 60;
    public const int MaxPasskeysPerUser = 10;

    /// <summary>Why a passkey sign-in failed; the same for an unknown, removed or forged passkey.</summary>
    public const string UnknownPasskeyMessage = "That passkey is not registered with MasteryPath (it may have been removed). Sign in with your email and password.";

    public const string CannotSignInMessage = "The account of that passkey cannot sign in now: it is deactivated, waiting after wrong passwords, or not a teacher's.";

    public const string StartAgainMessage = "That passkey request has expired or was already used: start again.";

    public async Task<IReadOnlyList<PasskeyRow>> ListAsync(ClaimsPrincipal principal)
    {
        var user = await CurrentUserAsync(principal);
        var passkeys = await users.GetPasskeysAsync(user);
        return passkeys.OrderBy(p => p.CreatedAt).Select(ToRow).ToList();
    }

    /// <summary>The options for <c>navigator.credentials.create</c>, as JSON; the challenge waits in a short-lived cookie.</summary>
    public async Task<string> CreationOptionsAsync(ClaimsPrincipal principal)
    {
        var user = await CurrentUserAsync(principal);
        if ((await users.GetPasskeysAsync(user)).Count >= MaxPasskeysPerUser)
        {
            throw LearningException.Conflict($"You have {MaxPasskeysPerUser} passkeys, the most an account may have: remove one first.");
        }

        var entity = new PasskeyUserEntity { Id = user.Id, Name = user.Email ?? user.UserName ?? user.Id, DisplayName = string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName };
        return await signIn.MakePasskeyCreationOptionsAsync(entity);
    }

    /// <summary>Checks the browser's answer to the creation options and keeps the passkey under the name given.</summary>
    public async Task<PasskeyRow> AddAsync(ClaimsPrincipal principal, string? name, JsonElement? credential)
    {
        var user = await CurrentUserAsync(principal);
        var passkeyName = TextInput.Require(name, "passkey's name", NameMaxLength);
        var json = CredentialJson(credential);
        PasskeyAttestationResult result;
        try
        {
            result = await signIn.PerformPasskeyAttestationAsync(json);
        }
        catch (InvalidOperationException)
        {
            throw LearningException.Invalid(StartAgainMessage);
        }

        if (!result.Succeeded)
        {
            throw LearningException.Invalid($"The browser's passkey was not accepted: {result.Failure.Message}");
        }

        if (result.UserEntity.Id != user.Id)
        {
            throw LearningException.Invalid(StartAgainMessage);
        }

        var passkey = result.Passkey;
        passkey.Name = passkeyName;
        var saved = await users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!saved.Succeeded)
        {
            throw LearningException.Invalid(string.Join(" ", saved.Errors.Select(e => e.Description)));
        }

        var row = ToRow(passkey);
        await AuditAsync(user.Id, ActionAdd, $"{user.Email}: passkey \"{passkeyName}\" added");
        return row;
    }

    public async Task RemoveAsync(ClaimsPrincipal principal, string passkeyId)
    {
        var user = await CurrentUserAsync(principal);
        var credentialId = ParseId(passkeyId);
        var passkey = await users.GetPasskeyAsync(user, credentialId) ?? throw LearningException.NotFound("You have no passkey with that id.");
        var removed = await users.RemovePasskeyAsync(user, credentialId);
        if (!removed.Succeeded)
        {
            throw LearningException.Invalid(string.Join(" ", removed.Errors.Select(e => e.Description)));
        }

        await AuditAsync(user.Id, ActionRemove, $"{user.Email}: passkey \"{passkey.Name}\" removed");
    }

    /// <summary>The options for <c>navigator.credentials.get</c>: any passkey of this site (the browser offers the ones it has).</summary>
    public Task<string> RequestOptionsAsync() => signIn.MakePasskeyRequestOptionsAsync(null);

    /// <summary>
    /// Verifies the browser's assertion, then the gates a password sign-in passes (active account, no lockout; a
    /// passkey also needs a teacher or admin), then signs in like the password path and accepts the invitations that
    /// made the account. Returns the refusal's message, or null when signed in.
    /// </summary>
    public async Task<string?> SignInAsync(JsonElement? credential)
    {
        var json = CredentialJson(credential);
        PasskeyAssertionResult<AppUser> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(json);
        }
        catch (InvalidOperationException)
        {
            return StartAgainMessage;
        }

        if (!assertion.Succeeded)
        {
            return UnknownPasskeyMessage;
        }

        var user = assertion.User;
        if (await users.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user) || !await MayUsePasskeysAsync(user))
        {
            return CannotSignInMessage;
        }

        // The stored passkey keeps the authenticator's new signature counter, which reveals a cloned authenticator.
        await users.AddOrUpdatePasskeyAsync(user, assertion.Passkey);
        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInWithClaimsAsync(user, isPersistent: true, [new Claim(ClaimTypes.AuthenticationMethod, "passkey")]);
        await classes.AcceptInvitationsThatMadeTheAccountAsync(user.Id);
        return null;
    }

    public async Task<bool> MayUsePasskeysAsync(AppUser user) =>
        await users.IsInRoleAsync(user, Roles.Teacher) || await users.IsInRoleAsync(user, Roles.Admin);

    /// <summary>
    /// Where the browser can use passkeys instead, or null when it can here: WebAuthn refuses a bare IP address as the
    /// site's identity, so a loopback address leads to "localhost" on the same port, and another address has no such
    /// way (an empty string).
    /// </summary>
    public static string? HostNameAlternative(HttpRequest request, string path)
    {
        if (!IPAddress.TryParse(request.Host.Host.Trim('[', ']'), out var address))
        {
            return null;
        }

        if (!IPAddress.IsLoopback(address))
        {
            return string.Empty;
        }

        var port = request.Host.Port is { } p ? $":{p}" : string.Empty;
        return $"{request.Scheme}://localhost{port}{path}";
    }

    private static string CredentialJson(JsonElement? credential)
    {
        if (credential is not { ValueKind: JsonValueKind.Object } value)
        {
            throw LearningException.Invalid("Send the browser's credential (PublicKeyCredential.toJSON()) as the JSON object 'credential'.");
        }

        return value.GetRawText();
    }

    private static byte[] ParseId(string passkeyId)
    {
        if (passkeyId.Length is 0 or > 1400 || !Base64Url.IsValid(passkeyId))
        {
            throw LearningException.Invalid("A passkey's id is the credential id in base64url.");
        }

        return Base64Url.DecodeFromChars(passkeyId);
    }

    private static PasskeyRow ToRow(UserPasskeyInfo passkey) =>
        new(Base64Url.EncodeToString(passkey.CredentialId), passkey.Name ?? "Passkey", passkey.CreatedAt);

    private async Task<AppUser> CurrentUserAsync(ClaimsPrincipal principal) =>
        await users.GetUserAsync(principal) ?? throw LearningException.Forbidden("Sign in again.");

    private async Task AuditAsync(string userId, string action, string details)
    {
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = userId, Action = action, SubjectUserId = userId, Details = details });
        await db.SaveChangesAsync();
    }
}
