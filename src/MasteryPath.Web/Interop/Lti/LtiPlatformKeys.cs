using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>
/// Platforms' public keys, fetched from their JWKS URLs and cached for an hour; a token signed with a key id not in the
/// cached set fetches the set again (the platform rotated its keys), at most once a minute per URL.
/// </summary>
public sealed class LtiPlatformKeys(IHttpClientFactory http, TimeProvider time, ILogger<LtiPlatformKeys> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan RefetchAfter = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (JsonWebKeySet Keys, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public async Task<IList<SecurityKey>> KeysAsync(string jwksUrl, string? keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(jwksUrl, out var cached) && now - cached.FetchedAt < Lifetime
            && (keyId is null || cached.Keys.Keys.Any(k => k.Kid == keyId) || now - cached.FetchedAt < RefetchAfter))
        {
            return cached.Keys.GetSigningKeys();
        }

        using var client = http.CreateClient(LtiSetup.HttpClientName);
        var json = await client.GetStringAsync(new Uri(jwksUrl), cancellationToken);
        var keys = new JsonWebKeySet(json);
        _cache[jwksUrl] = (keys, now);
        logger.LogInformation("Fetched {Count} keys from {Url}", keys.Keys.Count, jwksUrl);
        return keys.GetSigningKeys();
    }
}
