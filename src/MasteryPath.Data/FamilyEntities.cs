using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteryPath.Data;

/// <summary>
/// A one-use code that links a parent to a learner, issued by the learner or their teacher. Only its SHA-256 hash is
/// kept: whoever reads the database cannot use a code that was not yet redeemed.
/// </summary>
public sealed class FamilyLinkCode
{
    public long Id { get; set; }

    public required string LearnerId { get; set; }

    /// <summary>SHA-256 of the normalised code, lower-case hex.</summary>
    public required string CodeHash { get; set; }

    /// <summary>The learner themselves or their teacher.</summary>
    public required string IssuedById { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    public string? UsedById { get; set; }
}

/// <summary>A parent or guardian who may read a learner's progress; removed by the learner, the parent or a teacher.</summary>
public sealed class FamilyLink
{
    public long Id { get; set; }

    public required string ParentId { get; set; }

    public required string LearnerId { get; set; }

    /// <summary>Who issued the code the parent redeemed.</summary>
    public required string IssuedById { get; set; }

    public DateTimeOffset LinkedAt { get; set; }
}

/// <summary>A short message from a teacher to a learner's parent: emailed, and shown on the parent's page of that child.</summary>
public sealed class FamilyMessage
{
    public long Id { get; set; }

    public required string ParentId { get; set; }

    public required string LearnerId { get; set; }

    public required string TeacherId { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

/// <summary>A weekly digest sent to a parent: one row per parent and ISO week, so that a restart does not send it again.</summary>
public sealed class FamilyDigest
{
    public long Id { get; set; }

    public required string ParentId { get; set; }

    /// <summary>The ISO week, e.g. "2026-W49".</summary>
    public required string Week { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

/// <summary>A parent who asked for no weekly digest.</summary>
public sealed class FamilyDigestOptOut
{
    public required string ParentId { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class FamilyLinkCodeConfiguration : IEntityTypeConfiguration<FamilyLinkCode>
{
    public void Configure(EntityTypeBuilder<FamilyLinkCode> builder)
    {
        builder.Property(c => c.CodeHash).HasMaxLength(64);
        builder.Property(c => c.IssuedById).HasMaxLength(450);
        builder.Property(c => c.UsedById).HasMaxLength(450);
        builder.HasIndex(c => c.CodeHash).IsUnique();
        builder.HasIndex(c => c.LearnerId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FamilyLinkConfiguration : IEntityTypeConfiguration<FamilyLink>
{
    public void Configure(EntityTypeBuilder<FamilyLink> builder)
    {
        builder.Property(l => l.IssuedById).HasMaxLength(450);
        builder.HasIndex(l => new { l.ParentId, l.LearnerId }).IsUnique();
        builder.HasIndex(l => l.LearnerId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.ParentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FamilyMessageConfiguration : IEntityTypeConfiguration<FamilyMessage>
{
    public void Configure(EntityTypeBuilder<FamilyMessage> builder)
    {
        builder.Property(m => m.TeacherId).HasMaxLength(450);
        builder.Property(m => m.Text).HasMaxLength(2000);
        builder.HasIndex(m => new { m.ParentId, m.LearnerId, m.SentAt });
        builder.HasIndex(m => m.LearnerId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.ParentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FamilyDigestConfiguration : IEntityTypeConfiguration<FamilyDigest>
{
    public void Configure(EntityTypeBuilder<FamilyDigest> builder)
    {
        builder.Property(d => d.Week).HasMaxLength(10);
        builder.HasIndex(d => new { d.ParentId, d.Week }).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FamilyDigestOptOutConfiguration : IEntityTypeConfiguration<FamilyDigestOptOut>
{
    public void Configure(EntityTypeBuilder<FamilyDigestOptOut> builder)
    {
        builder.HasKey(o => o.ParentId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Cascade);
    }
}
