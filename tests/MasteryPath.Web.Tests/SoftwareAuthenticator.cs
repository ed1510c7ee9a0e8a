using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MasteryPath.Web.Tests;

/// <summary>
/// A passkey in the test process: answers the server's WebAuthn options as a browser with a platform authenticator
/// would (PublicKeyCredential.toJSON()): an ES256 key, "none" attestation, user present and verified. It lets the web
/// tests register a real credential and sign in with it without a browser.
/// </summary>
public sealed class SoftwareAuthenticator(string origin = "http://localhost") : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _credentialId = RandomNumberGenerator.GetBytes(16);
    private string? _userHandle;
    private uint _signCount;

    public string CredentialId => Base64Url.EncodeToString(_credentialId);

    /// <summary>The answer to creation options (the JSON of POST /api/account/passkeys/options).</summary>
    public object Create(JsonElement options)
    {
        var rpId = options.GetProperty("rp").GetProperty("id").GetString()!;
        _userHandle = options.GetProperty("user").GetProperty("id").GetString();
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!);
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        var coseKey = new Cbor().Map(5).Int(1).Int(2).Int(3).Int(-7).Int(-1).Int(1).Int(-2).Bytes(parameters.Q.X!).Int(-3).Bytes(parameters.Q.Y!).ToArray();
        var attested = new List<byte>(new byte[16]);
        attested.AddRange(BigEndian((ushort)_credentialId.Length));
        attested.AddRange(_credentialId);
        attested.AddRange(coseKey);
        var authenticatorData = AuthenticatorData(rpId, flags: 0x45, [.. attested]);
        var attestation = new Cbor().Map(3).Text("fmt").Text("none").Text("attStmt").Map(0).Text("authData").Bytes(authenticatorData).ToArray();
        return new
        {
            id = CredentialId,
            rawId = CredentialId,
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new { clientDataJSON = Base64Url.EncodeToString(clientData), attestationObject = Base64Url.EncodeToString(attestation), transports = new[] { "internal" } },
        };
    }

    /// <summary>The answer to request options (the JSON of POST /api/account/passkey-sign-in/options).</summary>
    public object Get(JsonElement options)
    {
        var rpId = options.GetProperty("rpId").GetString()!;
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!);
        var authenticatorData = AuthenticatorData(rpId, flags: 0x05, []);
        var signature = _key.SignData([.. authenticatorData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new
        {
            id = CredentialId,
            rawId = CredentialId,
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(clientData),
                authenticatorData = Base64Url.EncodeToString(authenticatorData),
                signature = Base64Url.EncodeToString(signature),
                userHandle = _userHandle,
            },
        };
    }

    public void Dispose() => _key.Dispose();

    private byte[] ClientData(string type, string challenge) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type, challenge, origin, crossOrigin = false });

    private byte[] AuthenticatorData(string rpId, byte flags, byte[] attested)
    {
        _signCount++;
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. BigEndian(_signCount), .. attested];
    }

    private static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>The little of CBOR (RFC 8949) an attestation needs: small maps, integers, byte and text strings.</summary>
    private sealed class Cbor
    {
        private readonly List<byte> _bytes = [];

        public Cbor Map(int count) => Head(5, (ulong)count);

        public Cbor Int(long value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));

        public Cbor Bytes(byte[] value)
        {
            Head(2, (ulong)value.Length);
            _bytes.AddRange(value);
            return this;
        }

        public Cbor Text(string value)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            Head(3, (ulong)utf8.Length);
            _bytes.AddRange(utf8);
            return this;
        }

        public byte[] ToArray() => [.. _bytes];

        private Cbor Head(int major, ulong value)
        {
            var type = (byte)(major << 5);
            if (value < 24)
            {
                _bytes.Add((byte)(type | (byte)value));
            }
            else if (value <= byte.MaxValue)
            {
                _bytes.Add((byte)(type | 24));
                _bytes.Add((byte)value);
            }
            else
            {
                _bytes.Add((byte)(type | 25));
                _bytes.AddRange(BigEndian((ushort)value));
            }

            return this;
        }
    }
}
