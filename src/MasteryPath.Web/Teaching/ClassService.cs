using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching;

/// <summary>A learner of a class as the roster page lists them.</summary>
public sealed record ClassMember(string LearnerId, string Name, string Email, DateTimeOffset JoinedAt);

/// <summary>
/// Classes and their rosters: create a class and change its settings, add learners (by email, join code or an
/// uploaded roster), remove them. Teachers touch only their own classes (admins any); every roster change
/// writes an <see cref="AuditEntry"/>.
/// </summary>
public sealed partial class ClassService(MasteryPathDb db, CourseCatalog catalog, TeachingService teaching, LearningService learning, UserManager<AppUser> users, SignInTiming timing, MailOutbox mail, TimeProvider time, ILogger<ClassService> logger)
{
    public const string ActionCreate = "class-create";
    public const string ActionSettings = "class-settings";
    public const string ActionJoinCode = "class-join-code";
    public const string ActionAdd = "roster-add";
    public const string ActionJoin = "roster-join";
    public const string ActionRemove = "roster-remove";

    public async Task<SchoolClass> CreateAsync(ClaimsPrincipal teacher, ClassSettings settings, CancellationToken cancellationToken = default)
    {
        settings = settings.Validated(catalog);
        var actor = teacher.UserId();
        var schoolClass = new SchoolClass
        {
            Name = settings.Name,
            TeacherId = actor,
            JoinCode = await NewJoinCodeAsync(cancellationToken),
            MasteryProbability = settings.MasteryProbability,
            CheckPassRatio = settings.CheckPassRatio,
            BandsJson = ClassBands.Serialize(settings.Bands),
            StuckAfterWrongInARow = settings.StuckAfterWrongInARow,
            ReteachMinLearners = settings.ReteachMinLearners,
            CreatedAt = time.GetUtcNow(),
            Courses = settings.Courses.Select(c => new ClassCourse { CourseId = c }).ToList(),
        };
        db.Classes.Add(schoolClass);
        await db.SaveChangesAsync(cancellationToken);
        db.AuditLog.Add(Audit(actor, ActionCreate, schoolClass.Id, null, $"'{settings.Name}': {string.Join(", ", settings.Courses)}"));
        await db.SaveChangesAsync(cancellationToken);
        return schoolClass;
    }

    /// <summary>Replaces the class's settings; learners' states follow by replay, and their cached snapshots are refreshed.</summary>
    public async Task<SchoolClass> UpdateSettingsAsync(ClaimsPrincipal teacher, long classId, ClassSettings settings, CancellationToken cancellationToken = default)
    {
        await teaching.GetClassAsync(teacher, classId, cancellationToken);
        settings = settings.Validated(catalog);
        var schoolClass = await db.Classes.Include(c => c.Courses).Include(c => c.Members).SingleAsync(c => c.Id == classId, cancellationToken);
        var before = ClassSettings.Of(schoolClass);
        schoolClass.Name = settings.Name;
        schoolClass.MasteryProbability = settings.MasteryProbability;
        schoolClass.CheckPassRatio = settings.CheckPassRatio;
        schoolClass.BandsJson = ClassBands.Serialize(settings.Bands);
        schoolClass.StuckAfterWrongInARow = settings.StuckAfterWrongInARow;
        schoolClass.ReteachMinLearners = settings.ReteachMinLearners;
        schoolClass.Courses.RemoveAll(c => !settings.Courses.Contains(c.CourseId));
        schoolClass.Courses.AddRange(settings.Courses.Where(c => !before.Courses.Contains(c)).Select(c => new ClassCourse { CourseId = c }));
        var learnerIds = schoolClass.Members.Select(m => m.LearnerId).ToList();
        await AddEnrollmentsAsync(learnerIds, settings.Courses, cancellationToken);
        db.AuditLog.Add(Audit(teacher.UserId(), ActionSettings, classId, null, settings.Describe(before)));
        await db.SaveChangesAsync(cancellationToken);
        if (settings.ChangesStates(before))
        {
            await RefreshSnapshotsAsync(learnerIds, settings.Courses.Union(before.Courses).ToList(), cancellationToken);
        }

        return schoolClass;
    }

    public async Task<string> RegenerateJoinCodeAsync(ClaimsPrincipal teacher, long classId, CancellationToken cancellationToken = default)
    {
        await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var schoolClass = await db.Classes.SingleAsync(c => c.Id == classId, cancellationToken);
        var old = schoolClass.JoinCode;
        schoolClass.JoinCode = await NewJoinCodeAsync(cancellationToken);
        db.AuditLog.Add(Audit(teacher.UserId(), ActionJoinCode, classId, null, $"{old} → {schoolClass.JoinCode}"));
        await db.SaveChangesAsync(cancellationToken);
        return schoolClass.JoinCode;
    }

