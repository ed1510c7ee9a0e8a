using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Families;

/// <summary>A child as their parent's pages list them.</summary>
public sealed record LinkedChild(long LinkId, string LearnerId, string Name, DateTimeOffset LinkedAt);

/// <summary>A parent as the learner's and the teacher's pages list them.</summary>
public sealed record LinkedParent(long LinkId, string ParentId, string Name, string? Email, DateTimeOffset LinkedAt);

/// <summary>A code just issued: shown once, then only its hash remains.</summary>
public sealed record IssuedFamilyCode(string Code, DateTimeOffset ExpiresAt);

/// <summary>A teacher's message on the parent's page of a child.</summary>
public sealed record FamilyMessageRow(string TeacherName, string Text, DateTimeOffset SentAt);

/// <summary>
/// Links between parents and learners (docs/adr/0029): codes issued by the learner or their teacher and redeemed once
/// by a parent, the links themselves and who may remove them, and the digest setting. A parent reads only the children
/// linked to them; any other learner is "not found".
/// </summary>
public sealed class FamilyService(MasteryPathDb db, TeachingService teaching, TimeProvider time)
{
    public const int MaxMessage = 2000;

    /// <summary>The signed-in learner issues a code for a parent of theirs.</summary>
    public async Task<IssuedFamilyCode> IssueForSelfAsync(ClaimsPrincipal learner, CancellationToken cancellationToken = default)
    {
        if (!learner.IsInRole(Roles.Learner))
        {
            throw LearningException.Invalid("Parent codes are issued for learner accounts.");
        }

        return await IssueAsync(learner.UserId(), learner.UserId(), cancellationToken);
    }

    /// <summary>A teacher issues a code for a parent of a learner of their class.</summary>
    public async Task<IssuedFamilyCode> IssueByTeacherAsync(ClaimsPrincipal teacher, long classId, string learnerId, CancellationToken cancellationToken = default)
    {
        await RequireTeachersLearnerAsync(teacher, classId, learnerId, cancellationToken);
        return await IssueAsync(learnerId, teacher.UserId(), cancellationToken);
    }

    /// <summary>The code's row when it can be redeemed now; otherwise a refusal that says why, and nothing changes.</summary>
    public async Task<FamilyLinkCode> RedeemableAsync(string? code, CancellationToken cancellationToken = default)
    {
        var normalized = FamilyCodes.Normalize(code);
        if (normalized.Length == 0)
        {
            throw LearningException.Invalid("Enter the code you were given.");
        }

        var hash = FamilyCodes.Hash(normalized);
        var found = FamilyCodes.LooksValid(normalized) ? await db.FamilyLinkCodes.AsNoTracking().SingleOrDefaultAsync(c => c.CodeHash == hash, cancellationToken) : null;
        if (found is null)
        {
            throw LearningException.Invalid("That code is not one we issued. Check it against the one you were given: 12 letters and digits, like ABCD-EFGH-JKMN.");
        }

        if (found.UsedAt is not null)
        {
            throw LearningException.Invalid("That code was already used: each code links one parent once. Ask your child or their teacher for a new one.");
        }

        if (found.ExpiresAt <= time.GetUtcNow())
        {
            throw LearningException.Invalid($"That code has expired: codes work for {FamilyCodes.Lifetime.TotalDays:0} days. Ask your child or their teacher for a new one.");
        }

        return found;
    }

    /// <summary>Uses the code once and links the parent to its learner; a parent already linked stays linked.</summary>
    public async Task<FamilyLink> RedeemAsync(string parentId, FamilyLinkCode code, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (code.LearnerId == parentId)
        {
            throw LearningException.Invalid("This code is for a parent: it cannot link an account to itself.");
        }

        // Only the request that marks the code used links: a second redeemer at the same moment finds it taken.
        var taken = await db.FamilyLinkCodes.Where(c => c.Id == code.Id && c.UsedAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now).SetProperty(c => c.UsedById, parentId), cancellationToken);
        if (taken == 0)
        {
            throw LearningException.Invalid("That code was already used: each code links one parent once. Ask your child or their teacher for a new one.");
        }

