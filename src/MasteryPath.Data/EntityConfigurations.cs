using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteryPath.Data;

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> builder)
    {
        builder.HasIndex(e => new { e.UserId, e.CourseId }).IsUnique();
        builder.Property(e => e.UserId).HasMaxLength(64);
        builder.Property(e => e.CourseId).HasMaxLength(100);
        builder.Property(e => e.PlacementId).HasMaxLength(64);
        builder.Property(e => e.PlacementUnit).HasMaxLength(100);
        builder.Property(e => e.Placement).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.GoalKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> builder)
    {
        builder.Property(a => a.Id).HasMaxLength(64);
        builder.Property(a => a.UserId).HasMaxLength(64);
        builder.Property(a => a.CourseId).HasMaxLength(100);
        builder.Property(a => a.SkillId).HasMaxLength(100);
        builder.Property(a => a.DefinitionId).HasMaxLength(200);
        builder.Property(a => a.VariantId).HasMaxLength(240);
        builder.Property(a => a.GroupId).HasMaxLength(64);
        builder.Property(a => a.Response).HasMaxLength(2000);
        builder.Property(a => a.Feedback).HasMaxLength(4000);
        builder.Property(a => a.Unlocked).HasMaxLength(4000);
        builder.Property(a => a.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.EvidenceKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.CheckOutcome).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(a => new { a.UserId, a.CourseId, a.SkillId, a.Mode });
        builder.HasIndex(a => new { a.UserId, a.GroupId });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnswerEventConfiguration : IEntityTypeConfiguration<AnswerEventRecord>
{
    public void Configure(EntityTypeBuilder<AnswerEventRecord> builder)
    {
        builder.ToTable("AnswerEvents");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedOnAdd();
        builder.Property(e => e.EventId).HasMaxLength(200);
        builder.Property(e => e.UserId).HasMaxLength(64);
        builder.Property(e => e.CourseId).HasMaxLength(100);
        builder.Property(e => e.SkillId).HasMaxLength(100);
        builder.Property(e => e.AlsoSkills).HasMaxLength(1000);
        builder.Property(e => e.CheckId).HasMaxLength(64);
        builder.Property(e => e.VariantId).HasMaxLength(240);
        builder.Property(e => e.Response).HasMaxLength(2000);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);

        // The idempotency guarantee: one event per id per learner and course, whatever the races.
        builder.HasIndex(e => new { e.UserId, e.CourseId, e.EventId }).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SchoolClassConfiguration : IEntityTypeConfiguration<SchoolClass>
{
    public void Configure(EntityTypeBuilder<SchoolClass> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.TeacherId).HasMaxLength(64);
        builder.Property(c => c.CourseId).HasMaxLength(100);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.TeacherId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.ClassId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassMembershipConfiguration : IEntityTypeConfiguration<ClassMembership>
{
    public void Configure(EntityTypeBuilder<ClassMembership> builder)
    {
        builder.HasKey(m => new { m.ClassId, m.LearnerId });
        builder.Property(m => m.LearnerId).HasMaxLength(64);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
