using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching;

/// <summary>An invitation as its teacher sees it: only what the teacher typed.</summary>
public sealed record PendingInvitation(long Id, string Email, string Name, DateTimeOffset InvitedAt);

/// <summary>An invitation as the invited learner sees it.</summary>
public sealed record LearnerInvitation(long Id, long ClassId, string ClassName, string TeacherName, IReadOnlyList<string> Courses, DateTimeOffset InvitedAt);

/// <summary>Personal invitation codes are stored as a hash of their normalised form (the join page's rules: no dashes or spaces, any case).</summary>
public static class InvitationCodes
{
    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JoinCodes.Normalize(code))));
}

public sealed partial class ClassService
{
    public const string ActionAccept = "roster-accept";
    public const string ActionDecline = "roster-decline";
    public const string ActionWithdraw = "roster-withdraw";

    /// <summary>The class's invitations not answered yet, oldest first.</summary>
    public async Task<IReadOnlyList<PendingInvitation>> InvitationsAsync(SchoolClass schoolClass, CancellationToken cancellationToken = default) =>
        (await db.ClassInvitations.AsNoTracking().Where(i => i.ClassId == schoolClass.Id)
            .Select(i => new PendingInvitation(i.Id, i.Email, i.Name, i.InvitedAt)).ToListAsync(cancellationToken))
        .OrderBy(i => i.InvitedAt).ThenBy(i => i.Id).ToList();