        if (await db.FamilyLinks.SingleOrDefaultAsync(l => l.ParentId == parentId && l.LearnerId == code.LearnerId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var link = new FamilyLink { ParentId = parentId, LearnerId = code.LearnerId, IssuedById = code.IssuedById, LinkedAt = now };
        db.FamilyLinks.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        return link;
    }

    public async Task<IReadOnlyList<LinkedChild>> ChildrenAsync(string parentId, CancellationToken cancellationToken = default) =>
        (await db.FamilyLinks.AsNoTracking().Where(l => l.ParentId == parentId)
            .Join(db.Users, l => l.LearnerId, u => u.Id, (l, u) => new LinkedChild(l.Id, u.Id, u.DisplayName, l.LinkedAt))
            .ToListAsync(cancellationToken))
            .OrderBy(c => c.Name, StringComparer.CurrentCulture).ToList();

    public async Task<IReadOnlyList<LinkedParent>> ParentsAsync(string learnerId, CancellationToken cancellationToken = default) =>
        (await db.FamilyLinks.AsNoTracking().Where(l => l.LearnerId == learnerId)
            .Join(db.Users, l => l.ParentId, u => u.Id, (l, u) => new LinkedParent(l.Id, u.Id, u.DisplayName, u.Email, l.LinkedAt))
            .ToListAsync(cancellationToken))
            .OrderBy(p => p.LinkedAt).ToList();

    /// <summary>The parents of a learner of the teacher's class (404 for a class or learner that is not theirs).</summary>
    public async Task<IReadOnlyList<LinkedParent>> ParentsForTeacherAsync(ClaimsPrincipal teacher, long classId, string learnerId, CancellationToken cancellationToken = default)
    {
        await RequireTeachersLearnerAsync(teacher, classId, learnerId, cancellationToken);
        return await ParentsAsync(learnerId, cancellationToken);
    }

    /// <summary>The child when linked to the parent; any other learner is indistinguishable from none.</summary>
    public async Task<AppUser> RequireChildAsync(string parentId, string childId, CancellationToken cancellationToken = default)
    {
        var linked = await db.FamilyLinks.AsNoTracking().AnyAsync(l => l.ParentId == parentId && l.LearnerId == childId, cancellationToken);
        return linked && await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == childId, cancellationToken) is { } child
            ? child
            : throw LearningException.NotFound("There is no such child among yours.");
    }

    /// <summary>
    /// Removes a link: its learner, its parent, a teacher of the learner's class or an admin may; anyone else gets 404.
    /// Returns the link that was removed.
    /// </summary>
    public async Task<FamilyLink> RemoveLinkAsync(ClaimsPrincipal user, long linkId, CancellationToken cancellationToken = default)
    {
        var link = await db.FamilyLinks.SingleOrDefaultAsync(l => l.Id == linkId, cancellationToken);
        if (link is null || !await MayManageAsync(user, link, cancellationToken))
        {
            throw LearningException.NotFound("There is no such link among yours.");
        }

        db.FamilyLinks.Remove(link);
        await db.SaveChangesAsync(cancellationToken);
        return link;
    }

    public async Task<bool> DigestWantedAsync(string parentId, CancellationToken cancellationToken = default) =>
        !await db.FamilyDigestOptOuts.AnyAsync(o => o.ParentId == parentId, cancellationToken);

    public async Task SetDigestAsync(string parentId, bool wanted, CancellationToken cancellationToken = default)
    {
        var optOut = await db.FamilyDigestOptOuts.SingleOrDefaultAsync(o => o.ParentId == parentId, cancellationToken);
        if (wanted && optOut is not null)
        {
            db.FamilyDigestOptOuts.Remove(optOut);
        }
        else if (!wanted && optOut is null)
        {
            db.FamilyDigestOptOuts.Add(new FamilyDigestOptOut { ParentId = parentId, At = time.GetUtcNow() });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The teacher's messages to this parent about this child, newest first.</summary>
    public async Task<IReadOnlyList<FamilyMessageRow>> MessagesAsync(string parentId, string childId, CancellationToken cancellationToken = default) =>
        (await db.FamilyMessages.AsNoTracking().Where(m => m.ParentId == parentId && m.LearnerId == childId)
            .Join(db.Users, m => m.TeacherId, u => u.Id, (m, u) => new FamilyMessageRow(u.DisplayName, m.Text, m.SentAt))
            .ToListAsync(cancellationToken))
            .OrderByDescending(m => m.SentAt).ToList();

    /// <summary>The learner when they are in the teacher's class (an admin: any class); 404 otherwise.</summary>
    public async Task<AppUser> RequireTeachersLearnerAsync(ClaimsPrincipal teacher, long classId, string learnerId, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        return schoolClass.Members.Any(m => m.LearnerId == learnerId) && await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == learnerId, cancellationToken) is { } learner
            ? learner
            : throw LearningException.NotFound("There is no such learner in your class.");
    }

    private async Task<bool> MayManageAsync(ClaimsPrincipal user, FamilyLink link, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        if (userId == link.LearnerId || userId == link.ParentId || user.IsInRole(Roles.Admin))
        {
            return true;
        }

        return user.IsInRole(Roles.Teacher) && await db.Classes.AsNoTracking()
            .AnyAsync(c => c.TeacherId == userId && c.Members.Any(m => m.LearnerId == link.LearnerId), cancellationToken);
    }

    private async Task<IssuedFamilyCode> IssueAsync(string learnerId, string issuedById, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var code = FamilyCodes.New();
        var row = new FamilyLinkCode { LearnerId = learnerId, CodeHash = FamilyCodes.Hash(code), IssuedById = issuedById, IssuedAt = now, ExpiresAt = now + FamilyCodes.Lifetime };
        db.FamilyLinkCodes.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedFamilyCode(code, row.ExpiresAt);
    }
}
