using System.Security.Cryptography;
using System.Text.Json;
using MasteryPath.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>A launch or registration the tool refuses: the sentence shown to the person.</summary>
public sealed class LtiRefusedException(string message) : Exception(message);

/// <summary>A validated LTI message: the platform it came from and its claims.</summary>
public sealed record LtiMessage(LtiPlatform Platform, JsonWebToken Token)
{
    public string MessageType => Token.GetClaim(LtiClaims.MessageType).Value;

    public string DeploymentId => Token.GetClaim(LtiClaims.DeploymentId).Value;

    public string Subject => Token.Subject;

    public IReadOnlyList<string> Roles => Array(LtiClaims.Roles);

    public JsonElement? Object(string claim) => Token.TryGetPayloadValue<JsonElement>(claim, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public string? Text(string claim) => Token.TryGetPayloadValue<string>(claim, out var value) ? value : null;

    public static string? Text(JsonElement? element, string property) =>
        element is { } e && e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private List<string> Array(string claim) =>
        Token.TryGetPayloadValue<JsonElement>(claim, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];
}

/// <summary>
/// The OIDC third-party login of LTI 1.3: <see cref="StartAsync"/> answers the platform's login initiation with an
/// authentication request (a one-time state and nonce kept on the server), and <see cref="ValidateAsync"/> checks the
/// id_token the platform posts back: the state (once), the signature against the platform's JWKS, issuer, audience
/// and azp, lifetime with clock skew, the nonce, a registered deployment, the message type, version and required claims.
/// </summary>
public sealed class LtiLaunchValidator(MasteryPathDb db, LtiPlatformKeys keys, TimeProvider time, IOptions<LtiOptions> options)
{
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The address of the platform's authorization endpoint to send the browser to, with state and nonce.</summary>
    public async Task<string> StartAsync(string? issuer, string? loginHint, string? targetLinkUri, string? ltiMessageHint, string? clientId, string? deploymentId, string redirectUri, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(issuer) || string.IsNullOrWhiteSpace(loginHint) || string.IsNullOrWhiteSpace(targetLinkUri))
        {
            throw new LtiRefusedException("The LMS started the launch without its issuer (iss), login_hint or target_link_uri; the LTI 1.3 login initiation needs all three.");
        }

        var candidates = await db.LtiPlatforms.AsNoTracking().Where(p => p.Issuer == issuer).ToListAsync(cancellationToken);
        var platform = (clientId is null ? candidates : candidates.Where(p => p.ClientId == clientId).ToList()) switch
        {
            [] => throw new LtiRefusedException($"No LMS with the issuer '{Shorten(issuer)}'{(clientId is null ? string.Empty : $" and client id '{Shorten(clientId)}'")} is registered here. An admin adds it on the LTI platforms page."),
            [var only] => only,
            _ => throw new LtiRefusedException("Several registrations share this issuer; the LMS must send its client_id with the login."),
        };
        if (!platform.Approved)
        {
            throw new LtiRefusedException($"The LMS '{platform.Name}' is registered but not approved yet: an admin approves it on the LTI platforms page.");
        }

        if (deploymentId is not null && !platform.Deployments.Contains(deploymentId, StringComparer.Ordinal))
        {
            throw new LtiRefusedException($"The deployment '{Shorten(deploymentId)}' of '{platform.Name}' is not registered here. An admin adds it on the LTI platforms page.");
        }

        var state = NewToken();
        var nonce = NewToken();
        var now = time.GetUtcNow();
        await db.LtiLoginStates.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.LtiLoginStates.Add(new LtiLoginState { State = state, Nonce = nonce, PlatformId = platform.Id, ExpiresAt = now + StateLifetime });
        await db.SaveChangesAsync(cancellationToken);

        var query = new Dictionary<string, string?>
        {
            ["scope"] = "openid",
            ["response_type"] = "id_token",
            ["response_mode"] = "form_post",
            ["prompt"] = "none",
            ["client_id"] = platform.ClientId,
            ["redirect_uri"] = redirectUri,
            ["login_hint"] = loginHint,
            ["state"] = state,
            ["nonce"] = nonce,
        };
        if (ltiMessageHint is not null)
        {
            query["lti_message_hint"] = ltiMessageHint;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(platform.AuthLoginUrl, query);
    }

    public async Task<LtiMessage> ValidateAsync(string? idToken, string? state, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(state) || state.Length > 64)
        {
            throw new LtiRefusedException("The launch came without the state this site gave the LMS: start it again from the LMS.");
        }

        // The state is used once: taking it out of the table is what makes a replayed launch fail.
        var login = await db.LtiLoginStates.AsNoTracking().SingleOrDefaultAsync(s => s.State == state, cancellationToken);
        if (login is null || await db.LtiLoginStates.Where(s => s.State == state).ExecuteDeleteAsync(cancellationToken) != 1)
        {
            throw new LtiRefusedException("This launch's state is unknown, expired or already used: start it again from the LMS.");
        }

        if (login.ExpiresAt < time.GetUtcNow())
        {
            throw new LtiRefusedException("The launch took too long (over 10 minutes): start it again from the LMS.");
        }

        if (string.IsNullOrWhiteSpace(idToken))
        {
            throw new LtiRefusedException("The LMS posted no id_token.");
        }

