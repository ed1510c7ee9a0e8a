using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// Holds the outcome of a roster change between the form's post and the page it redirects to: the outcome
/// may carry temporary passwords, which must not travel in a URL nor be stored, and are shown once.
/// </summary>
public sealed class RosterOutcomes(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private const int MaxKept = 1000;
    private readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="outcome"/> for its owner; returns the key for the page's URL.</summary>
    public string Keep(string ownerId, RosterOutcome outcome)
    {
        var now = time.GetUtcNow();
        foreach (var (key, kept) in _kept)
        {
            if (kept.Expires <= now || _kept.Count > MaxKept)
            {
                _kept.TryRemove(key, out _);
            }
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _kept[token] = new Kept(ownerId, now + Lifetime, outcome);
        return token;
    }

    /// <summary>The outcome kept under <paramref name="token"/> for this owner, once; null when unknown, expired or already taken.</summary>
    public RosterOutcome? Take(string ownerId, string? token)
    {
        if (string.IsNullOrEmpty(token) || !_kept.TryGetValue(token, out var kept) || kept.OwnerId != ownerId)
        {
            return null;
        }

        _kept.TryRemove(token, out _);
        return kept.Expires > time.GetUtcNow() ? kept.Outcome : null;
    }

    private sealed record Kept(string OwnerId, DateTimeOffset Expires, RosterOutcome Outcome);
}
