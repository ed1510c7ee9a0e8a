using System.Text.RegularExpressions;

namespace MasteryPath.Web.Accounts.SingleSignOn;

/// <summary>
/// The "MasteryPath:SingleSignOn" section: the OpenID Connect providers an operator lets people sign in with
/// (Google Workspace, Microsoft Entra ID, any standard provider), each under a short key that names its button and its
/// callback path (/signin-sso/{key}).
/// </summary>
public sealed partial class SingleSignOnOptions
{
    public const string Section = "MasteryPath:SingleSignOn";

    public Dictionary<string, SingleSignOnProvider> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The authentication scheme of a provider's key.</summary>
    public static string Scheme(string key) => "sso-" + key.ToLowerInvariant();

    /// <summary>Every configuration mistake, in words an operator can act on; empty when the section is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (key, provider) in Providers)
        {
            var where = $"{Section}:Providers:{key}";
            if (!KeyPattern().IsMatch(key))
            {
                problems.Add($"{where}: the key must be 1–32 lowercase letters, digits or dashes (it becomes the path /signin-sso/{{key}}).");
            }

            if (!Uri.TryCreate(provider.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
            {
                problems.Add($"{where}:Authority must be the provider's issuer address (e.g. https://accounts.google.com).");
            }
            else if (authority.Scheme != Uri.UriSchemeHttps && provider.RequireHttpsMetadata)
            {
                problems.Add($"{where}:Authority must use https (RequireHttpsMetadata=false allows http, for a provider on this machine only).");
            }

            if (string.IsNullOrWhiteSpace(provider.ClientId))
            {
                problems.Add($"{where}:ClientId is required (the id the provider gave this site).");
            }

            if (string.IsNullOrWhiteSpace(provider.DisplayName))
            {
                problems.Add($"{where}:DisplayName is required (it is the button's text: \"Sign in with …\").");
            }

            problems.AddRange(provider.AllowedEmailDomains.Where(d => string.IsNullOrWhiteSpace(d) || d.Contains('@', StringComparison.Ordinal))
                .Select(d => $"{where}:AllowedEmailDomains: \"{d}\" is not a domain (write school.example, without @)."));
        }

        return problems;
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex KeyPattern();
}

public sealed class SingleSignOnProvider
{
    /// <summary>What the sign-in button says after "Sign in with".</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>The issuer; its /.well-known/openid-configuration is read at first use.</summary>
    public string Authority { get; set; } = string.Empty;

    public string ClientId { get; set; } = string.Empty;

    /// <summary>Null for a public client (the code flow then relies on PKCE alone).</summary>
    public string? ClientSecret { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>When not empty, only addresses in these domains may sign in (a school's Workspace or tenant).</summary>
    public string[] AllowedEmailDomains { get; set; } = [];

    /// <summary>Create a learner account for a verified address that has none; otherwise only existing accounts sign in.</summary>
    public bool CreateAccounts { get; set; } = true;

    /// <summary>
    /// Take the provider's "email" claim as verified without an "email_verified" claim. Only for a provider whose
    /// addresses are all managed by the school (Entra ID sends no such claim); never for a provider where anyone can
    /// register an address.
    /// </summary>
    public bool TrustEmailWithoutVerifiedClaim { get; set; }
}
