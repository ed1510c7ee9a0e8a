using System.Net.Mail;
using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Learning;
using MasteryPath.Web.PerformanceTasks;
using MasteryPath.Web.Teaching;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Accounts;

/// <summary>A user as the admin area lists them.</summary>
public sealed record UserRow(string Id, string Email, string Name, IReadOnlyList<string> Roles, bool Active, bool MustChangePassword, DateTimeOffset CreatedAt, DateTimeOffset? LockedUntil);

/// <summary>A password set for someone else: shown once to the person who set it; the user must change it at next sign-in.</summary>
public sealed record TemporaryPassword(UserRow User, string Password);

/// <summary>Who can be found in the admin area's list.</summary>
public sealed record UserFilter(string? Search = null, string? Role = null, bool? Active = null);

/// <summary>An audit entry with the people it names.</summary>
public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Action, string? Subject, long? ClassId, string? Details);

/// <summary>What the audit log page filters by.</summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? Subject = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>
/// The life of accounts: admins create, deactivate and re-activate users, assign roles and reset passwords; teachers
/// reset the passwords of their classes' learners. A password set by someone else must be changed at next sign-in.
/// Every change writes an audit entry.
/// </summary>
public sealed class AccountAdminService(MasteryPathDb db, UserManager<AppUser> users, TeachingService teaching, UploadStore uploads, TimeProvider time)
{
    public const string ActionCreate = "account-create";
    public const string ActionDeactivate = "account-deactivate";
    public const string ActionReactivate = "account-reactivate";
    public const string ActionRoles = "account-roles";
    public const string ActionPasswordReset = "account-password-reset";
    public const string ActionPseudonymise = "account-pseudonymise";

    /// <summary>What an admin types to confirm a removal of personal data, which cannot be undone.</summary>
    public const string PseudonymiseConfirmation = "remove";
    public const int ListLimit = 500;
    public const int AuditLimit = 500;

