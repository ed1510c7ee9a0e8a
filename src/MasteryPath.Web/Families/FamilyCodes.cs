using System.Security.Cryptography;
using System.Text;

namespace MasteryPath.Web.Families;

/// <summary>
/// Family link codes: 12 characters without look-alikes (no 0/O, 1/I/L), shown as three groups of four. Only the
/// SHA-256 of the normalised code is stored; about 59 bits of randomness make guessing one within its life hopeless.
/// </summary>
public static class FamilyCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int Length = 12;

    /// <summary>How long a code can be redeemed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public static string New()
    {
        var code = RandomNumberGenerator.GetString(Alphabet, Length);
        return $"{code[..4]}-{code[4..8]}-{code[8..]}";
    }

    /// <summary>Upper case without spaces or dashes, as a parent might type it.</summary>
    public static string Normalize(string? code) =>
        new((code ?? string.Empty).Where(c => c is not (' ' or '-' or '\t')).Select(char.ToUpperInvariant).ToArray());

    public static bool LooksValid(string normalized) => normalized.Length == Length && normalized.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    public static string Hash(string? code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(code))));
}
