using System.Security.Cryptography;
using MasteryPath.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace MasteryPath.Web.Interop;

/// <summary>
/// The app's own RSA signing key (2048 bits): made once and kept in the database with its private part protected by
/// the shared Data Protection keys, so that every node signs with the same key and others can cache its JWKS. It signs
/// the LTI tool's messages and the Open Badges credentials (docs/adr/0028); the table keeps its first name, LtiToolKeys.
/// </summary>
public sealed class SigningKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider time)
{
    // The purpose the first key was protected under: changing it would orphan the stored key.
    private const string Purpose = "MasteryPath.Lti.ToolKey";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RsaSecurityKey? _key;

    public async Task<RsaSecurityKey> KeyAsync(CancellationToken cancellationToken = default)
    {
        if (_key is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await LoadOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<SigningCredentials> SigningCredentialsAsync(CancellationToken cancellationToken = default) =>
        new(await KeyAsync(cancellationToken), SecurityAlgorithms.RsaSha256);

    /// <summary>The public key set served at /lti/jwks and /credentials/jwks.</summary>
    public async Task<object> JwksAsync(CancellationToken cancellationToken = default)
    {
        var key = await KeyAsync(cancellationToken);
        var parameters = key.Rsa.ExportParameters(false);
        return new
        {
            keys = new[]
            {
                new
                {
                    kty = "RSA",
                    alg = SecurityAlgorithms.RsaSha256,
                    use = "sig",
                    kid = key.KeyId,
                    n = Base64UrlEncoder.Encode(parameters.Modulus),
                    e = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        };
    }

    private async Task<RsaSecurityKey> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        var protector = protection.CreateProtector(Purpose);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        var stored = await db.LtiToolKeys.AsNoTracking().OrderBy(k => k.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            using var rsa = RSA.Create(2048);
            stored = new LtiToolKey { Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ProtectedPrivateKey = protector.Protect(rsa.ExportPkcs8PrivateKeyPem()), CreatedAt = time.GetUtcNow() };
            db.LtiToolKeys.Add(stored);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node made the key first: use that one.
                db.ChangeTracker.Clear();
                stored = await db.LtiToolKeys.AsNoTracking().OrderBy(k => k.CreatedAt).FirstAsync(cancellationToken);
            }
        }

        var key = RSA.Create();
        key.ImportFromPem(protector.Unprotect(stored.ProtectedPrivateKey));
        return new RsaSecurityKey(key) { KeyId = stored.Id };
    }
}
