using System.Security.Cryptography;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Planning;
using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;
using MasteryPath.Web.LearnerModels;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Learning;

/// <summary>
/// The learner's flow through a course: enrolment, placement, practice, hints, mastery checks, reviews, the daily
/// quiz. Every answer is checked on the server, stored as an event together with the new learner state in one
/// transaction, and counted once however often it is submitted.
/// </summary>
public sealed partial class LearningService(MasteryPathDb db, CourseCatalog catalog, TimeProvider time, ILogger<LearningService> logger, LearnerModelRegistry models, LearnerWriteQueue writes, LearnerWriterScope writerScope, Teaching.ClassActivity activity)
{
    public const int DailyQuizLength = 5;
    private const int MaxTransactionAttempts = 8;

    public CourseCatalog Catalog => catalog;

    private LearnerQueries Queries => LearnerQueries.For(db);

    /// <summary>
    /// The current instant to the millisecond: what both databases store exactly (SQLite keeps 0.1 ms, PostgreSQL 1 µs),
    /// so the learner-state snapshot computed from it equals a replay of the stored events.
    /// </summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = time.GetUtcNow();
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        }
    }

    public async Task<Enrollment> EnsureEnrollmentAsync(string userId, string courseId, CancellationToken cancellationToken = default)
    {
        catalog.Get(courseId);
        var enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.UserId == userId && e.CourseId == courseId, cancellationToken);
        if (enrollment is not null)
        {
            return enrollment;
        }

        enrollment = new Enrollment { UserId = userId, CourseId = courseId, EnrolledAt = Now };
        db.Enrollments.Add(enrollment);

        // A refused insert must not end the caller's transaction (PostgreSQL aborts it), even where the caller turned
        // EF's savepoints off: this one is rolled back to and the request goes on.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = true;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return enrollment;
        }
        catch (DbUpdateException)
        {
            // Enrolled concurrently by another request: use that row.
            db.ChangeTracker.Clear();
            return await db.Enrollments.SingleAsync(e => e.UserId == userId && e.CourseId == courseId, cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    public async Task<IReadOnlyList<Enrollment>> EnrollmentsAsync(string userId, CancellationToken cancellationToken = default) =>
        (await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId).ToListAsync(cancellationToken))
            .Where(e => catalog.Find(e.CourseId) is not null)
            .ToList();

    /// <summary>
    /// The learner's state in the course: the saved engine state plus the events after it (usually none), or a replay
    /// of the whole log when the saved state is missing, was computed under another model or policy, or
    /// <paramref name="withHistory"/> asks for the log itself (<see cref="LearnerState.Events"/>).
    /// </summary>
    public async Task<LearnerState> LoadAsync(string userId, string courseId, CancellationToken cancellationToken = default, bool withHistory = false)
    {
        var course = catalog.Get(courseId);
        var model = await models.GetAsync(courseId, cancellationToken);
        var (enrollment, schoolClass, lastEventId) = await EnrollmentWithClassAsync(userId, courseId, cancellationToken);
        var policy = ClassPolicy.For(schoolClass, course);
        var saved = withHistory ? null : RestoreSaved(course, enrollment, model, policy);
        IReadOnlyList<AnswerEventRecord> events = [];
        if (saved is null || enrollment.EngineEventId is not { } included || included != lastEventId)
        {
            var after = 0L;
            if (saved is not null)
            {
                // Behind the log (an event written without the state), or saved before the last event's id was kept.
                var upTo = enrollment.EngineEventId is { } id ? await Queries.SequenceOf(db, userId, courseId, id, cancellationToken) : enrollment.EngineSequence;
                saved = upTo is null ? null : saved;
                after = upTo ?? 0;
            }

            events = await db.AnswerEvents.AsNoTracking()
                .Where(e => e.UserId == userId && e.CourseId == courseId && e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
        }

        return new LearnerState(course, enrollment, events, Now, policy, model, Teaching.ClassBands.Parse(schoolClass?.BandsJson), saved);
    }

    /// <summary>
    /// The (tracked) enrollment, the learner's class for the course (<see cref="ClassOfAsync"/>) and the id of the
    /// learner's last event in the course, in two queries (one without a class): it runs on every open and answer, and
    /// the last event's id spares reading the log when the saved state already includes it (the usual case). SQLite
    /// cannot join the class into the first query (that needs APPLY), hence the lookup by key.
    /// </summary>
    private async Task<(Enrollment Enrollment, SchoolClass? Class, string? LastEventId)> EnrollmentWithClassAsync(string userId, string courseId, CancellationToken cancellationToken)
    {
        var row = await Queries.Row(db, userId, courseId, cancellationToken);
        if (row is not null)
        {
            var schoolClass = row.ClassId is { } classId
                ? await Queries.ClassById(db, classId, cancellationToken)
                : null;
            return (row.Enrollment, schoolClass, row.LastEventId);
        }

        // First visit: enrol (racing requests share one row), then read as usual.
        var enrollment = await EnsureEnrollmentAsync(userId, courseId, cancellationToken);
        return (enrollment, await ClassOfAsync(userId, courseId, cancellationToken), null);
    }

    private LearnerMastery? RestoreSaved(Course course, Enrollment enrollment, ModelInForce model, MasteryPolicy policy)
    {
        if (enrollment.EngineState is not { } bytes || enrollment.SnapshotKey != LearnerSnapshots.KeyFor(course, model, policy))
        {
            return null;
        }

        try
        {
            return LearnerMastery.Restore(course.Graph, model.Model, policy, bytes);
        }
        catch (FormatException ex)
        {
            // A course whose skills changed since: the log is the truth; this load replays it and the next write saves afresh.
            logger.LogInformation(ex, "The saved state of {User} in {Course} cannot be used; replaying the log", enrollment.UserId, course.Id);
            return null;
        }
    }

    /// <summary>
    /// Saves the tracked changes, recording the last new answer event as the point the saved engine state (written by
    /// <see cref="LearnerState.WriteSnapshot"/>) includes. One new event (an answer) is saved in one go, by its id; several
    /// (a placement's decisions) need their sequence numbers to tell the last, known only once they are inserted.
    /// </summary>
    private async Task SaveLearnerAsync(LearnerState state, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<AnswerEventRecord>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 1)
        {
            state.Enrollment.EngineEventId = added[0].EventId;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (added.Count > 1)
        {
            var last = added.MaxBy(e => e.Sequence)!;
            state.Enrollment.EngineEventId = last.EventId;
            state.Enrollment.EngineSequence = Math.Max(state.Enrollment.EngineSequence, last.Sequence);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// On PostgreSQL, tells every node's live dashboards that the learner changed, delivered when the current transaction
    /// commits (and never if it rolls back); SQLite runs one node, which <see cref="Teaching.ClassActivity"/> covers.
    /// </summary>
    private async Task NotifyOtherNodesAsync(string userId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Nodes.LearnerModelChangeListener.LearnerChangedChannel}, {userId})", cancellationToken);
        }
    }

    /// <summary>The class through which the learner takes the course (the most recently joined), if any.</summary>
    public async Task<SchoolClass?> ClassOfAsync(string userId, string courseId, CancellationToken cancellationToken = default)
    {
        return await Queries.ClassOf(db, userId, courseId, cancellationToken);
    }

    public static SkillId ParseSkill(Course course, string skillId)
    {
        if (!SkillId.IsValid(skillId) || !course.Graph.Contains(SkillId.Parse(skillId)))
        {
            throw LearningException.NotFound($"There is no skill '{skillId}' in {course.Title}.");
        }

        return SkillId.Parse(skillId);
    }

    /// <summary>Refuses a skill the learner may not open: every prerequisite must have been mastered.</summary>
    public static SkillStatus RequireUnlocked(LearnerState state, SkillId skill)
    {
        var status = state.Status(skill);
        if (status.State == SkillState.Locked)
        {
            var missing = state.Course.Graph.PrerequisitesOf(skill)
                .Where(p => state.Status(p).MasteredAt is null)
                .Select(p => state.Course.SkillsById[p].Title);
            throw LearningException.Locked($"'{state.Course.SkillsById[skill].Title}' is locked: master {string.Join(", ", missing)} first.");
        }

        return status;
    }

    /// <summary>
    /// The learner's open (unanswered) attempt for the skill and mode, or a new one on a fresh variant. Requests racing
    /// to open one get the same attempt: the database admits one open attempt per skill and mode, and the loser of the
    /// race returns the winner's.
    /// </summary>
    public async Task<Attempt> OpenAttemptAsync(string userId, string courseId, string skillId, AttemptMode mode, CancellationToken cancellationToken = default)
    {
        if (mode is AttemptMode.Placement or AttemptMode.DailyQuiz)
        {
            throw LearningException.Invalid("Placement and daily-quiz questions are chosen by the placement and the quiz.");
        }

        if (Queued)
        {
            return await writes.RunAsync((learning, ct) => learning.OpenAttemptAsync(userId, courseId, skillId, mode, ct), cancellationToken);
        }

        return await UntilOpenedAsync(() => TryOpenAttemptAsync(userId, courseId, skillId, mode, cancellationToken), cancellationToken);
    }

    /// <summary>True when this request hands its learner write to the <see cref="LearnerWriteQueue"/> (SQLite's group commit).</summary>
    private bool Queued => writes.Enabled && !writerScope.IsWriter;

    /// <summary>True on the write queue's writer: its batch transaction is already open.</summary>
    private bool InBatch => writerScope.IsWriter;

    private async Task<Attempt> TryOpenAttemptAsync(string userId, string courseId, string skillId, AttemptMode mode, CancellationToken cancellationToken)
    {

        var state = await LoadAsync(userId, courseId, cancellationToken);
        var skill = ParseSkill(state.Course, skillId);
        var status = RequireUnlocked(state, skill);
        string? group = null;
        switch (mode)
        {
            case AttemptMode.MasteryCheck when status.CheckInProgress > 0:
                group = await db.Attempts.Where(a => a.UserId == userId && a.CourseId == courseId && a.SkillId == skillId && a.Mode == AttemptMode.MasteryCheck && a.AnsweredAt != null)
                    .OrderByDescending(a => a.AnsweredAt).Select(a => a.GroupId).FirstAsync(cancellationToken);
                break;
            case AttemptMode.MasteryCheck when !status.ReadyForCheck:
                throw LearningException.NotReady(status.State == SkillState.Mastered
                    ? "This skill is already mastered."
                    : $"Not ready for the mastery check yet: keep practising until the mastery meter reaches {state.Policy.Probability:P0}.");
            case AttemptMode.MasteryCheck:
                group = NewId();
                break;
            case AttemptMode.Review or AttemptMode.Enrichment when status.MasteredAt is null:
                throw LearningException.NotReady("Reviews and enrichment open once the skill is mastered.");
        }

        var open = await Queries.OpenAttempt(db, userId, courseId, skillId, mode, cancellationToken);
        if (open is not null && (mode != AttemptMode.MasteryCheck || open.GroupId == group || status.CheckInProgress == 0))
        {
            if (mode == AttemptMode.MasteryCheck && open.GroupId != group)
            {
                open.GroupId = group;
                await db.SaveChangesAsync(cancellationToken);
            }

            return open;
        }

        var kind = mode switch
        {
            AttemptMode.MasteryCheck => EvidenceKind.MasteryCheck,
            AttemptMode.Review => EvidenceKind.Review,
            _ => EvidenceKind.Practice,
        };
        var probability = mode == AttemptMode.Enrichment ? 1 : state.Mastery.PredictCorrect(skill);
        return await CreateAttemptAsync(state, skill, mode, kind, group, probability, cancellationToken);
    }

    /// <summary>A new attempt on a fresh variant.</summary>
    /// <exception cref="OpenedConcurrentlyException">When a racing request opened one first (a unique index refused this one).</exception>
    private async Task<Attempt> CreateAttemptAsync(LearnerState state, SkillId skill, AttemptMode mode, EvidenceKind kind, string? group, double probability, CancellationToken cancellationToken, IReadOnlyList<ItemDefinition>? among = null)
    {
        var userId = state.Enrollment.UserId;
        var courseId = state.Course.Id;
        var definitions = among ?? state.Course.ItemsBySkill.GetValueOrDefault(skill) ?? [];

        // Fixed items among the latest questions on the skill are not given again while others are fresh. A template's
        // variant is fresh by its seed (one of a billion), so a skill with only templates needs no lookup of them.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (definitions.Any(d => !d.IsTemplate))
        {
            await foreach (var item in Queries.RecentFixedItems(db, userId, courseId, skill.Value).WithCancellation(cancellationToken))
            {
                seen.Add(item);
            }
        }

        var previous = await Queries.LatestDefinition(db, userId, courseId, skill.Value, cancellationToken);
        var choice = ItemSelector.Choose(definitions, seen, probability, RandomSeed(), previous)
            ?? throw LearningException.NotReady($"'{state.Course.SkillsById[skill].Title}' has no practice items yet.");
        var attempt = NewAttempt(userId, courseId, skill, choice, mode, kind, group, Now);
        db.Attempts.Add(attempt);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return attempt;
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            throw new OpenedConcurrentlyException(ex);
        }
    }

    /// <summary>
    /// A new attempt at a chosen variant, with a random presentation seed of its own: the order and keys its choices are
    /// shown in come from that seed, so nothing carries over from other attempts at the same variant.
    /// </summary>
    public static Attempt NewAttempt(string userId, string courseId, SkillId skill, ItemChoice choice, AttemptMode mode, EvidenceKind kind, string? group, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return new Attempt
        {
            Id = NewId(),
            UserId = userId,
            CourseId = courseId,
            SkillId = skill.Value,
            DefinitionId = choice.DefinitionId,
            Seed = choice.Seed,
            VariantId = choice.VariantId,
            Mode = mode,
            EvidenceKind = kind,
            GroupId = group,
            CreatedAt = now,
            PresentationSeed = unchecked((long)RandomSeed()),
        };
    }

    public async Task<Attempt> GetAttemptAsync(string userId, string attemptId, CancellationToken cancellationToken = default) =>
        await db.Attempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId, cancellationToken)
        ?? throw LearningException.NotFound("There is no such question for you.");

    /// <summary>The attempt's item as its learner sees it (choices in their shown order and keys).</summary>
    public AttemptItem Instantiate(Attempt attempt) => AttemptItem.For(catalog.Get(attempt.CourseId), attempt);

    /// <summary>Shows the next hint; after the last hint, the worked solution. Either makes a correct answer weaker evidence.</summary>
    public async Task<Attempt> RevealHintAsync(string userId, string attemptId, CancellationToken cancellationToken = default)
    {
        var attempt = await db.Attempts.SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId, cancellationToken)
            ?? throw LearningException.NotFound("There is no such question for you.");
        if (attempt.AnsweredAt is not null)
        {
            return attempt;
        }

        if (attempt.Mode is AttemptMode.MasteryCheck or AttemptMode.Placement)
        {
            throw LearningException.NotReady("Hints are not available in a mastery check or the placement.");
        }

        var item = Instantiate(attempt).Item;
        if (attempt.HintsShown < item.Hints.Count)
        {
            attempt.HintsShown++;
        }
        else
        {
            attempt.SolutionShown = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        return attempt;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static ulong RandomSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    private static ulong SeedOf(string id) => Guid.TryParseExact(id, "N", out var guid) ? BitConverter.ToUInt64(guid.ToByteArray()) : (ulong)id.Length;
}

/// <summary>A skill a teacher assigned, with the assignment it came from.</summary>
public sealed record AssignedSkill(string SkillId, string AssignmentTitle, string? Note, DateTimeOffset AssignedAt, DateOnly? DueOn);

public sealed record PlacementProgress(PlacementState State, int Answered, int MaxQuestions, IReadOnlyList<string> PlacedKnown, string? Unit);

public sealed record QuizProgress(int Answered, int Correct, int Length)
{
    public bool Done => Length == 0 || Answered >= Length;
}

/// <summary>A learner's week in a course: answers, focused practice time (<see cref="Domain.Motivation.FocusedTime"/>) and skills newly mastered.</summary>
public sealed record WeekProgress(int Answers, TimeSpan Focused, int SkillsMastered)
{
    public int Minutes => Domain.Motivation.FocusedTime.WholeMinutes(Focused);

    public string FocusedText => Domain.Motivation.FocusedTime.Describe(Focused);
}
