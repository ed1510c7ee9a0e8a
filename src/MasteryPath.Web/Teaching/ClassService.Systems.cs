using MasteryPath.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// Roster changes an outside system makes (an LMS over LTI): the same effects as a teacher's own — enrollments in the
/// class's courses, invitations closed, snapshots refreshed to the class's bar, an audit entry. No teacher principal
/// is checked here: the caller has validated the system's signed message. Each call saves pending changes and may
/// clear the change tracker, so callers save their own work first and do not keep tracked entities across a call.
/// </summary>
public sealed partial class ClassService
{
    public async Task<SchoolClass> CreateFromSystemAsync(string teacherId, string name, string action, string details, CancellationToken cancellationToken = default)
    {
        var schoolClass = new SchoolClass { Name = name, TeacherId = teacherId, JoinCode = await NewJoinCodeAsync(cancellationToken), CreatedAt = time.GetUtcNow() };
        db.Classes.Add(schoolClass);
        await db.SaveChangesAsync(cancellationToken);
        db.AuditLog.Add(Audit(teacherId, action, schoolClass.Id, teacherId, details));
        await db.SaveChangesAsync(cancellationToken);
        return schoolClass;
    }

    /// <summary>Adds the course to the class and enrolls its members in it; false when the class had it already.</summary>
    public async Task<bool> AddCourseFromSystemAsync(long classId, string courseId, CancellationToken cancellationToken = default)
    {
        if (await db.ClassCourses.AnyAsync(c => c.ClassId == classId && c.CourseId == courseId, cancellationToken))
        {
            return false;
        }

        db.ClassCourses.Add(new ClassCourse { ClassId = classId, CourseId = courseId });
        var members = await db.ClassMemberships.Where(m => m.ClassId == classId).Select(m => m.LearnerId).ToListAsync(cancellationToken);
        await AddEnrollmentsAsync(members, [courseId], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshSnapshotsAsync(members, [courseId], cancellationToken);
        return true;
    }

    /// <summary>Makes the learner a member as a join code would; false when they were one already.</summary>
    public async Task<bool> AdmitFromSystemAsync(long classId, string learnerId, string action, string details, CancellationToken cancellationToken = default)
    {
        await db.SaveChangesAsync(cancellationToken);
        var schoolClass = await db.Classes.AsNoTracking().Include(c => c.Courses).SingleAsync(c => c.Id == classId, cancellationToken);
        return await AdmitAsync(schoolClass, learnerId, action, details, cancellationToken);
    }

    /// <summary>Takes the learner out of the class (their evidence and enrollments are kept); false when they were not in it.</summary>
    public async Task<bool> RemoveFromSystemAsync(long classId, string learnerId, string action, string details, CancellationToken cancellationToken = default)
    {
        if (await db.ClassMemberships.Where(m => m.ClassId == classId && m.LearnerId == learnerId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        db.AuditLog.Add(Audit(learnerId, action, classId, learnerId, details + "; their evidence and enrollments are kept"));
        await db.SaveChangesAsync(cancellationToken);
        var courses = await db.ClassCourses.Where(c => c.ClassId == classId).Select(c => c.CourseId).ToListAsync(cancellationToken);
        await RefreshSnapshotsAsync([learnerId], courses, cancellationToken);
        return true;
    }
}
