using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching.Assignments;

/// <summary>An announcement as a learner sees it: which class it came from.</summary>
public sealed record LearnerAnnouncement(long Id, string ClassName, string Text, DateTimeOffset PostedAt);

/// <summary>Class announcements: the class's teacher posts and removes them; the class's learners read recent ones.</summary>
public sealed class AnnouncementService(MasteryPathDb db, TeachingService teaching, TimeProvider time)
{
    public const int MaxShownToLearner = 5;

    public async Task<ClassAnnouncement> PostAsync(ClaimsPrincipal teacher, long classId, string? text, CancellationToken cancellationToken = default)
    {
        await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var cleaned = AssignmentService.CleanText(text, AssignmentService.MaxAnnouncementLength, "announcement")
            ?? throw LearningException.Invalid("Write the announcement first.");
        var announcement = new ClassAnnouncement { ClassId = classId, AuthorId = teacher.UserId(), Text = cleaned, PostedAt = time.GetUtcNow() };
        db.ClassAnnouncements.Add(announcement);
        await db.SaveChangesAsync(cancellationToken);
        return announcement;
    }

    public async Task DeleteAsync(ClaimsPrincipal teacher, long classId, long announcementId, CancellationToken cancellationToken = default)
    {
        await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var removed = await db.ClassAnnouncements.Where(a => a.Id == announcementId && a.ClassId == classId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            throw LearningException.NotFound("There is no such announcement in this class.");
        }
    }

    /// <summary>Every announcement of the class, newest first.</summary>
    public async Task<IReadOnlyList<ClassAnnouncement>> ForClassAsync(ClaimsPrincipal teacher, long classId, CancellationToken cancellationToken = default)
    {
        await teaching.GetClassAsync(teacher, classId, cancellationToken);
        return await db.ClassAnnouncements.AsNoTracking().Where(a => a.ClassId == classId)
            .OrderByDescending(a => a.PostedAt).ThenByDescending(a => a.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The latest announcements of the learner's classes, posted within <see cref="AssignmentService.AnnouncementShownFor"/>.</summary>
    public async Task<IReadOnlyList<LearnerAnnouncement>> ForLearnerAsync(string learnerId, CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow() - AssignmentService.AnnouncementShownFor;
        var classIds = await db.ClassMemberships.AsNoTracking().Where(m => m.LearnerId == learnerId).Select(m => m.ClassId).ToListAsync(cancellationToken);
        return await db.ClassAnnouncements.AsNoTracking()
            .Where(a => classIds.Contains(a.ClassId) && a.PostedAt >= since)
            .OrderByDescending(a => a.PostedAt).ThenByDescending(a => a.Id)
            .Take(MaxShownToLearner)
            .Join(db.Classes.AsNoTracking(), a => a.ClassId, c => c.Id, (a, c) => new LearnerAnnouncement(a.Id, c.Name, a.Text, a.PostedAt))
            .ToListAsync(cancellationToken);
    }
}
