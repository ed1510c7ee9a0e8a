using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// One row of a roster change: a learner invited to the class, or found already in it. <c>Code</c> is shown once:
/// the first password when the invitation made the account, else the personal code that accepts the invitation on
/// the join page; the teacher cannot tell which (see <see cref="ClassService"/>). <c>Where</c> is the file and line.
/// </summary>
public sealed record RosterChange(string? LearnerId, long? InvitationId, string Email, string Name, bool AlreadyMember, string? Code, string Where)
{
    public const string StatusInvited = "invited";
    public const string StatusAlreadyMember = "already-member";

    public string Status => AlreadyMember ? StatusAlreadyMember : StatusInvited;
}

/// <summary>What a roster change did: nothing at all when there are problems.</summary>
public sealed record RosterOutcome(IReadOnlyList<RosterProblem> Problems, IReadOnlyList<RosterChange> Learners, IReadOnlyList<string> Notes)
{
    public bool Succeeded => Problems.Count == 0;

    /// <summary>The OneRoster classes to choose from when the upload held several and none was chosen.</summary>
    public IReadOnlyList<OneRosterClassChoice> ClassChoices { get; init; } = [];

    /// <summary>Learners a OneRoster delta removed from the class (their evidence stays), as "name (file:line)".</summary>
    public IReadOnlyList<string> Removed { get; init; } = [];

    public static RosterOutcome Failed(IReadOnlyList<RosterProblem> problems, IReadOnlyList<string>? notes = null) => new(problems, [], notes ?? []);
}

// Consent: a teacher never adds a learner to a class directly. Every email becomes an invitation, whether it names an
// account or not, and the answer (rows, codes, messages, time spent) is the same in both cases, so a roster cannot be
// used to find out which emails have accounts. An unknown email gets a new learner account whose first sign-in
// accepts the invitation; an existing learner accepts on the join page. Until then the teacher sees only what they typed.
public sealed partial class ClassService
{
    public const string ActionInvite = "roster-invite";
    public const string ActionAccountCreated = "account-create-by-roster";

    /// <summary>Invites one learner by email (see the class comment on consent).</summary>
    public async Task<RosterOutcome> AddByEmailAsync(ClaimsPrincipal teacher, long classId, string? email, string? name, string? password = null, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        email = (email ?? string.Empty).Trim();
        name = (name ?? string.Empty).Trim();
        const string where = "email";
        if (email.Length == 0)
        {
            return RosterOutcome.Failed([new RosterProblem(where, 0, "missing email")]);
        }

        foreach (var (field, value, isName) in new[] { ("email", email, false), ("name", name, true), ("password", password ?? string.Empty, false) })
        {
            if (ControlCharacters.Find(value, isName) is { } found)
            {
                return RosterOutcome.Failed([new RosterProblem(where, 0, $"the {field} holds {found}; remove it")]);
            }
        }

        if (!RosterFiles.IsEmail(email))
        {
            return RosterOutcome.Failed([new RosterProblem(where, 0, $"bad email '{email}'")]);
        }

        if (name.Length > RosterFiles.MaxNameLength)
        {
            return RosterOutcome.Failed([new RosterProblem(where, 0, $"the name has more than {RosterFiles.MaxNameLength} characters")]);
        }

        var person = new RosterPerson(email, name.Length > 0 ? name : email[..email.IndexOf('@', StringComparison.Ordinal)], string.IsNullOrEmpty(password) ? null : password, where, 0);
        return await ApplyPaddedAsync(schoolClass, teacher.UserId(), new RosterPlan([person], [], []), "added by email", cancellationToken);
    }

    /// <summary>Imports a roster the teacher uploaded: all of it, or, when any row is bad, nothing.</summary>
    public async Task<RosterOutcome> ImportAsync(ClaimsPrincipal teacher, long classId, Func<SchoolClass, RosterPlan> read, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var plan = read(schoolClass);
        var outcome = await ApplyPaddedAsync(schoolClass, teacher.UserId(), plan, source, cancellationToken);
        return outcome with { ClassChoices = plan.ClassChoices };
    }

    /// <summary>Answers no sooner than the sign-in pad: what a new account costs beyond an invitation (a few writes) disappears under it.</summary>
    private async Task<RosterOutcome> ApplyPaddedAsync(SchoolClass schoolClass, string actorId, RosterPlan plan, string source, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await ApplyAsync(schoolClass, actorId, plan, source, cancellationToken);
        await SignInTiming.PadAsync(started);
        return outcome;
    }

