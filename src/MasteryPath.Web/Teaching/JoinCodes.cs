using System.Security.Cryptography;

namespace MasteryPath.Web.Teaching;

/// <summary>Join codes learners can read aloud and type: 8 characters without look-alikes (no 0/O, 1/I/L).</summary>
public static class JoinCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 8);

    public static string Normalize(string? code) => (code ?? string.Empty).Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
