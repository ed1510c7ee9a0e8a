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
        builder.Property(e => e.SnapshotKey).HasMaxLength(200);
        builder.Property(e => e.EngineEventId).HasMaxLength(200);
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
        builder.Property(a => a.Misconception).HasMaxLength(64);
        builder.Property(a => a.Unlocked).HasMaxLength(4000);
        builder.Property(a => a.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.EvidenceKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.CheckOutcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.RetryResponse).HasMaxLength(2000);
        builder.Property(a => a.RetryOutcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.RetryFeedback).HasMaxLength(4000);
        // With AnsweredAt, the open question of a skill and mode is one index seek instead of a walk over every answered one.
        builder.HasIndex(a => new { a.UserId, a.CourseId, a.SkillId, a.Mode, a.AnsweredAt });
        builder.HasIndex(a => new { a.UserId, a.GroupId });
        builder.HasIndex(a => new { a.UserId, a.CourseId, a.SkillId, a.CreatedAt });

        // At most one open question per learner, skill and mode (practice, check, review, challenge), and one per
        // placement or quiz: parallel "start" requests cannot open two (the loser returns the winner's question).
        builder.HasIndex(a => new { a.UserId, a.CourseId, a.SkillId, a.Mode }, "IX_Attempts_OneOpenPerSkillAndMode")
            .IsUnique()
            .HasFilter("\"AnsweredAt\" IS NULL AND \"Mode\" IN ('Practice', 'MasteryCheck', 'Review', 'Enrichment')");
        builder.HasIndex(a => new { a.UserId, a.GroupId }, "IX_Attempts_OneOpenPerGroup")
            .IsUnique()
            .HasFilter("\"AnsweredAt\" IS NULL AND \"Mode\" IN ('Placement', 'DailyQuiz')");
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
        builder.HasIndex(e => new { e.UserId, e.CourseId, e.Sequence });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SchoolClassConfiguration : IEntityTypeConfiguration<SchoolClass>
{
    public void Configure(EntityTypeBuilder<SchoolClass> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.OneRosterSourcedId).HasMaxLength(256);
        builder.Property(c => c.TeacherId).HasMaxLength(64);
        builder.Property(c => c.JoinCode).HasMaxLength(16);
        builder.HasIndex(c => c.JoinCode).IsUnique();
        builder.Property(c => c.BandsJson).HasMaxLength(2000);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.TeacherId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Courses).WithOne().HasForeignKey(m => m.ClassId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassCourseConfiguration : IEntityTypeConfiguration<ClassCourse>
{
    public void Configure(EntityTypeBuilder<ClassCourse> builder)
    {
        builder.HasKey(c => new { c.ClassId, c.CourseId });
        builder.Property(c => c.CourseId).HasMaxLength(100);
    }
}

internal sealed class ClassMembershipConfiguration : IEntityTypeConfiguration<ClassMembership>
{
    public void Configure(EntityTypeBuilder<ClassMembership> builder)
    {
        builder.HasKey(m => new { m.ClassId, m.LearnerId });
        builder.Property(m => m.LearnerId).HasMaxLength(64);
        builder.HasIndex(m => m.LearnerId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OneRosterLinkConfiguration : IEntityTypeConfiguration<OneRosterLink>
{
    public void Configure(EntityTypeBuilder<OneRosterLink> builder)
    {
        builder.Property(l => l.SourcedId).HasMaxLength(256);
        builder.Property(l => l.LearnerId).HasMaxLength(64);
        builder.HasIndex(l => new { l.ClassId, l.SourcedId }).IsUnique();
        builder.HasIndex(l => l.LearnerId);
        builder.HasOne<SchoolClass>().WithMany().HasForeignKey(l => l.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassInvitationConfiguration : IEntityTypeConfiguration<ClassInvitation>
{
    public void Configure(EntityTypeBuilder<ClassInvitation> builder)
    {
        builder.Property(i => i.LearnerId).HasMaxLength(64);
        builder.Property(i => i.InvitedById).HasMaxLength(64);
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.Property(i => i.CodeHash).HasMaxLength(200);
        builder.HasIndex(i => new { i.ClassId, i.LearnerId }).IsUnique();
        builder.HasIndex(i => i.LearnerId);
        builder.HasOne<SchoolClass>().WithMany().HasForeignKey(i => i.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(i => i.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassAssignmentConfiguration : IEntityTypeConfiguration<ClassAssignment>
{
    public void Configure(EntityTypeBuilder<ClassAssignment> builder)
    {
        builder.Property(a => a.CourseId).HasMaxLength(100);
        builder.Property(a => a.Title).HasMaxLength(200);
        builder.Property(a => a.UnitId).HasMaxLength(100);
        builder.Property(a => a.AssignedById).HasMaxLength(64);
        builder.Property(a => a.Note).HasMaxLength(1000);
        builder.HasIndex(a => new { a.ClassId, a.AssignedAt });
        builder.HasOne<SchoolClass>().WithMany().HasForeignKey(a => a.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Skills).WithOne().HasForeignKey(s => s.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Learners).WithOne().HasForeignKey(l => l.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassAssignmentSkillConfiguration : IEntityTypeConfiguration<ClassAssignmentSkill>
{
    public void Configure(EntityTypeBuilder<ClassAssignmentSkill> builder)
    {
        builder.HasKey(s => new { s.AssignmentId, s.SkillId });
        builder.Property(s => s.SkillId).HasMaxLength(100);
    }
}

internal sealed class ClassAssignmentLearnerConfiguration : IEntityTypeConfiguration<ClassAssignmentLearner>
{
    public void Configure(EntityTypeBuilder<ClassAssignmentLearner> builder)
    {
        builder.HasKey(l => new { l.AssignmentId, l.LearnerId });
        builder.Property(l => l.LearnerId).HasMaxLength(64);
        builder.HasIndex(l => l.LearnerId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassAnnouncementConfiguration : IEntityTypeConfiguration<ClassAnnouncement>
{
    public void Configure(EntityTypeBuilder<ClassAnnouncement> builder)
    {
        builder.Property(a => a.AuthorId).HasMaxLength(64);
        builder.Property(a => a.Text).HasMaxLength(2000);
        builder.HasIndex(a => new { a.ClassId, a.PostedAt });
        builder.HasOne<SchoolClass>().WithMany().HasForeignKey(a => a.ClassId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(a => a.ActorId).HasMaxLength(64);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.SubjectUserId).HasMaxLength(64);
        builder.Property(a => a.CourseId).HasMaxLength(100);
        builder.Property(a => a.SkillId).HasMaxLength(100);
        builder.Property(a => a.Reason).HasMaxLength(2000);
        builder.Property(a => a.Details).HasMaxLength(4000);
        builder.HasIndex(a => new { a.SubjectUserId, a.At });
    }
}

internal sealed class TaskSubmissionConfiguration : IEntityTypeConfiguration<TaskSubmission>
{
    public void Configure(EntityTypeBuilder<TaskSubmission> builder)
    {
        builder.Property(t => t.UserId).HasMaxLength(64);
        builder.Property(t => t.CourseId).HasMaxLength(100);
        builder.Property(t => t.TaskId).HasMaxLength(100);
        builder.Property(t => t.Text).HasMaxLength(20000);
        builder.Property(t => t.FileName).HasMaxLength(255);
        builder.Property(t => t.StoredFileName).HasMaxLength(100);
        builder.Property(t => t.ContentType).HasMaxLength(100);
        builder.Property(t => t.ScoresJson).HasMaxLength(4000);
        builder.Property(t => t.Comment).HasMaxLength(4000);
        builder.Property(t => t.ScoredById).HasMaxLength(64);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(t => new { t.UserId, t.CourseId, t.TaskId, t.Version }).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.QuestionsJson).HasMaxLength(20000);
        builder.Property(s => s.CreatedById).HasMaxLength(64);
        builder.HasOne<SchoolClass>().WithMany().HasForeignKey(s => s.ClassId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.Property(s => s.UserId).HasMaxLength(64);
        builder.Property(s => s.AnswersJson).HasMaxLength(20000);
        builder.HasIndex(s => s.SurveyId);
        builder.HasOne<Survey>().WithMany().HasForeignKey(s => s.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyCompletionConfiguration : IEntityTypeConfiguration<SurveyCompletion>
{
    public void Configure(EntityTypeBuilder<SurveyCompletion> builder)
    {
        builder.HasKey(s => new { s.SurveyId, s.UserId });
        builder.Property(s => s.UserId).HasMaxLength(64);
        builder.HasOne<Survey>().WithMany().HasForeignKey(s => s.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LessonRatingConfiguration : IEntityTypeConfiguration<LessonRating>
{
    public void Configure(EntityTypeBuilder<LessonRating> builder)
    {
        builder.Property(r => r.UserId).HasMaxLength(64);
        builder.Property(r => r.CourseId).HasMaxLength(100);
        builder.Property(r => r.SkillId).HasMaxLength(100);
        builder.Property(r => r.Comment).HasMaxLength(2000);
        builder.HasIndex(r => new { r.UserId, r.CourseId, r.SkillId }).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