    /// <summary>
    /// Checks every row first (also when the files had problems, so that one report lists them all), then writes
    /// all of it in one transaction, or nothing. Each invited row spends one password hash, whether it makes an
    /// account or not, so the time does not tell either.
    /// </summary>
    private async Task<RosterOutcome> ApplyAsync(SchoolClass schoolClass, string actorId, RosterPlan plan, string source, CancellationToken cancellationToken)
    {
        if (plan.People.Count > RosterFiles.MaxPeople)
        {
            return RosterOutcome.Failed(plan.Problems, plan.Notes);
        }

        var problems = plan.Problems.ToList();
        var keys = plan.People.Where(p => p.Email.Length > 0).Select(p => users.NormalizeEmail(p.Email)).ToList();
        var existing = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null && keys.Contains(u.NormalizedEmail)).ToListAsync(cancellationToken);
        var byEmail = existing.ToDictionary(u => u.NormalizedEmail!, StringComparer.Ordinal);

        // Learners without an email sign in with their username: found by it (an account with an email has it as its user name too).
        var names = plan.People.Where(p => p.Email.Length == 0).Select(p => users.NormalizeName(p.Login)).ToList();
        var byName = (await db.Users.AsNoTracking().Where(u => u.NormalizedUserName != null && names.Contains(u.NormalizedUserName)).ToListAsync(cancellationToken))
            .ToDictionary(u => u.NormalizedUserName!, StringComparer.Ordinal);
        var links = await db.OneRosterLinks.Where(l => l.ClassId == schoolClass.Id).ToDictionaryAsync(l => l.SourcedId, StringComparer.Ordinal, cancellationToken);
        foreach (var reference in plan.References)
        {
            if (!links.ContainsKey(reference.SourcedId))
            {
                problems.Add(new RosterProblem(reference.File, reference.Line, $"user '{RosterFiles.Shorten(reference.SourcedId)}' is not in {RosterFiles.UsersFile} and no earlier import of this class brought them; import the bulk export first"));
            }
        }
        var members = schoolClass.Members.Select(m => m.LearnerId).ToHashSet(StringComparer.Ordinal);
        var pending = await db.ClassInvitations.Where(i => i.ClassId == schoolClass.Id).ToDictionaryAsync(i => i.LearnerId, StringComparer.Ordinal, cancellationToken);
        var now = time.GetUtcNow();

        var rows = new List<InvitedRow>();
        var changes = new List<RosterChange>();
        foreach (var person in plan.People)
        {
            var where = person.Line > 0 ? $"{person.File}:{person.Line}" : person.File;
            var password = person.Password ?? TemporaryPasswords.New();
            var found = person.Email.Length > 0 ? byEmail.GetValueOrDefault(users.NormalizeEmail(person.Email) ?? string.Empty) : byName.GetValueOrDefault(users.NormalizeName(person.Login) ?? string.Empty);
            if (found is { } user)
            {
                if (members.Contains(user.Id))
                {
                    // The teacher sees the class's members anyway: this tells nothing new.
                    changes.Add(new RosterChange(user.Id, null, person.Login, person.Name, true, null, where));
                    continue;
                }

                var invitation = pending.GetValueOrDefault(user.Id);
                if (invitation is { CreatedAccount: true })
                {
                    // This class's own invitation made the account and nobody has signed in to it yet: the teacher
                    // may have lost the first passwords, so a new one is set.
                    if (await PasswordProblemsAsync(user, password) is { } rules)
                    {
                        problems.Add(new RosterProblem(person.File, person.Line, rules));
                        continue;
                    }

                    rows.Add(new InvitedRow(person, where, user, invitation, password, NewAccount: false, ResetPassword: true));
                    continue;
                }

                rows.Add(new InvitedRow(person, where, user, invitation, password, NewAccount: false, ResetPassword: false));
                continue;
            }

            var created = new AppUser { UserName = person.Login, Email = person.Email.Length > 0 ? person.Email : null, EmailConfirmed = true, DisplayName = person.Name, CreatedAt = now, MustChangePassword = person.Password is null };
            var errors = new List<string>();
            foreach (var validator in users.UserValidators)
            {
                var result = await validator.ValidateAsync(users, created);
                errors.AddRange(result.Errors.Select(e => e.Description));
            }

            if (await PasswordProblemsAsync(created, password) is { } passwordRules)
            {
                errors.Add(passwordRules);
            }

            if (errors.Count > 0)
            {
                problems.Add(new RosterProblem(person.File, person.Line, string.Join(" ", errors)));
                continue;
            }

            rows.Add(new InvitedRow(person, where, created, null, password, NewAccount: true, ResetPassword: false));
        }

