using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteryPath.Data;

/// <summary>
/// An Open Badges 3.0 credential a learner claimed for a skill whose mastery survived a delayed review: the signed
/// VC-JWT as issued (never re-signed), and whether it was revoked. One per learner, course and skill.
/// </summary>
public sealed class SkillCredential
{
    /// <summary>A random id, the last segment of the credential's public address.</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public required string CourseId { get; set; }

    public required string SkillId { get; set; }

    /// <summary>The learner's display name as it stood when they claimed, only when they chose to show it; null keeps the credential anonymous.</summary>
    public string? ShownName { get; set; }

    /// <summary>When the mastery the review confirmed began.</summary>
    public DateTimeOffset MasteredAt { get; set; }

    /// <summary>When the passed delayed review was answered (the event in the answer-event log that made the skill eligible).</summary>
    public DateTimeOffset ReviewedAt { get; set; }

    public required string ReviewEventId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>The credential as a compact JWS (VC-JWT), exactly as signed.</summary>
    public required string Jwt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Who revoked it (the learner, their teacher or an admin).</summary>
    public string? RevokedBy { get; set; }

    public string? RevocationReason { get; set; }
}

internal sealed class SkillCredentialConfiguration : IEntityTypeConfiguration<SkillCredential>
{
    public void Configure(EntityTypeBuilder<SkillCredential> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.CourseId).HasMaxLength(100);
        builder.Property(c => c.SkillId).HasMaxLength(100);
        builder.Property(c => c.ShownName).HasMaxLength(200);
        builder.Property(c => c.ReviewEventId).HasMaxLength(200);
        builder.Property(c => c.Jwt).HasMaxLength(20000);
        builder.Property(c => c.RevokedBy).HasMaxLength(450);
        builder.Property(c => c.RevocationReason).HasMaxLength(500);
        builder.HasIndex(c => new { c.UserId, c.CourseId, c.SkillId }).IsUnique();
        builder.HasIndex(c => c.RevokedAt);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
