using System.Security.Cryptography;
using MasteryPath.Data;
using Microsoft.AspNetCore.Identity;

namespace MasteryPath.Web.Accounts;

/// <summary>Spends the time of one password check on a hash nobody can match, for sign-ins that need no real check.</summary>
public sealed class SignInTiming(IPasswordHasher<AppUser> hasher)
{
    private static readonly AppUser Nobody = new() { UserName = "nobody" };

    // One hash per process, made by the app's hasher with its settings (the cost of a real check).
    private static string? _hash;

    /// <summary>
    /// A failed sign-in answers no sooner than this after it began: longer than a password check plus the write of a
    /// failed count, so that what differs between unknown, wrong and locked disappears under it.
    /// </summary>
    public static readonly TimeSpan FailedAnswerTime = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits (real time: it is about what a client measures) until <see cref="FailedAnswerTime"/> has passed since <paramref name="started"/>.</summary>
    public static Task PadAsync(long started)
    {
        var rest = FailedAnswerTime - System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return rest > TimeSpan.Zero ? Task.Delay(rest) : Task.CompletedTask;
    }

    public void SpendAPasswordCheck(string password)
    {
        _hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        hasher.VerifyHashedPassword(Nobody, _hash, password);
    }
}