        if (problems.Count > 0)
        {
            return RosterOutcome.Failed(problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList(), plan.Notes);
        }

        var notes = plan.Notes.ToList();
        var removed = new List<(string LearnerId, string Shown)>();
        var written = new List<(InvitedRow Row, ClassInvitation Invitation)>();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                foreach (var row in rows)
                {
                    if (await WriteAccountAsync(row, actorId, schoolClass.Id) is { } failure)
                    {
                        // Disposing the uncommitted transaction rolls back the accounts made so far.
                        db.ChangeTracker.Clear();
                        return RosterOutcome.Failed([new RosterProblem(row.Person.File, row.Person.Line, failure + " Nothing was imported.")], plan.Notes);
                    }

                    var invitation = row.Pending ?? new ClassInvitation { ClassId = schoolClass.Id, LearnerId = row.User.Id, InvitedById = actorId, Email = row.Person.Login, Name = row.Person.Name, CreatedAccount = row.NewAccount };
                    invitation.InvitedById = actorId;
                    invitation.Email = row.Person.Login;
                    invitation.Name = row.Person.Name;
                    invitation.InvitedAt = now;
                    invitation.CodeHash = row.ShownCode is { } code ? InvitationCodes.Hash(code) : null;
                    if (row.Pending is null)
                    {
                        db.ClassInvitations.Add(invitation);
                    }

                    db.AuditLog.Add(Audit(actorId, ActionInvite, schoolClass.Id, row.User.Id, $"{row.Person.Login}; {source} ({row.Where})"));
                    LinkOneRoster(schoolClass.Id, row.Person.SourcedId, row.User.Id, links);
                    written.Add((row, invitation));
                }

                foreach (var person in plan.People.Where(p => p.SourcedId is not null))
                {
                    var member = changes.FirstOrDefault(c => c.AlreadyMember && c.Where == $"{person.File}:{person.Line}");
                    if (member?.LearnerId is { } memberId)
                    {
                        LinkOneRoster(schoolClass.Id, person.SourcedId, memberId, links);
                    }
                }

