using System.Security.Cryptography;
using System.Text;

namespace MasteryPath.Web.Reports;

/// <summary>Name-based UUIDs (RFC 9562 version 5): the same name always gives the same id, so a re-export is stable.</summary>
public static class NameBasedGuid
{
    /// <summary>The namespace of MasteryPath's xAPI statement ids.</summary>
    public static readonly Guid StatementNamespace = new("5c1f0f9e-3a57-4d1e-9a8e-6d0b2f7c4a10");

    public static Guid Create(Guid @namespace, string name)
    {
        var prefix = @namespace.ToByteArray(bigEndian: true);
        var bytes = new byte[prefix.Length + Encoding.UTF8.GetMaxByteCount(name.Length)];
        prefix.CopyTo(bytes, 0);
        var length = prefix.Length + Encoding.UTF8.GetBytes(name, 0, name.Length, bytes, prefix.Length);
#pragma warning disable CA5350 // Version 5 UUIDs are defined on SHA-1; nothing here relies on it for security.
        var hash = SHA1.HashData(bytes.AsSpan(0, length));
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
