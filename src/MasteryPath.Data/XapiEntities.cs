using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteryPath.Data;

/// <summary>The one Learning Record Store statements are forwarded to, as an admin set it up (a single row, id 1).</summary>
public sealed class LrsConnection
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>The LRS's xAPI endpoint, e.g. https://lrs.example/xapi/ (statements go to its "statements" resource).</summary>
    public required string Endpoint { get; set; }

    /// <summary>The Basic-auth key (user name).</summary>
    public required string Key { get; set; }

    /// <summary>The Basic-auth secret, protected with ASP.NET Data Protection; never shown back.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>"1.0.3" or "2.0.0".</summary>
    public required string Version { get; set; }

    public bool Enabled { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

public enum OutboxStatus
{
    Queued,
    Sent,

    /// <summary>The LRS could not be reached, refused the credentials or failed: everything after it waits its backoff too.</summary>
    Failing,

    /// <summary>The LRS refused this statement itself (400 or 409): retried on its own backoff without holding up the rest.</summary>
    Refused,
}

/// <summary>
/// One xAPI statement waiting for, or delivered to, the LRS. Rows are derived from the answer-event log (ADR
/// "xAPI outbox"): the statement id is unique, so deriving again adds nothing and a resend is idempotent at the LRS.
/// </summary>
public sealed class XapiOutboxEntry
{
    public long Id { get; set; }

    /// <summary>The statement's UUID (name-based on the event it reports).</summary>
    public required string StatementId { get; set; }

    public long ClassId { get; set; }

    public required string CourseId { get; set; }

    /// <summary>The statement as JSON.</summary>
    public required string Json { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}

internal sealed class LrsConnectionConfiguration : IEntityTypeConfiguration<LrsConnection>
{
    public void Configure(EntityTypeBuilder<LrsConnection> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Endpoint).HasMaxLength(2000);
        builder.Property(c => c.Key).HasMaxLength(500);
        builder.Property(c => c.ProtectedSecret).HasMaxLength(4000);
        builder.Property(c => c.Version).HasMaxLength(10);
        builder.Property(c => c.UpdatedBy).HasMaxLength(64);
    }
}

internal sealed class XapiOutboxEntryConfiguration : IEntityTypeConfiguration<XapiOutboxEntry>
{
    public void Configure(EntityTypeBuilder<XapiOutboxEntry> builder)
    {
        builder.ToTable("XapiOutbox");
        builder.Property(e => e.StatementId).HasMaxLength(36);
        builder.HasIndex(e => e.StatementId).IsUnique();
        builder.Property(e => e.CourseId).HasMaxLength(100);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.LastError).HasMaxLength(2000);
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
    }
}