        var platform = await db.LtiPlatforms.AsNoTracking().SingleAsync(p => p.Id == login.PlatformId, cancellationToken);
        var handler = new JsonWebTokenHandler();
        JsonWebToken unverified;
        try
        {
            unverified = handler.ReadJsonWebToken(idToken);
        }
        catch (ArgumentException)
        {
            throw new LtiRefusedException("The id_token is not a JSON Web Token.");
        }

        IList<SecurityKey> signingKeys;
        try
        {
            signingKeys = await keys.KeysAsync(platform.JwksUrl, unverified.Kid, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or JsonException)
        {
            throw new LtiRefusedException($"The keys of '{platform.Name}' could not be read from {platform.JwksUrl}: try again later or ask an admin to check the JWKS URL.");
        }

        var skew = TimeSpan.FromSeconds(options.Value.ClockSkewSeconds);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = platform.Issuer,
            ValidAudience = platform.ClientId,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
            RequireSignedTokens = true,
            RequireExpirationTime = true,

            // Lifetime is checked below, with refusals in words.
            ValidateLifetime = false,
        };
        var result = await handler.ValidateTokenAsync(idToken, parameters);
        if (!result.IsValid)
        {
            throw new LtiRefusedException(Describe(result.Exception));
        }

        var token = (JsonWebToken)result.SecurityToken;

        // Token lifetimes are between two systems' clocks: the wall clock, not the app's (which tests move).
        var now = TimeProvider.System.GetUtcNow();
        if (!token.TryGetPayloadValue<long>("exp", out var expires))
        {
            throw new LtiRefusedException(Describe(new SecurityTokenNoExpirationException()));
        }

        if (DateTimeOffset.FromUnixTimeSeconds(expires) + skew < now)
        {
            throw new LtiRefusedException(Describe(new SecurityTokenExpiredException()));
        }

        if (token.TryGetPayloadValue<long>("nbf", out var notBefore) && DateTimeOffset.FromUnixTimeSeconds(notBefore) > now + skew)
        {
            throw new LtiRefusedException(Describe(new SecurityTokenNotYetValidException()));
        }

        if (!token.TryGetPayloadValue<long>("iat", out var issuedAt) || DateTimeOffset.FromUnixTimeSeconds(issuedAt) > now + skew)
        {
            throw new LtiRefusedException("The id_token has no issue time (iat) or one in the future: check the LMS's clock.");
        }

        var audiences = token.Audiences.ToList();
        var azp = token.TryGetPayloadValue<string>("azp", out var party) ? party : null;
        if ((audiences.Count > 1 || azp is not null) && azp != platform.ClientId)
        {
            throw new LtiRefusedException("The id_token names several audiences but not this tool as its authorized party (azp).");
        }

        if (!token.TryGetPayloadValue<string>("nonce", out var nonce) || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(nonce), System.Text.Encoding.UTF8.GetBytes(login.Nonce)))
        {
            throw new LtiRefusedException("The id_token's nonce is not the one this launch was given: a replayed or forged launch is refused.");
        }

        var message = new LtiMessage(platform, token);
        Require(message.Text(LtiClaims.Version) == LtiClaims.LtiVersion, "The launch is not LTI version 1.3.0.");
        Require(message.Text(LtiClaims.MessageType) is LtiClaims.ResourceLinkRequest or LtiClaims.DeepLinkingRequest, "The launch's message type is not one this tool takes (a resource link launch or a deep linking request).");
        Require(!string.IsNullOrEmpty(token.Subject) && token.Subject.Length <= 255, "The launch has no user id (sub): anonymous launches are not supported.");
        var deployment = message.Text(LtiClaims.DeploymentId);
        Require(deployment is not null, "The launch has no deployment id.");
        Require(platform.Deployments.Contains(deployment!, StringComparer.Ordinal), $"The deployment '{Shorten(deployment!)}' of '{platform.Name}' is not registered here. An admin adds it on the LTI platforms page.");
        Require(token.TryGetPayloadValue<JsonElement>(LtiClaims.Roles, out var roles) && roles.ValueKind == JsonValueKind.Array, "The launch has no roles claim.");
        if (message.MessageType == LtiClaims.ResourceLinkRequest)
        {
            Require(LtiMessage.Text(message.Object(LtiClaims.ResourceLink), "id") is { Length: > 0 and <= 255 }, "The launch has no resource link id.");
        }
        else
        {
            Require(LtiMessage.Text(message.Object(LtiClaims.DeepLinkingSettings), "deep_link_return_url") is { Length: > 0 }, "The deep linking request has no deep_link_return_url.");
        }

        return message;
    }

    private static void Require(bool condition, string refusal)
    {
        if (!condition)
        {
            throw new LtiRefusedException(refusal);
        }
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The launch has expired (its id_token's exp is past): start it again from the LMS.",
        SecurityTokenNotYetValidException => "The id_token is not valid yet: check the LMS's clock.",
        SecurityTokenInvalidAudienceException => "The id_token was not issued to this tool (its audience is another client id).",
        SecurityTokenInvalidIssuerException => "The id_token's issuer is not the registered LMS.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The id_token's signature does not match the LMS's published keys.",
        SecurityTokenInvalidAlgorithmException => "The id_token is signed with an algorithm this tool does not accept (RS256 is expected).",
        SecurityTokenNoExpirationException => "The id_token has no expiry (exp).",
        _ => "The id_token could not be validated.",
    };

    private static string NewToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