    public async Task<IReadOnlyList<ClassMember>> MembersAsync(SchoolClass schoolClass, CancellationToken cancellationToken = default)
    {
        var joined = schoolClass.Members.ToDictionary(m => m.LearnerId, m => m.JoinedAt, StringComparer.Ordinal);
        var ids = joined.Keys.ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return people
            .Select(u => new ClassMember(u.Id, u.DisplayName, u.Email ?? string.Empty, joined[u.Id]))
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The latest audit entries about the class, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(SchoolClass schoolClass, int count, CancellationToken cancellationToken = default) =>
        await db.AuditLog.AsNoTracking().Where(a => a.ClassId == schoolClass.Id).OrderByDescending(a => a.Id).Take(count).ToListAsync(cancellationToken);

    public async Task RemoveAsync(ClaimsPrincipal teacher, long classId, string learnerId, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var membership = await db.ClassMemberships.SingleOrDefaultAsync(m => m.ClassId == classId && m.LearnerId == learnerId, cancellationToken)
            ?? throw LearningException.NotFound("That learner is not in this class.");
        var email = await db.Users.Where(u => u.Id == learnerId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        db.ClassMemberships.Remove(membership);
        db.AuditLog.Add(Audit(teacher.UserId(), ActionRemove, classId, learnerId, $"{email}; their evidence and enrollments are kept"));
        await db.SaveChangesAsync(cancellationToken);
        await RefreshSnapshotsAsync([learnerId], schoolClass.Courses.Select(c => c.CourseId).ToList(), cancellationToken);
    }

    /// <summary>The class with its courses if the learner is in it; null otherwise, so an id reveals nothing about other classes.</summary>
    public async Task<SchoolClass?> LearnersClassAsync(string learnerId, long classId, CancellationToken cancellationToken = default) =>
        await db.Classes.AsNoTracking().Include(c => c.Courses)
            .Where(c => c.Id == classId && c.Members.Any(m => m.LearnerId == learnerId))
            .SingleOrDefaultAsync(cancellationToken);

    private async Task AddEnrollmentsAsync(IReadOnlyList<string> learnerIds, IReadOnlyList<string> courseIds, CancellationToken cancellationToken)
    {
        if (learnerIds.Count == 0 || courseIds.Count == 0)
        {
            return;
        }

        var have = (await db.Enrollments.AsNoTracking()
                .Where(e => learnerIds.Contains(e.UserId) && courseIds.Contains(e.CourseId))
                .Select(e => new { e.UserId, e.CourseId })
                .ToListAsync(cancellationToken))
            .Select(e => (e.UserId, e.CourseId))
            .ToHashSet();
        var now = time.GetUtcNow();
        foreach (var learnerId in learnerIds)
        {
            foreach (var courseId in courseIds.Where(c => !have.Contains((learnerId, c))))
            {
                db.Enrollments.Add(new Enrollment { UserId = learnerId, CourseId = courseId, EnrolledAt = now });
            }
        }
    }

    /// <summary>
    /// The bar in force for a learner may have changed (settings, joining, leaving): rewrite the cached snapshot
    /// on their enrollments from the event log. A concurrent answer writes a fresh snapshot itself, so a lost race is skipped.
    /// </summary>
    private async Task RefreshSnapshotsAsync(IReadOnlyList<string> learnerIds, IReadOnlyList<string> courseIds, CancellationToken cancellationToken)
    {
        var known = courseIds.Where(c => catalog.Find(c) is not null).ToList();
        var stale = await db.Enrollments.AsNoTracking()
            .Where(e => learnerIds.Contains(e.UserId) && known.Contains(e.CourseId) && e.EventCount > 0)
            .Select(e => new { e.UserId, e.CourseId })
            .ToListAsync(cancellationToken);
        foreach (var enrollment in stale)
        {
            db.ChangeTracker.Clear();
            try
            {
                var state = await learning.LoadAsync(enrollment.UserId, enrollment.CourseId, cancellationToken);
                state.WriteSnapshot(state.Statuses);
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                logger.LogDebug(ex, "Snapshot of {UserId} in {CourseId} raced an answer; the answer's snapshot stands", enrollment.UserId, enrollment.CourseId);
            }
        }

        db.ChangeTracker.Clear();
    }

    private async Task<string> NewJoinCodeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var code = JoinCodes.New();
            if (!await db.Classes.AnyAsync(c => c.JoinCode == code, cancellationToken))
            {
                return code;
            }
        }
    }

    private AuditEntry Audit(string actorId, string action, long classId, string? subjectUserId, string details) => new()
    {
        At = time.GetUtcNow(),
        ActorId = actorId,
        Action = action,
        ClassId = classId,
        SubjectUserId = subjectUserId,
        Details = details.Length > 4000 ? details[..4000] : details,
    };
}
