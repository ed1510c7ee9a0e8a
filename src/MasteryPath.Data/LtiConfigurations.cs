using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteryPath.Data;

internal sealed class LtiPlatformConfiguration : IEntityTypeConfiguration<LtiPlatform>
{
    public void Configure(EntityTypeBuilder<LtiPlatform> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Issuer).HasMaxLength(500);
        builder.Property(p => p.ClientId).HasMaxLength(200);
        builder.Property(p => p.DeploymentIds).HasMaxLength(4000);
        builder.Property(p => p.AuthLoginUrl).HasMaxLength(1000);
        builder.Property(p => p.TokenUrl).HasMaxLength(1000);
        builder.Property(p => p.JwksUrl).HasMaxLength(1000);
        builder.Property(p => p.TokenAudience).HasMaxLength(1000);
        builder.HasIndex(p => new { p.Issuer, p.ClientId }).IsUnique();
        builder.Ignore(p => p.Deployments);
    }
}

internal sealed class LtiToolKeyConfiguration : IEntityTypeConfiguration<LtiToolKey>
{
    public void Configure(EntityTypeBuilder<LtiToolKey> builder)
    {
        builder.Property(k => k.Id).HasMaxLength(64);
        builder.Property(k => k.ProtectedPrivateKey).HasMaxLength(8000);
    }
}

internal sealed class LtiLoginStateConfiguration : IEntityTypeConfiguration<LtiLoginState>
{
    public void Configure(EntityTypeBuilder<LtiLoginState> builder)
    {
        builder.HasKey(s => s.State);
        builder.Property(s => s.State).HasMaxLength(64);
        builder.Property(s => s.Nonce).HasMaxLength(64);
        builder.HasIndex(s => s.ExpiresAt);
        builder.HasOne<LtiPlatform>().WithMany().HasForeignKey(s => s.PlatformId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LtiContextConfiguration : IEntityTypeConfiguration<LtiContext>
{
    public void Configure(EntityTypeBuilder<LtiContext> builder)
    {
        builder.Property(c => c.DeploymentId).HasMaxLength(255);
        builder.Property(c => c.ContextId).HasMaxLength(255);
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.MembershipsUrl).HasMaxLength(1000);
        builder.Property(c => c.LineItemsUrl).HasMaxLength(1000);
        builder.HasIndex(c => new { c.PlatformId, c.DeploymentId, c.ContextId }).IsUnique();
        builder.HasIndex(c => c.ClassId);
        builder.HasOne<LtiPlatform>().WithMany().HasForeignKey(c => c.PlatformId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SchoolClass>().WithMany().HasForeignKey(c => c.ClassId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LtiResourceLinkConfiguration : IEntityTypeConfiguration<LtiResourceLink>
{
    public void Configure(EntityTypeBuilder<LtiResourceLink> builder)
    {
        builder.Property(l => l.ResourceLinkId).HasMaxLength(255);
        builder.Property(l => l.Title).HasMaxLength(200);
        builder.Property(l => l.CourseId).HasMaxLength(100);
        builder.Property(l => l.TargetKind).HasMaxLength(16);
        builder.Property(l => l.TargetId).HasMaxLength(100);
        builder.Property(l => l.LineItemUrl).HasMaxLength(1000);
        builder.Property(l => l.ScopesJson).HasMaxLength(2000);
        builder.HasIndex(l => new { l.LtiContextId, l.ResourceLinkId }).IsUnique();
        builder.HasOne<LtiContext>().WithMany().HasForeignKey(l => l.LtiContextId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LtiScoreOutboxConfiguration : IEntityTypeConfiguration<LtiScoreOutbox>
{
    public void Configure(EntityTypeBuilder<LtiScoreOutbox> builder)
    {
        builder.Property(s => s.UserId).HasMaxLength(64);
        builder.Property(s => s.PlatformUserId).HasMaxLength(255);
        builder.Property(s => s.ActivityProgress).HasMaxLength(32);
        builder.Property(s => s.GradingProgress).HasMaxLength(32);
        builder.Property(s => s.LastError).HasMaxLength(1000);
        builder.HasIndex(s => new { s.SentAt, s.NextAttemptAt });
        builder.HasIndex(s => new { s.ResourceLinkId, s.UserId });
        builder.HasOne<LtiResourceLink>().WithMany().HasForeignKey(s => s.ResourceLinkId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
