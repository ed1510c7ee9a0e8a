using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using MasteryPath.Data;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>A call to a platform's service that failed; <see cref="Transient"/> when a later try may succeed.</summary>
public sealed class LtiServiceException(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}

/// <summary>
/// Calls to a platform's LTI Advantage services: an access token by the client_credentials grant with a JWT client
/// assertion signed by the tool's key (RFC 7523, as the 1EdTech Security Framework asks), cached until shortly before it expires.
/// </summary>
public sealed class LtiServiceClient(IHttpClientFactory http, SigningKeys keys)
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ExpiresAt)> _tokens = new(StringComparer.Ordinal);

    public async Task<HttpResponseMessage> SendAsync(LtiPlatform platform, string[] scopes, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await AccessTokenAsync(platform, scopes, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var client = http.CreateClient(LtiSetup.HttpClientName);
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new LtiServiceException($"{platform.Name} did not answer at {request.RequestUri?.GetLeftPart(UriPartial.Path)}: {ex.Message}", transient: true);
        }
    }

    /// <summary>Forgets a platform's tokens (after a 401: the platform may have revoked it).</summary>
    public void Forget(LtiPlatform platform)
    {
        foreach (var key in _tokens.Keys.Where(k => k.StartsWith(platform.Id + "\n", StringComparison.Ordinal)))
        {
            _tokens.TryRemove(key, out _);
        }
    }

    public async Task<string> AccessTokenAsync(LtiPlatform platform, string[] scopes, CancellationToken cancellationToken)
    {
        var scope = string.Join(' ', scopes.Order(StringComparer.Ordinal));
        var cacheKey = platform.Id + "\n" + platform.TokenUrl + "\n" + scope;
        // Token lifetimes are read by another system's clock: the wall clock, not the app's (which tests move).
        var now = TimeProvider.System.GetUtcNow();
        if (_tokens.TryGetValue(cacheKey, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Token;
        }

        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = platform.ClientId,
            Audience = platform.TokenAudience ?? platform.TokenUrl,
            Claims = new Dictionary<string, object> { ["sub"] = platform.ClientId, ["jti"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)) },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(5).UtcDateTime,
            SigningCredentials = await keys.SigningCredentialsAsync(cancellationToken),
        });
        using var client = http.CreateClient(LtiSetup.HttpClientName);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = LtiClaims.ClientAssertionType,
            ["client_assertion"] = assertion,
            ["scope"] = scope,
        });
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(new Uri(platform.TokenUrl), form, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new LtiServiceException($"The token endpoint of {platform.Name} did not answer: {ex.Message}", transient: true);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var transient = (int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.TooManyRequests;
                throw new LtiServiceException($"The token endpoint of {platform.Name} refused the tool ({(int)response.StatusCode}): {OutboxRetry.Shorten(body)}", transient);
            }

            try
            {
                using var json = JsonDocument.Parse(body);
                var token = json.RootElement.GetProperty("access_token").GetString() ?? throw new KeyNotFoundException();
                var lifetime = json.RootElement.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 3600;
                _tokens[cacheKey] = (token, now.AddSeconds(Math.Max(0, lifetime - 60)));
                return token;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new LtiServiceException($"The token endpoint of {platform.Name} answered without an access_token.", transient: false);
            }
        }
    }
}