                await RemoveOneRosterLearnersAsync(schoolClass, actorId, plan.Removals, links, removed, notes, cancellationToken);
                if (plan.OneRosterClass is { } oneRosterClass && schoolClass.OneRosterSourcedId != oneRosterClass)
                {
                    var tracked = await db.Classes.SingleAsync(c => c.Id == schoolClass.Id, cancellationToken);
                    tracked.OneRosterSourcedId = oneRosterClass;
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException ex)
            {
                logger.LogWarning(ex, "Roster change for class {ClassId} failed; rolled back", schoolClass.Id);
                db.ChangeTracker.Clear();
                return RosterOutcome.Failed([new RosterProblem(source, 0, "the class or an account changed while importing; nothing was imported, please try again")], plan.Notes);
            }
        }

        foreach (var (row, invitation) in written)
        {
            changes.Add(new RosterChange(null, invitation.Id, row.Person.Login, row.Person.Name, false, row.ShownCode, row.Where));
            if (row.Person.Email.Length > 0)
            {
                SendInvitationMail(schoolClass, row.Person.Email);
            }
        }

        if (removed.Count > 0)
        {
            await RefreshSnapshotsAsync([.. removed.Select(r => r.LearnerId)], schoolClass.Courses.Select(c => c.CourseId).ToList(), cancellationToken);
        }

        return new RosterOutcome([], changes, notes) { Removed = removed.Select(r => r.Shown).ToList() };
    }

    private void LinkOneRoster(long classId, string? sourcedId, string learnerId, Dictionary<string, OneRosterLink> links)
    {
        if (sourcedId is null)
        {
            return;
        }

        if (links.TryGetValue(sourcedId, out var link))
        {
            link.LearnerId = learnerId;
            return;
        }

        link = new OneRosterLink { ClassId = classId, SourcedId = sourcedId, LearnerId = learnerId };
        links[sourcedId] = link;
        db.OneRosterLinks.Add(link);
    }

    /// <summary>
    /// A delta's deleted enrollments: the learner leaves the class (or their invitation is withdrawn); their evidence
    /// and enrollments in courses stay, as when the teacher removes them by hand.
    /// </summary>
    private async Task RemoveOneRosterLearnersAsync(SchoolClass schoolClass, string actorId, IReadOnlyList<RosterRemoval> removals, Dictionary<string, OneRosterLink> links, List<(string LearnerId, string Shown)> removed, List<string> notes, CancellationToken cancellationToken)
    {
        foreach (var removal in removals)
        {
            var where = $"{removal.File}:{removal.Line}";
            if (!links.TryGetValue(removal.SourcedId, out var link))
            {
                notes.Add($"{where}: '{RosterFiles.Shorten(removal.SourcedId)}' was never imported into this class; nothing to remove.");
                continue;
            }

            var membership = await db.ClassMemberships.SingleOrDefaultAsync(m => m.ClassId == schoolClass.Id && m.LearnerId == link.LearnerId, cancellationToken);
            var invitation = await db.ClassInvitations.SingleOrDefaultAsync(i => i.ClassId == schoolClass.Id && i.LearnerId == link.LearnerId, cancellationToken);
            var shown = membership is not null
                ? await db.Users.Where(u => u.Id == link.LearnerId).Select(u => u.DisplayName).SingleAsync(cancellationToken)
                : invitation?.Name ?? removal.SourcedId;
            if (membership is not null)
            {
                db.ClassMemberships.Remove(membership);
            }

            if (invitation is not null)
            {
                db.ClassInvitations.Remove(invitation);
            }

            if (membership is null && invitation is null)
            {
                notes.Add($"{where}: '{RosterFiles.Shorten(removal.SourcedId)}' had already left the class.");
                continue;
            }

            db.AuditLog.Add(Audit(actorId, ActionRemove, schoolClass.Id, link.LearnerId, $"OneRoster delta ({where}): enrollment {removal.SourcedId} to be deleted; their evidence and enrollments are kept"));
            removed.Add((link.LearnerId, $"{shown} ({where})"));
        }
    }

    /// <summary>Makes the account, sets its new first password, or (for an account that existed) spends the same time on a hash.</summary>
    private async Task<string?> WriteAccountAsync(InvitedRow row, string actorId, long classId)
    {
        if (row.NewAccount)
        {
            var result = await users.CreateAsync(row.User, row.Password!);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(row.User, Roles.Learner);
            }

            // Kept out of the class's history, which its teacher reads: only admins see which invitation made an account.
            db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = actorId, Action = ActionAccountCreated, SubjectUserId = row.User.Id, Details = $"learner account for {row.User.Email}, invited to class {classId}" });
            return result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Description));
        }

        if (row.ResetPassword)
        {
            var tracked = await users.FindByIdAsync(row.User.Id);
            if (tracked is null)
            {
                return "the account was removed while importing.";
            }

            tracked.PasswordHash = users.PasswordHasher.HashPassword(tracked, row.Password!);
            tracked.MustChangePassword = row.Person.Password is null;
            var result = await users.UpdateSecurityStampAsync(tracked);
            return result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Description));
        }

        timing.SpendAPasswordCheck(row.Person.Email);
        return null;
    }

    private async Task<string?> PasswordProblemsAsync(AppUser user, string password)
    {
        var rules = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            rules.AddRange(result.Errors.Select(e => e.Description));
        }

        return rules.Count > 0 ? $"the password does not meet the rules: {string.Join(" ", rules)}" : null;
    }

    private void SendInvitationMail(SchoolClass schoolClass, string email)
    {
        // One text for everybody: whoever reads the mailbox learns no more than the teacher does.
        mail.Enqueue(new OutgoingMail(
            email,
            $"You are invited to the class {schoolClass.Name} on MasteryPath",
            $"""
            Your teacher invited you to the class "{schoolClass.Name}" on MasteryPath.

            If you already have a MasteryPath account, sign in as usual and open "Join a class": the invitation is waiting
            there for you to accept or decline. Your teacher sees none of your work until you accept.

            If you are new to MasteryPath, your teacher gives you your first password; sign in with this email address.

            If you did not expect this, you can ignore this message.
            """));
    }

    /// <summary>
    /// A checked roster row. <c>Password</c> is the file's password or a generated one: a new account's (or a re-issued)
    /// first password, and for an account that existed the personal invitation code (unused when the file gave one).
    /// <c>ShownCode</c> is what the teacher sees once: a generated one, never the file's.
    /// </summary>
    private sealed record InvitedRow(RosterPerson Person, string Where, AppUser User, ClassInvitation? Pending, string? Password, bool NewAccount, bool ResetPassword)
    {
        public string? ShownCode => Person.Password is not null ? null : Password;
    }
}
