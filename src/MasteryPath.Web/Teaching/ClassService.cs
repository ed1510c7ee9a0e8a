using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// A learner a roster change added (or found already in the class); <c>TemporaryPassword</c> is the generated
/// first password of a new account, shown once, and null otherwise; <c>Where</c> is the roster's file and line.
/// </summary>
public sealed record RosterChange(string LearnerId, string Email, string Name, bool AccountCreated, string? TemporaryPassword, bool AlreadyMember, string Where);

/// <summary>What a roster change did: nothing at all when there are problems.</summary>
public sealed record RosterOutcome(IReadOnlyList<RosterProblem> Problems, IReadOnlyList<RosterChange> Learners, IReadOnlyList<string> Notes)
{
    public bool Succeeded => Problems.Count == 0;

    public static RosterOutcome Failed(IReadOnlyList<RosterProblem> problems, IReadOnlyList<string>? notes = null) => new(problems, [], notes ?? []);
}

/// <summary>A learner of a class as the roster page lists them.</summary>
public sealed record ClassMember(string LearnerId, string Name, string Email, DateTimeOffset JoinedAt);

/// <summary>
/// Classes and their rosters: create a class and change its settings, add learners (by email, join code or an
/// uploaded roster), remove them. Teachers touch only their own classes (admins any); every roster change
/// writes an <see cref="AuditEntry"/>.
/// </summary>
public sealed class ClassService(MasteryPathDb db, CourseCatalog catalog, TeachingService teaching, LearningService learning, UserManager<AppUser> users, TimeProvider time, ILogger<ClassService> logger)
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

    /// <summary>Adds one learner by email: an existing learner account joins; an unknown email gets a new account with a temporary password.</summary>
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
        return await ApplyAsync(schoolClass, teacher.UserId(), new RosterPlan([person], [], []), "added by email", cancellationToken);
    }

    /// <summary>Imports a roster the teacher uploaded: all of it, or, when any row is bad, nothing.</summary>
    public async Task<RosterOutcome> ImportAsync(ClaimsPrincipal teacher, long classId, Func<SchoolClass, RosterPlan> read, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var plan = read(schoolClass);
        return await ApplyAsync(schoolClass, teacher.UserId(), plan, source, cancellationToken);
    }

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

    /// <summary>A learner joins the class whose join code they typed, and is enrolled in its courses.</summary>
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

        var schoolClass = await db.Classes.AsNoTracking().Include(c => c.Courses).SingleOrDefaultAsync(c => c.JoinCode == normalized, cancellationToken)
            ?? throw LearningException.NotFound($"No class has the code {normalized}. Check it with your teacher: codes change when a teacher makes a new one.");
        var learnerId = learner.UserId();
        if (await db.ClassMemberships.AnyAsync(m => m.ClassId == schoolClass.Id && m.LearnerId == learnerId, cancellationToken))
        {
            return (schoolClass, true);
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.ClassMemberships.Add(new ClassMembership { ClassId = schoolClass.Id, LearnerId = learnerId, JoinedAt = time.GetUtcNow() });
            await AddEnrollmentsAsync([learnerId], schoolClass.Courses.Select(c => c.CourseId).ToList(), cancellationToken);
            db.AuditLog.Add(Audit(learnerId, ActionJoin, schoolClass.Id, learnerId, $"join code {normalized}"));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.ClassMemberships.AnyAsync(m => m.ClassId == schoolClass.Id && m.LearnerId == learnerId, cancellationToken))
            {
                // A double click joined already.
                return (schoolClass, true);
            }

            throw;
        }

        await RefreshSnapshotsAsync([learnerId], schoolClass.Courses.Select(c => c.CourseId).ToList(), cancellationToken);
        return (schoolClass, false);
    }

    /// <summary>
    /// Checks the plan's learners against the accounts in the database (also when the files had problems, so that
    /// one report lists them all), then writes all of it in one transaction, or nothing.
    /// </summary>
    private async Task<RosterOutcome> ApplyAsync(SchoolClass schoolClass, string actorId, RosterPlan plan, string source, CancellationToken cancellationToken)
    {
        if (plan.People.Count > RosterFiles.MaxPeople)
        {
            return RosterOutcome.Failed(plan.Problems, plan.Notes);
        }

        var problems = plan.Problems.ToList();
        var keys = plan.People.Select(p => users.NormalizeEmail(p.Email)).ToList();
        var existing = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null && keys.Contains(u.NormalizedEmail)).ToListAsync(cancellationToken);
        var byEmail = existing.ToDictionary(u => u.NormalizedEmail!, StringComparer.Ordinal);
        var existingIds = existing.Select(u => u.Id).ToList();
        var learnerRole = await db.Roles.Where(r => r.Name == Roles.Learner).Select(r => r.Id).SingleAsync(cancellationToken);
        var learners = (await db.UserRoles.Where(r => r.RoleId == learnerRole && existingIds.Contains(r.UserId)).Select(r => r.UserId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var members = schoolClass.Members.Select(m => m.LearnerId).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();

        var toCreate = new List<(RosterPerson Person, AppUser User, string Password, bool Generated)>();
        var toAdd = new List<(RosterPerson Person, AppUser User, bool Created)>();
        var changes = new List<RosterChange>();
        var notes = plan.Notes.ToList();
        foreach (var person in plan.People)
        {
            var where = person.Line > 0 ? $"{person.File}:{person.Line}" : person.File;
            if (byEmail.TryGetValue(users.NormalizeEmail(person.Email) ?? string.Empty, out var user))
            {
                if (!learners.Contains(user.Id))
                {
                    problems.Add(new RosterProblem(person.File, person.Line, $"{person.Email} is a teacher or admin account, not a learner"));
                }
                else if (members.Contains(user.Id))
                {
                    changes.Add(new RosterChange(user.Id, user.Email ?? person.Email, user.DisplayName, false, null, true, where));
                }
                else
                {
                    toAdd.Add((person, user, false));
                    if (person.Password is not null)
                    {
                        notes.Add($"{where}: {person.Email} already has an account; its password was left unchanged.");
                    }
                }

                continue;
            }

            var created = new AppUser { UserName = person.Email, Email = person.Email, EmailConfirmed = true, DisplayName = person.Name, CreatedAt = now, MustChangePassword = person.Password is null };
            var errors = new List<string>();
            foreach (var validator in users.UserValidators)
            {
                var result = await validator.ValidateAsync(users, created);
                errors.AddRange(result.Errors.Select(e => e.Description));
            }

            var password = person.Password ?? TemporaryPasswords.New();
            if (person.Password is not null)
            {
                var rules = new List<string>();
                foreach (var validator in users.PasswordValidators)
                {
                    var result = await validator.ValidateAsync(users, created, password);
                    rules.AddRange(result.Errors.Select(e => e.Description));
                }

                if (rules.Count > 0)
                {
                    errors.Add($"the password does not meet the rules: {string.Join(" ", rules)}");
                }
            }

            if (errors.Count > 0)
            {
                problems.Add(new RosterProblem(person.File, person.Line, string.Join(" ", errors)));
                continue;
            }

            toCreate.Add((person, created, password, person.Password is null));
            toAdd.Add((person, created, true));
        }

        if (problems.Count > 0)
        {
            return RosterOutcome.Failed(problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList(), notes);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                foreach (var (person, user, password, _) in toCreate)
                {
                    var result = await users.CreateAsync(user, password);
                    if (result.Succeeded)
                    {
                        result = await users.AddToRoleAsync(user, Roles.Learner);
                    }

                    if (!result.Succeeded)
                    {
                        // Disposing the uncommitted transaction rolls back the accounts created so far.
                        db.ChangeTracker.Clear();
                        return RosterOutcome.Failed([new RosterProblem(person.File, person.Line, string.Join(" ", result.Errors.Select(e => e.Description)) + " Nothing was imported.")], notes);
                    }
                }

                foreach (var (person, user, created) in toAdd)
                {
                    db.ClassMemberships.Add(new ClassMembership { ClassId = schoolClass.Id, LearnerId = user.Id, JoinedAt = now });
                    var where = person.Line > 0 ? $"{person.File}:{person.Line}" : person.File;
                    db.AuditLog.Add(Audit(actorId, ActionAdd, schoolClass.Id, user.Id, $"{user.Email}; {source} ({where}){(created ? "; account created" : "")}"));
                }

                await AddEnrollmentsAsync(toAdd.Select(a => a.User.Id).ToList(), schoolClass.Courses.Select(c => c.CourseId).ToList(), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException ex)
            {
                logger.LogWarning(ex, "Roster change for class {ClassId} failed; rolled back", schoolClass.Id);
                db.ChangeTracker.Clear();
                return RosterOutcome.Failed([new RosterProblem(source, 0, "the class or an account changed while importing; nothing was imported, please try again")], notes);
            }
        }

        var passwords = toCreate.ToDictionary(c => c.User.Id, c => c.Generated ? c.Password : null, StringComparer.Ordinal);
        foreach (var (person, user, created) in toAdd)
        {
            var where = person.Line > 0 ? $"{person.File}:{person.Line}" : person.File;
            changes.Add(new RosterChange(user.Id, user.Email ?? person.Email, user.DisplayName, created, created ? passwords[user.Id] : null, false, where));
        }

        await RefreshSnapshotsAsync(toAdd.Select(a => a.User.Id).ToList(), schoolClass.Courses.Select(c => c.CourseId).ToList(), cancellationToken);
        return new RosterOutcome([], changes, notes);
    }

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