    /// <summary>The teacher takes back an invitation nobody has answered.</summary>
    public async Task WithdrawAsync(ClaimsPrincipal teacher, long classId, long invitationId, CancellationToken cancellationToken = default)
    {
        await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var invitation = await db.ClassInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.ClassId == classId, cancellationToken)
            ?? throw LearningException.NotFound("That invitation is not open in this class: it was answered or withdrawn.");
        db.ClassInvitations.Remove(invitation);
        db.AuditLog.Add(Audit(teacher.UserId(), ActionWithdraw, classId, invitation.LearnerId, invitation.Email));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The invitations waiting for this learner, newest first; none for accounts that are not learners.</summary>
    public async Task<IReadOnlyList<LearnerInvitation>> InvitationsForAsync(ClaimsPrincipal learner, CancellationToken cancellationToken = default)
    {
        if (!learner.IsInRole(Roles.Learner))
        {
            return [];
        }

        var learnerId = learner.UserId();
        var rows = await (from i in db.ClassInvitations.AsNoTracking()
                          join c in db.Classes.AsNoTracking() on i.ClassId equals c.Id
                          join t in db.Users.AsNoTracking() on c.TeacherId equals t.Id
                          where i.LearnerId == learnerId
                          select new { InvitationId = i.Id, ClassId = c.Id, c.Name, Teacher = t.DisplayName, Courses = c.Courses.Select(x => x.CourseId).ToList(), i.InvitedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new LearnerInvitation(r.InvitationId, r.ClassId, r.Name, r.Teacher, r.Courses.Order(StringComparer.Ordinal).ToList(), r.InvitedAt))
            .OrderByDescending(r => r.InvitedAt).ToList();
    }

    /// <summary>The learner accepts: they join the class and its courses, and from now on its teacher sees their work.</summary>
    public async Task<SchoolClass> AcceptAsync(ClaimsPrincipal learner, long invitationId, CancellationToken cancellationToken = default)
    {
        var invitation = await OwnInvitationAsync(learner, invitationId, cancellationToken);
        var schoolClass = await db.Classes.AsNoTracking().Include(c => c.Courses).SingleAsync(c => c.Id == invitation.ClassId, cancellationToken);
        await AdmitAsync(schoolClass, invitation.LearnerId, ActionAccept, "accepted the invitation", cancellationToken);
        return schoolClass;
    }

    /// <summary>The learner declines: the invitation goes, and the teacher never sees their work.</summary>
    public async Task DeclineAsync(ClaimsPrincipal learner, long invitationId, CancellationToken cancellationToken = default)
    {
        var invitation = await OwnInvitationAsync(learner, invitationId, cancellationToken);
        db.ClassInvitations.Remove(invitation);
        db.AuditLog.Add(Audit(invitation.LearnerId, ActionDecline, invitation.ClassId, invitation.LearnerId, invitation.Email));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// At an account's sign-in: the invitations that made the account are accepted (it has no history to protect, and
    /// signing in with the first password from the teacher is the learner taking up that invitation).
    /// </summary>
    public async Task AcceptInvitationsThatMadeTheAccountAsync(string userId, CancellationToken cancellationToken = default)
    {
        var classIds = await db.ClassInvitations.AsNoTracking().Where(i => i.LearnerId == userId && i.CreatedAccount).Select(i => i.ClassId).ToListAsync(cancellationToken);
        foreach (var classId in classIds)
        {
            var schoolClass = await db.Classes.AsNoTracking().Include(c => c.Courses).SingleAsync(c => c.Id == classId, cancellationToken);
            await AdmitAsync(schoolClass, userId, ActionAccept, "first sign-in of the account the invitation made", cancellationToken);
        }
    }

    /// <summary>A learner joins the class whose join code (or personal invitation code) they typed, and is enrolled in its courses.</summary>
    public async Task<(SchoolClass Class, bool AlreadyMember)> JoinAsync(ClaimsPrincipal learner, string? code, CancellationToken cancellationToken = default)
    {
        if (!learner.IsInRole(Roles.Learner))
        {
            throw LearningException.Invalid("Join codes are for learner accounts.");
        }

        var normalized = JoinCodes.Normalize(code);
        if (normalized.Length == 0)
        {
            throw LearningException.Invalid("Type the class code your teacher gave you.");
        }

        var learnerId = learner.UserId();
        var schoolClass = await db.Classes.AsNoTracking().Include(c => c.Courses).SingleOrDefaultAsync(c => c.JoinCode == normalized, cancellationToken);
        var (action, how) = (ActionJoin, $"join code {normalized}");
        if (schoolClass is null)
        {
            // A personal code from the teacher's roster: it opens only this learner's own invitation.
            var hash = InvitationCodes.Hash(normalized);
            var classId = await db.ClassInvitations.Where(i => i.LearnerId == learnerId && i.CodeHash == hash).Select(i => (long?)i.ClassId).FirstOrDefaultAsync(cancellationToken);
            schoolClass = classId is null ? null : await db.Classes.AsNoTracking().Include(c => c.Courses).SingleAsync(c => c.Id == classId, cancellationToken);
            (action, how) = (ActionAccept, "personal invitation code");
        }

        if (schoolClass is null)
        {
            throw LearningException.NotFound($"No class has the code {normalized}. Check it with your teacher: codes change when a teacher makes a new one.");
        }

        var joined = await AdmitAsync(schoolClass, learnerId, action, how, cancellationToken);
        return (schoolClass, !joined);
    }

    /// <summary>Makes the learner a member (with the class's courses) and closes any invitation; false when they were one already.</summary>
    private async Task<bool> AdmitAsync(SchoolClass schoolClass, string learnerId, string action, string details, CancellationToken cancellationToken)
    {
        var courses = schoolClass.Courses.Select(c => c.CourseId).ToList();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.ClassInvitations.Where(i => i.ClassId == schoolClass.Id && i.LearnerId == learnerId).ExecuteDeleteAsync(cancellationToken);
            if (await db.ClassMemberships.AnyAsync(m => m.ClassId == schoolClass.Id && m.LearnerId == learnerId, cancellationToken))
            {
                await transaction.CommitAsync(cancellationToken);
                return false;
            }

            db.ClassMemberships.Add(new ClassMembership { ClassId = schoolClass.Id, LearnerId = learnerId, JoinedAt = time.GetUtcNow() });
            await AddEnrollmentsAsync([learnerId], courses, cancellationToken);
            db.AuditLog.Add(Audit(learnerId, action, schoolClass.Id, learnerId, details));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.ClassMemberships.AnyAsync(m => m.ClassId == schoolClass.Id && m.LearnerId == learnerId, cancellationToken))
            {
                // A double click joined already.
                return false;
            }

            throw;
        }

        await RefreshSnapshotsAsync([learnerId], courses, cancellationToken);
        return true;
    }

    /// <summary>The learner's own invitation; 404 for anybody else's, so an id reveals nothing.</summary>
    private async Task<ClassInvitation> OwnInvitationAsync(ClaimsPrincipal learner, long invitationId, CancellationToken cancellationToken)
    {
        var learnerId = learner.UserId();
        return await db.ClassInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.LearnerId == learnerId, cancellationToken) is { } invitation && learner.IsInRole(Roles.Learner)
            ? invitation
            : throw LearningException.NotFound("There is no such invitation for you: it was answered, withdrawn, or is for another account.");
    }
}
