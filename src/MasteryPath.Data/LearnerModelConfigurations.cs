using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteryPath.Data;

internal sealed class LearnerModelVersionConfiguration : IEntityTypeConfiguration<LearnerModelVersion>
{
    public void Configure(EntityTypeBuilder<LearnerModelVersion> builder)
    {
        builder.Property(v => v.CourseId).HasMaxLength(100);
        builder.Property(v => v.CreatedBy).HasMaxLength(64);
        builder.Property(v => v.ActivatedBy).HasMaxLength(64);
        builder.Property(v => v.Description).HasMaxLength(200);
        builder.HasIndex(v => new { v.CourseId, v.Version }).IsUnique();

        // At most one model in force per course, whatever the races: a unique index over the active rows only.
        // The filter is a boolean column read as a condition, which SQLite and PostgreSQL both accept.
        builder.HasIndex(v => v.CourseId, "IX_LearnerModelVersions_ActivePerCourse").IsUnique().HasFilter("\"IsActive\"");
    }
}

internal sealed class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJob>
{
    public void Configure(EntityTypeBuilder<BackgroundJob> builder)
    {
        builder.Property(j => j.CourseId).HasMaxLength(100);
        builder.Property(j => j.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.Stage).HasMaxLength(200);
        builder.Property(j => j.Message).HasMaxLength(2000);
        builder.Property(j => j.RequestedBy).HasMaxLength(64);
        builder.HasIndex(j => new { j.Status, j.Id });
        builder.HasIndex(j => new { j.CourseId, j.Id });
    }
}
