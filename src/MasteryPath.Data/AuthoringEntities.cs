using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteryPath.Data;

/// <summary>
/// A course being written in the browser (docs/adr/0032). Its files are <see cref="CourseDraftFile"/> rows: the same
/// files as a course folder on disk, so that a draft, a zip and a folder in git are one format.
/// </summary>
public sealed class CourseDraft
{
    /// <summary>The course id (course.yaml's id); one draft per course.</summary>
    public required string CourseId { get; set; }

    /// <summary>The author who created the draft; only they (and admins) see and edit it.</summary>
    public required string OwnerId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<CourseDraftFile> Files { get; } = [];
}

/// <summary>One file of a draft: its '/'-separated path in the course folder and its bytes.</summary>
public sealed class CourseDraftFile
{
    public long Id { get; set; }

    public required string CourseId { get; set; }

    /// <summary>E.g. "course.yaml", "skills/adding.md", "media/figure.png".</summary>
    public required string Path { get; set; }

    public required byte[] Content { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedById { get; set; }
}

/// <summary>A published version of a course: the zip of its folder, kept for ever; the highest number is served.</summary>
public sealed class PublishedCourseVersion
{
    public long Id { get; set; }

    public required string CourseId { get; set; }

    /// <summary>1, 2, 3… per course.</summary>
    public int Number { get; set; }

    public required string PublishedById { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>The course folder as a zip (the format of the authoring download).</summary>
    public required byte[] Zip { get; set; }
}

internal sealed class CourseDraftConfiguration : IEntityTypeConfiguration<CourseDraft>
{
    public void Configure(EntityTypeBuilder<CourseDraft> builder)
    {
        builder.HasKey(d => d.CourseId);
        builder.Property(d => d.CourseId).HasMaxLength(100);
        builder.Property(d => d.OwnerId).HasMaxLength(450);
        builder.HasIndex(d => d.OwnerId);
        builder.HasMany(d => d.Files).WithOne().HasForeignKey(f => f.CourseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CourseDraftFileConfiguration : IEntityTypeConfiguration<CourseDraftFile>
{
    public void Configure(EntityTypeBuilder<CourseDraftFile> builder)
    {
        builder.Property(f => f.CourseId).HasMaxLength(100);
        builder.Property(f => f.Path).HasMaxLength(300);
        builder.Property(f => f.UpdatedById).HasMaxLength(450);
        builder.HasIndex(f => new { f.CourseId, f.Path }).IsUnique();
    }
}

internal sealed class PublishedCourseVersionConfiguration : IEntityTypeConfiguration<PublishedCourseVersion>
{
    public void Configure(EntityTypeBuilder<PublishedCourseVersion> builder)
    {
        builder.Property(v => v.CourseId).HasMaxLength(100);
        builder.Property(v => v.PublishedById).HasMaxLength(450);
        builder.HasIndex(v => new { v.CourseId, v.Number }).IsUnique();
    }
}