    public async Task<IReadOnlyList<UserRow>> ListAsync(UserFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(search) || u.DisplayName.ToUpper().Contains(search));
        }

        if (filter.Active is { } active)
        {
            query = active ? query.Where(u => u.DeactivatedAt == null) : query.Where(u => u.DeactivatedAt != null);
        }

        if (!string.IsNullOrEmpty(filter.Role))
        {
            var roleId = await db.Roles.Where(r => r.Name == filter.Role).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }

        var found = await query.OrderBy(u => u.NormalizedEmail).Take(ListLimit).ToListAsync(cancellationToken);
        return await RowsAsync(found, cancellationToken);
    }

    public async Task<UserRow> GetAsync(string userId, CancellationToken cancellationToken = default) =>
        (await RowsAsync([await FindAsync(userId, cancellationToken)], cancellationToken))[0];

    public async Task<TemporaryPassword> CreateAsync(ClaimsPrincipal admin, string? email, string? name, IReadOnlyList<string> roles, CancellationToken cancellationToken = default)
    {
        var address = CheckEmail(email);
        var display = TextInput.Require(name, "name", 200, isName: true);
        CheckRoles(roles);
        if (await users.FindByEmailAsync(address) is not null)
        {
            throw LearningException.Conflict($"There is already an account for {address}.");
        }

        var password = TemporaryPasswords.New();
        var user = new AppUser { UserName = address, Email = address, EmailConfirmed = true, DisplayName = display, CreatedAt = time.GetUtcNow(), MustChangePassword = true };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, roles));
        await AuditAsync(admin, ActionCreate, user.Id, null, $"{address}; roles: {string.Join(", ", roles)}", cancellationToken);
        return new TemporaryPassword(await GetAsync(user.Id, cancellationToken), password);
    }

    public async Task<UserRow> SetActiveAsync(ClaimsPrincipal admin, string userId, bool active, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(userId, cancellationToken);
        if (!active && user.Id == admin.UserId())
        {
            throw LearningException.Invalid("You cannot deactivate your own account.");
        }

        if (active == (user.DeactivatedAt is null))
        {
            return await GetAsync(userId, cancellationToken);
        }

        user.DeactivatedAt = active ? null : time.GetUtcNow();
        Check(await users.UpdateAsync(user));

        // A new stamp ends the user's sessions at their next check (SecurityStampValidator).
        Check(await users.UpdateSecurityStampAsync(user));
        await AuditAsync(admin, active ? ActionReactivate : ActionDeactivate, user.Id, null, user.Email, cancellationToken);
        return await GetAsync(userId, cancellationToken);
    }

    public async Task<UserRow> SetRolesAsync(ClaimsPrincipal admin, string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken = default)
    {
        CheckRoles(roles);
        var user = await FindAsync(userId, cancellationToken);
        if (user.Id == admin.UserId() && !roles.Contains(Roles.Admin))
        {
            throw LearningException.Invalid("You cannot take the admin role from yourself; ask another admin.");
        }

        var current = await users.GetRolesAsync(user);
        var removed = current.Except(roles).ToList();
        var added = roles.Except(current).ToList();
        if (removed.Count + added.Count == 0)
        {
            return await GetAsync(userId, cancellationToken);
        }

        Check(await users.RemoveFromRolesAsync(user, removed));
        Check(await users.AddToRolesAsync(user, added));
        Check(await users.UpdateSecurityStampAsync(user));
        await AuditAsync(admin, ActionRoles, user.Id, null, $"{user.Email}: {string.Join(", ", current.Order())} → {string.Join(", ", roles.Order())}", cancellationToken);
        return await GetAsync(userId, cancellationToken);
    }

    /// <summary>An admin sets a new temporary password for anyone.</summary>
    public async Task<TemporaryPassword> ResetPasswordAsync(ClaimsPrincipal admin, string userId, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(userId, cancellationToken);
        return await ResetAsync(admin, user, null, cancellationToken);
    }

    /// <summary>A teacher sets a new temporary password for a learner of their class (an admin for a learner of any class).</summary>
    public async Task<TemporaryPassword> ResetLearnerPasswordAsync(ClaimsPrincipal teacher, long classId, string learnerId, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        if (!schoolClass.Members.Any(m => m.LearnerId == learnerId))
        {
            throw LearningException.NotFound("That learner is not in this class.");
        }

        var user = await FindAsync(learnerId, cancellationToken);
        var roles = await users.GetRolesAsync(user);
        if (roles.Any(r => r != Roles.Learner) && !teacher.IsInRole(Roles.Admin))
        {
            throw LearningException.Forbidden("Only an admin can reset the password of a teacher, an author or an admin.");
        }

        return await ResetAsync(teacher, user, classId, cancellationToken);
    }

    /// <summary>
    /// Removes the person from their data on request (GDPR art. 17, COPPA 312.6): name, email and password go, the
    /// account is deactivated, typed answers, handed-in work and its files, rating comments and the name on survey
    /// answers are removed; the evidence itself (right or wrong, which skill, when) stays, so that class statistics
    /// and other learners' figures do not change. Cannot be undone; the audit entry does not name the person.
    /// </summary>
    public async Task<UserRow> PseudonymiseAsync(ClaimsPrincipal admin, string userId, string? confirm, string? reason, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(confirm?.Trim(), PseudonymiseConfirmation, StringComparison.OrdinalIgnoreCase))
        {
            throw LearningException.Invalid($"This cannot be undone: type '{PseudonymiseConfirmation}' to confirm.");
        }

        var why = reason is null ? null : TextInput.Require(reason, "reason", 500);
        var user = await FindAsync(userId, cancellationToken);
        if (user.Id == admin.UserId())
        {
            throw LearningException.Invalid("You cannot remove your own account's personal data; ask another admin.");
        }

        var oldEmail = user.Email ?? string.Empty;
        var pseudonym = $"removed-{user.Id[..Math.Min(8, user.Id.Length)]}@removed.invalid";
        var files = await db.TaskSubmissions.Where(s => s.UserId == userId && s.StoredFileName != null).Select(s => s.StoredFileName!).ToListAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.Email = user.UserName = pseudonym;
        user.DisplayName = "Removed learner";
        user.PhoneNumber = null;
        user.DeactivatedAt ??= time.GetUtcNow();
        user.MustChangePassword = false;
        Check(await users.UpdateAsync(user));
        if (await users.HasPasswordAsync(user))
        {
            Check(await users.RemovePasswordAsync(user));
        }

        Check(await users.UpdateSecurityStampAsync(user));
        await db.AnswerEvents.Where(e => e.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Response, (string?)null), cancellationToken);
        await db.Attempts.Where(a => a.UserId == userId).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.Response, (string?)null).SetProperty(a => a.RetryResponse, (string?)null).SetProperty(a => a.Feedback, (string?)null).SetProperty(a => a.RetryFeedback, (string?)null),
            cancellationToken);
        await db.TaskSubmissions.Where(t => t.UserId == userId).ExecuteUpdateAsync(
            s => s.SetProperty(t => t.Text, (string?)null).SetProperty(t => t.FileName, (string?)null).SetProperty(t => t.StoredFileName, (string?)null).SetProperty(t => t.Comment, (string?)null),
            cancellationToken);
        await db.SurveyResponses.Where(r => r.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(r => r.UserId, (string?)null), cancellationToken);
        await db.LessonRatings.Where(r => r.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, (string?)null), cancellationToken);
        await db.ClassInvitations.Where(i => i.LearnerId == userId).ExecuteDeleteAsync(cancellationToken);

        // Family links, codes, teachers' messages and sent digests name a learner and a parent together: all go, on either side.
        await db.FamilyLinks.Where(l => l.LearnerId == userId || l.ParentId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.FamilyLinkCodes.Where(c => c.LearnerId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.FamilyMessages.Where(m => m.LearnerId == userId || m.ParentId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.FamilyDigests.Where(d => d.ParentId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.FamilyDigestOptOuts.Where(o => o.ParentId == userId).ExecuteDeleteAsync(cancellationToken);

        // The school account's subject id names the person at the provider; without the link a later school sign-in
        // finds neither it nor the removed address, and starts afresh.
        await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserPasskeys.Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (oldEmail.Length > 0)
        {
            await db.AuditLog.Where(a => a.Details != null && a.Details.Contains(oldEmail)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Details, a => a.Details!.Replace(oldEmail, pseudonym)), cancellationToken);
        }

        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = admin.UserId(), Action = ActionPseudonymise, SubjectUserId = userId, Reason = why, Details = "personal data removed on request; the evidence (right or wrong, skill, time) is kept for class statistics" });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Files go after the commit: a failed transaction must not lose them.
        foreach (var file in files)
        {
            File.Delete(uploads.PathOf(file));
        }

        return await GetAsync(userId, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRow>> AuditAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(a => a.Action == filter.Action);
        }

        if (await PeopleAsync(filter.Actor, cancellationToken) is { } actors)
        {
            query = query.Where(a => actors.Contains(a.ActorId));
        }

        if (await PeopleAsync(filter.Subject, cancellationToken) is { } subjects)
        {
            query = query.Where(a => a.SubjectUserId != null && subjects.Contains(a.SubjectUserId));
        }

        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At < end);
        }

        var entries = await query.OrderByDescending(a => a.Id).Take(AuditLimit).ToListAsync(cancellationToken);
        var ids = entries.Select(a => a.ActorId).Concat(entries.Where(a => a.SubjectUserId != null).Select(a => a.SubjectUserId!)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.UserName ?? u.Id, cancellationToken);
        return entries.Select(a => new AuditRow(a.Id, a.At, names.GetValueOrDefault(a.ActorId, a.ActorId), a.Action, a.SubjectUserId is null ? null : names.GetValueOrDefault(a.SubjectUserId, a.SubjectUserId), a.ClassId, a.Details)).ToList();
    }

    /// <summary>The actions the audit log holds, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> AuditActionsAsync(CancellationToken cancellationToken = default) =>
        await db.AuditLog.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);

    private async Task<TemporaryPassword> ResetAsync(ClaimsPrincipal actor, AppUser user, long? classId, CancellationToken cancellationToken)
    {
        var password = TemporaryPasswords.New();
        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, password));
        user.MustChangePassword = true;
        Check(await users.UpdateAsync(user));
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        await AuditAsync(actor, ActionPasswordReset, user.Id, classId, $"{user.Email}; a temporary password, to be changed at next sign-in", cancellationToken);
        return new TemporaryPassword(await GetAsync(user.Id, cancellationToken), password);
    }

    private async Task<List<string>?> PeopleAsync(string? emailPart, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(emailPart))
        {
            return null;
        }

        var search = emailPart.Trim().ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail!.Contains(search)).Select(u => u.Id).ToListAsync(cancellationToken);
    }

    private async Task<AppUser> FindAsync(string userId, CancellationToken cancellationToken) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw LearningException.NotFound("There is no such user.");

    private async Task<IReadOnlyList<UserRow>> RowsAsync(IReadOnlyList<AppUser> found, CancellationToken cancellationToken)
    {
        var ids = found.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return found.Select(u => new UserRow(
            u.Id,
            u.Email ?? u.UserName ?? string.Empty,
            u.DisplayName,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList(),
            u.DeactivatedAt is null,
            u.MustChangePassword,
            u.CreatedAt,
            u.LockoutEnd > now ? u.LockoutEnd : null)).ToList();
    }

    private async Task AuditAsync(ClaimsPrincipal actor, string action, string subjectUserId, long? classId, string? details, CancellationToken cancellationToken)
    {
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = actor.UserId(), Action = action, SubjectUserId = subjectUserId, ClassId = classId, Details = details });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string CheckEmail(string? email)
    {
        var address = TextInput.Require(email, "email", 256);
        if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address || !address.Contains('.', StringComparison.Ordinal))
        {
            throw LearningException.Invalid($"'{address}' is not an email address.");
        }

        return address;
    }

    private static void CheckRoles(IReadOnlyList<string> roles)
    {
        if (roles.Count == 0)
        {
            throw LearningException.Invalid("Choose at least one role.");
        }

        if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
        {
            throw LearningException.Invalid($"'{unknown}' is not a role; the roles are {string.Join(", ", Roles.All)}.");
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw LearningException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>Text typed into a form: trimmed, required, limited in length, and free of the characters <see cref="ControlCharacters"/> refuses.</summary>
public static class TextInput
{
    public static string Require(string? value, string field, int maxLength, bool isName = false)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw LearningException.Invalid($"Enter the {field}.");
        }

        if (text.Length > maxLength)
        {
            throw LearningException.Invalid($"The {field} is longer than {maxLength} characters.");
        }

        if (ControlCharacters.Find(text, isName) is { } found)
        {
            throw LearningException.Invalid($"The {field} contains {found}; type it again without it.");
        }

        return text;
    }
}
