using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Reports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.LearningRecordStore;

/// <summary>What the admin page and API show of the LRS connection: never the secret, only whether one is stored.</summary>
public sealed record LrsSettingsView(string Endpoint, string Key, bool HasSecret, string Version, bool Enabled, DateTimeOffset? UpdatedAt);

/// <summary>An admin's change; a blank <see cref="Secret"/> keeps the stored one.</summary>
public sealed record LrsSettingsChange(string? Endpoint, string? Key, string? Secret, string? Version, bool Enabled);

/// <summary>A statement the LRS has not taken yet, with why.</summary>
public sealed record OutboxProblem(string StatementId, long ClassId, string CourseId, int Attempts, DateTimeOffset NextAttemptAt, string? LastError);

public sealed record OutboxStatusView(int Queued, int Sent, int Failing, DateTimeOffset? LastSentAt, IReadOnlyList<OutboxProblem> Problems);

/// <summary>The LRS connection an admin sets up, and the state of the outbox.</summary>
public sealed class LrsSettingsService(MasteryPathDb db, IDataProtectionProvider protection, TimeProvider time, LrsForwarder forwarder)
{
    public const int ProblemsShown = 20;

    private IDataProtector Protector => protection.CreateProtector("MasteryPath.LearningRecordStore.Secret");

    public async Task<LrsSettingsView?> GetAsync(CancellationToken cancellationToken = default)
    {
        var row = await db.LrsConnections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == LrsConnection.SingletonId, cancellationToken);
        return row is null ? null : new LrsSettingsView(row.Endpoint, row.Key, row.ProtectedSecret.Length > 0, row.Version, row.Enabled, row.UpdatedAt);
    }

    /// <summary>The connection with its secret in the clear, for the sender only.</summary>
    public static async Task<(LrsConnection Connection, string Secret)?> ForSendingAsync(MasteryPathDb db, IDataProtectionProvider protection, CancellationToken cancellationToken)
    {
        var row = await db.LrsConnections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == LrsConnection.SingletonId, cancellationToken);
        if (row is null || !row.Enabled)
        {
            return null;
        }

        return (row, row.ProtectedSecret.Length == 0 ? string.Empty : protection.CreateProtector("MasteryPath.LearningRecordStore.Secret").Unprotect(row.ProtectedSecret));
    }

    public async Task<LrsSettingsView> SaveAsync(ClaimsPrincipal admin, LrsSettingsChange change, CancellationToken cancellationToken = default)
    {
        var endpoint = (change.Endpoint ?? string.Empty).Trim();
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw LearningException.Invalid("The LRS endpoint must be an http or https address without a user name in it, such as https://lrs.example/xapi/.");
        }

        var key = (change.Key ?? string.Empty).Trim();
        if (key.Length is 0 or > 500 || key.Contains(':', StringComparison.Ordinal))
        {
            throw LearningException.Invalid("The LRS key is needed (at most 500 characters, without a colon): it is the Basic-auth user name the LRS gave you.");
        }

        var version = XapiVersions.Parse(change.Version) ?? throw LearningException.Invalid($"The xAPI version \"{change.Version}\" is not one MasteryPath writes: use 1.0.3 or 2.0.0.");
        var row = await db.LrsConnections.SingleOrDefaultAsync(c => c.Id == LrsConnection.SingletonId, cancellationToken);
        var secret = change.Secret ?? string.Empty;
        if (row is null && secret.Length == 0)
        {
            throw LearningException.Invalid("The LRS secret is needed the first time: it is the Basic-auth password the LRS gave you.");
        }

        if (row is null)
        {
            row = new LrsConnection { Endpoint = endpoint, Key = key, ProtectedSecret = string.Empty, Version = version.Header() };
            db.LrsConnections.Add(row);
        }

        row.Endpoint = endpoint.EndsWith('/') ? endpoint : endpoint + "/";
        row.Key = key;
        if (secret.Length > 0)
        {
            row.ProtectedSecret = Protector.Protect(secret);
        }

        row.Version = version.Header();
        row.Enabled = change.Enabled;
        row.UpdatedAt = time.GetUtcNow();
        row.UpdatedBy = admin.UserId();
        db.AuditLog.Add(new AuditEntry { At = row.UpdatedAt, ActorId = admin.UserId(), Action = "lrs-settings", Details = $"{row.Endpoint} as {key}, xAPI {row.Version}, {(row.Enabled ? "on" : "off")}{(secret.Length > 0 ? ", new secret" : string.Empty)}" });
        await db.SaveChangesAsync(cancellationToken);
        forwarder.Wake();
        return (await GetAsync(cancellationToken))!;
    }

    public async Task<OutboxStatusView> StatusAsync(CancellationToken cancellationToken = default)
    {
        var counts = await db.XapiOutbox.GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(OutboxStatus status) => counts.SingleOrDefault(c => c.Key == status)?.Count ?? 0;
        var lastSent = await db.XapiOutbox.Where(e => e.Status == OutboxStatus.Sent).OrderByDescending(e => e.Id).Select(e => e.SentAt).FirstOrDefaultAsync(cancellationToken);
        var problems = (await db.XapiOutbox.AsNoTracking().Where(e => e.Status == OutboxStatus.Failing || e.Status == OutboxStatus.Refused).OrderBy(e => e.Id).Take(ProblemsShown).ToListAsync(cancellationToken))
            .Select(e => new OutboxProblem(e.StatementId, e.ClassId, e.CourseId, e.Attempts, e.NextAttemptAt, e.LastError))
            .ToList();
        return new OutboxStatusView(Count(OutboxStatus.Queued), Count(OutboxStatus.Sent), Count(OutboxStatus.Failing) + Count(OutboxStatus.Refused), lastSent, problems);
    }

    /// <summary>Makes every waiting statement due now and wakes the sender ("send now" / "retry").</summary>
    public async Task<int> SendNowAsync(ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = await db.XapiOutbox.Where(e => e.Status != OutboxStatus.Sent).ExecuteUpdateAsync(u => u.SetProperty(e => e.NextAttemptAt, now), cancellationToken);
        db.AuditLog.Add(new AuditEntry { At = now, ActorId = admin.UserId(), Action = "lrs-send-now", Details = $"{due} statements due now" });
        await db.SaveChangesAsync(cancellationToken);
        forwarder.Wake();
        return due;
    }
}
