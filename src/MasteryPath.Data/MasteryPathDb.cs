using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MasteryPath.Data;

/// <summary>
/// The database: Identity tables, enrollments with the cached learner state, attempts, the answer-event log and
/// classes. Each provider has its own subclass so that each keeps its own migrations (see ADR 0006). It also holds
/// the web app's data-protection keys, so that every node on one database reads the same cookies (ADR 0015).
/// </summary>
public abstract class MasteryPathDb(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Enrollment> Enrollments => Set<Enrollment>();

    public DbSet<Attempt> Attempts => Set<Attempt>();

    public DbSet<AnswerEventRecord> AnswerEvents => Set<AnswerEventRecord>();

    public DbSet<SchoolClass> Classes => Set<SchoolClass>();

    public DbSet<ClassMembership> ClassMemberships => Set<ClassMembership>();

    public DbSet<ClassInvitation> ClassInvitations => Set<ClassInvitation>();

    public DbSet<OneRosterLink> OneRosterLinks => Set<OneRosterLink>();

    public DbSet<ClassCourse> ClassCourses => Set<ClassCourse>();

    public DbSet<ClassAssignment> ClassAssignments => Set<ClassAssignment>();

    public DbSet<ClassAssignmentSkill> ClassAssignmentSkills => Set<ClassAssignmentSkill>();

    public DbSet<ClassAssignmentLearner> ClassAssignmentLearners => Set<ClassAssignmentLearner>();

    public DbSet<ClassAnnouncement> ClassAnnouncements => Set<ClassAnnouncement>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<TaskSubmission> TaskSubmissions => Set<TaskSubmission>();

    public DbSet<Survey> Surveys => Set<Survey>();

    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();

    public DbSet<SurveyCompletion> SurveyCompletions => Set<SurveyCompletion>();

    public DbSet<LessonRating> LessonRatings => Set<LessonRating>();

    public DbSet<LearnerModelVersion> LearnerModelVersions => Set<LearnerModelVersion>();

    public DbSet<BackgroundJob> BackgroundJobs => Set<BackgroundJob>();

    public DbSet<LtiPlatform> LtiPlatforms => Set<LtiPlatform>();

    public DbSet<LtiToolKey> LtiToolKeys => Set<LtiToolKey>();

    public DbSet<SkillCredential> SkillCredentials => Set<SkillCredential>();

    public DbSet<LtiLoginState> LtiLoginStates => Set<LtiLoginState>();

    public DbSet<LtiContext> LtiContexts => Set<LtiContext>();

    public DbSet<LtiResourceLink> LtiResourceLinks => Set<LtiResourceLink>();

    public DbSet<LtiScoreOutbox> LtiScoreOutbox => Set<LtiScoreOutbox>();
    public DbSet<LrsConnection> LrsConnections => Set<LrsConnection>();

    public DbSet<XapiOutboxEntry> XapiOutbox => Set<XapiOutboxEntry>();

    public DbSet<FamilyLinkCode> FamilyLinkCodes => Set<FamilyLinkCode>();

    public DbSet<FamilyLink> FamilyLinks => Set<FamilyLink>();

    public DbSet<FamilyMessage> FamilyMessages => Set<FamilyMessage>();

    public DbSet<FamilyDigest> FamilyDigests => Set<FamilyDigest>();

    public DbSet<FamilyDigestOptOut> FamilyDigestOptOuts => Set<FamilyDigestOptOut>();

    public DbSet<CourseDraft> CourseDrafts => Set<CourseDraft>();

    public DbSet<CourseDraftFile> CourseDraftFiles => Set<CourseDraftFile>();

    public DbSet<PublishedCourseVersion> PublishedCourseVersions => Set<PublishedCourseVersion>();

    /// <summary>
    /// Identity's passkeys table, as its schema version 3 declares it. Declared here rather than by setting
    /// IdentityOptions.Stores.SchemaVersion: Identity reads that option from the app's services only, which the CLI and
    /// the design-time factories build this context without, and version 3 would also shorten the keys of the
    /// existing login and token tables (ADR 0020).
    /// </summary>
    private static void ConfigurePasskeys(ModelBuilder builder)
    {
        builder.Entity<AppUser>().HasMany<IdentityUserPasskey<string>>().WithOne().HasForeignKey(p => p.UserId).IsRequired();
        builder.Entity<IdentityUserPasskey<string>>(b =>
        {
            b.HasKey(p => p.CredentialId);
            b.ToTable("AspNetUserPasskeys");
            b.Property(p => p.CredentialId).HasMaxLength(1024);
            b.OwnsOne(p => p.Data).ToJson();
        });
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ConfigurePasskeys(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MasteryPathDb).Assembly);
    }
}

/// <summary>The embedded default: a SQLite file.</summary>
public sealed class SqliteMasteryPathDb(DbContextOptions<SqliteMasteryPathDb> options) : MasteryPathDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type that sorts and compares in SQL; store instants as UTC ticks.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>Production: PostgreSQL.</summary>
public sealed class PostgresMasteryPathDb(DbContextOptions<PostgresMasteryPathDb> options) : MasteryPathDb(options);
