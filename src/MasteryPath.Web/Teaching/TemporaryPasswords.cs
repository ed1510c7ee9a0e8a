using System.Security.Cryptography;

namespace MasteryPath.Web.Teaching;

/// <summary>First passwords for accounts a teacher creates: easy to copy out to a learner, and they pass the Identity rules (10+ characters, a digit, a lower-case letter).</summary>
public static class TemporaryPasswords
{
    private const string Letters = "abcdefghjkmnpqrstuvwxyz";
    private const string Digits = "23456789";

    public static string New()
    {
        while (true)
        {
            var raw = RandomNumberGenerator.GetString(Letters + Digits, 12);
            if (raw.Any(char.IsDigit) && raw.Any(char.IsLetter))
            {
                return $"{raw[..4]}-{raw[4..8]}-{raw[8..]}";
            }
        }
    }
}
