using System.Security.Cryptography;
using MasteryPath.Data;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Learning;

/// <summary>Answering: checking a response, recording it as an event with the new learner state, and teachers' decisions appended to the log.</summary>
public sealed partial class LearningService
{
    /// <summary>
    /// Checks a response and records it. Unreadable input is returned with its message and records nothing. A
    /// second submission of the same attempt returns the first verdict.
    /// </summary>
    public async Task<AnswerReceipt> AnswerAsync(string userId, string attemptId, string? response, CancellationToken cancellationToken = default)
    {
        response = (response ?? string.Empty).Trim();
        if (response.Length > 500)
        {
            throw LearningException.Invalid("That answer is too long (500 characters at most).");
        }

        if (Queued)
        {
            // Judged here, on the request's thread, not on the single writer's: what a question shows and accepts is fixed
            // when it is opened (its definition and seeds). An unreadable answer records nothing and never reaches the queue.
            var opened = await Queries.CommittedAttempt(db, attemptId, userId, cancellationToken)
                ?? throw LearningException.NotFound("There is no such question for you.");
            if (opened.AnsweredAt is not null)
            {
                return new AnswerReceipt(opened, null, Duplicate: true);
            }

            var judged = Judged.Of(opened, Instantiate(opened), response);
            if (!judged.Verdict.IsEvidence)
            {
                return new AnswerReceipt(opened, judged.Verdict.Feedback ?? "That answer could not be read.", Duplicate: false);
            }

            return await writes.RunAsync((learning, ct) => learning.TryAnswerAsync(userId, attemptId, response, dontKnow: false, judged, ct), cancellationToken);
        }

        // An already-answered attempt returns its stored verdict when the retry starts again.
        return await RetryOnConflictAsync(() => TryAnswerAsync(userId, attemptId, response, dontKnow: false, judged: null, cancellationToken), cancellationToken);
    }

    /// <summary>A response judged against the question an attempt showed (<see cref="AttemptItem"/>), with what fixed that question.</summary>
    private sealed record Judged(string DefinitionId, long Seed, long PresentationSeed, AttemptItem Shown, AnswerResult Verdict, string? Recorded)
    {
        public static Judged Of(Attempt attempt, AttemptItem shown, string response)
        {
            var (verdict, recorded) = shown.Judge(response);
            return new Judged(attempt.DefinitionId, attempt.Seed, attempt.PresentationSeed, shown, verdict, recorded);
        }

        /// <summary>True when <paramref name="attempt"/> shows the question this was judged against.</summary>
        public bool Shows(Attempt attempt) =>
            attempt.DefinitionId == DefinitionId && attempt.Seed == Seed && attempt.PresentationSeed == PresentationSeed;
    }

    /// <summary>
    /// Runs a read-modify-write of one learner's state; when another request changed that state first (another tab,
    /// a double click: a unique-key or concurrency conflict), starts again from the committed state.
    /// </summary>
    private async Task<T> RetryOnConflictAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        if (InBatch)
        {
            // Nothing races the single writer (its batch holds SQLite's write lock from the start): a conflict here would
            // recur on a retry, so the write runs once and a failure rolls back only this write (the batch's savepoint).
            db.ChangeTracker.Clear();
            return await write();
        }

        for (var tries = 1; ; tries++)
        {
            db.ChangeTracker.Clear();
            try
            {
                return await write();
            }
            catch (DbUpdateException ex) when (tries < MaxTransactionAttempts)
            {
                logger.LogDebug(ex, "A learner-state write raced another write; retrying ({Try})", tries);
                await Task.Delay(RandomNumberGenerator.GetInt32(5, 20 * tries), cancellationToken);
            }
        }
    }

    /// <summary>Records the first answer; <paramref name="dontKnow"/> records "I don't know" as a miss with no response.</summary>
    /// <remarks>
    /// A failed save ends the answer's transaction (the retry starts a new one; on the writer, its own savepoint for the
    /// write is rolled back to), so EF's savepoint around each save would only add two statements per save: two more
    /// round trips on PostgreSQL.
    /// </remarks>
    private async Task<AnswerReceipt> TryAnswerAsync(string userId, string attemptId, string response, bool dontKnow, Judged? judged, CancellationToken cancellationToken)
    {
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            return await AnswerOnceAsync(userId, attemptId, response, dontKnow, judged, cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    private async Task<AnswerReceipt> AnswerOnceAsync(string userId, string attemptId, string response, bool dontKnow, Judged? judged, CancellationToken cancellationToken)
    {
        await using var transaction = InBatch ? null : await db.Database.BeginTransactionAsync(cancellationToken);
        var attempt = await Queries.Attempt(db, attemptId, userId, cancellationToken)
            ?? throw LearningException.NotFound("There is no such question for you.");
        if (attempt.AnsweredAt is not null)
        {
            return new AnswerReceipt(attempt, null, Duplicate: true);
        }

        if (!dontKnow && (judged is null || !judged.Shows(attempt)))
        {
            judged = Judged.Of(attempt, Instantiate(attempt), response);
        }

        var item = (judged?.Shown ?? Instantiate(attempt)).Item;
        var (verdict, recorded) = dontKnow ? (new AnswerResult(AnswerOutcome.Incorrect), null) : (judged!.Verdict, judged.Recorded);
        if (!verdict.IsEvidence)
        {
            // Unreadable, or the right value in the wrong form: say why; nothing is recorded and the attempt stays open.
            return new AnswerReceipt(attempt, verdict.Feedback ?? "That answer could not be read.", Duplicate: false);
        }

        var state = await LoadAsync(userId, attempt.CourseId, cancellationToken);
        var enrollment = state.Enrollment;
        var skill = SkillId.Parse(attempt.SkillId);
        var before = state.Statuses.ToDictionary(s => s.Skill);
        var mastery = state.Mastery;
        var now = Now;
        var usedHint = attempt.HintsShown > 0 || attempt.SolutionShown;
        var evidence = new AnswerEventRecord
        {
            EventId = attempt.Id,
            UserId = userId,
            CourseId = attempt.CourseId,
            SkillId = attempt.SkillId,
            AlsoSkills = item.SecondarySkills.Count == 0 ? null : string.Join(',', item.SecondarySkills.Select(s => s.Value)),
            Correct = verdict.IsCorrect,
            UsedHint = usedHint,
            Kind = attempt.EvidenceKind,
            At = now,
            CheckId = attempt.Mode == AttemptMode.MasteryCheck ? attempt.GroupId : null,
            VariantId = attempt.VariantId,
            Response = recorded,
        };
        var probabilityBefore = mastery.Probability(skill);
        mastery.Apply(LearnerState.ToDomain(evidence));
        db.AnswerEvents.Add(evidence);

        attempt.AnsweredAt = now;
        attempt.Response = recorded;
        attempt.DontKnow = dontKnow;
        attempt.Outcome = verdict.Outcome;
        attempt.Feedback = verdict.Feedback;
        attempt.Misconception = verdict.Misconception;
        attempt.ProbabilityBefore = probabilityBefore;
        attempt.ProbabilityAfter = mastery.Probability(skill);

        if (!verdict.IsCorrect && RevealsNow(state.Course.Feedback, attempt.Mode, attempt.Retries))
        {
            attempt.SolutionShown = true;
        }

        if (attempt.Mode == AttemptMode.Placement && attempt.GroupId is not null)
        {
            await FinishPlacementIfDoneAsync(state, enrollment, mastery, attempt, verdict.IsCorrect, now, cancellationToken);
        }

        var after = mastery.Statuses(now);
        var statusBefore = before[skill];
        var statusAfter = after.First(s => s.Skill == skill);
        if (attempt.Mode == AttemptMode.MasteryCheck)
        {
            attempt.CheckOutcome = statusAfter.MasteredAt is not null && statusBefore.MasteredAt != statusAfter.MasteredAt ? CheckOutcome.Passed
                : statusAfter.ChecksFailedInARow > statusBefore.ChecksFailedInARow ? CheckOutcome.Failed
                : CheckOutcome.None;
        }

        var unlocked = after.Where(s => s.State != SkillState.Locked && before[s.Skill].State == SkillState.Locked).Select(s => s.Skill.Value).ToList();
        attempt.Unlocked = unlocked.Count == 0 ? null : string.Join(',', unlocked);

        state.WriteSnapshot(after);
        enrollment.LastActivityAt = now;

        await SaveLearnerAsync(state, cancellationToken);
        if (transaction is not null)
        {
            await NotifyOtherNodesAsync(userId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            activity.LearnerChanged(userId);
        }
        else
        {
            writerScope.AfterCommit(() => activity.LearnerChanged(userId));
        }

        return new AnswerReceipt(attempt, null, Duplicate: false);
    }

    /// <summary>
    /// Appends decision events (a teacher's resets) for the learner, with the new state, in one transaction;
    /// <paramref name="changeEnrollment"/> may change the enrollment in the same transaction.
    /// </summary>
    public Task AppendDecisionsAsync(string userId, string courseId, IReadOnlyList<SkillId> skills, EvidenceKind kind, Action<Enrollment>? changeEnrollment, CancellationToken cancellationToken = default, bool correct = false) =>
        AppendDecisionsAsync(userId, courseId, skills, kind, correct, $"{kind.ToString().ToLowerInvariant()}-{NewId()}", (enrollment, _) =>
        {
            changeEnrollment?.Invoke(enrollment);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Appends decision events with the verdict <paramref name="correct"/> (an accepted task's Assessed events) for the
    /// learner, with the new state, in one transaction. Each event's id is "<paramref name="decisionId"/>:skill", so
    /// a decision applied twice counts once. <paramref name="alsoInTransaction"/> may change the (tracked) enrollment
    /// and write more rows in the same transaction; it runs again when the transaction is retried.
    /// </summary>
    public Task AppendDecisionsAsync(string userId, string courseId, IReadOnlyList<SkillId> skills, EvidenceKind kind, bool correct, string decisionId, Func<Enrollment, CancellationToken, Task>? alsoInTransaction, CancellationToken cancellationToken = default) =>
        RetryOnConflictAsync(
            async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var state = await LoadAsync(userId, courseId, cancellationToken);
                var now = Now;
                var ids = skills.Select(skill => $"{decisionId}:{skill}").ToList();
                var logged = (await db.AnswerEvents.AsNoTracking()
                    .Where(e => e.UserId == userId && e.CourseId == courseId && ids.Contains(e.EventId))
                    .Select(e => e.EventId)
                    .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
                foreach (var skill in skills)
                {
                    var record = new AnswerEventRecord { EventId = $"{decisionId}:{skill}", UserId = userId, CourseId = courseId, SkillId = skill.Value, Correct = correct, Kind = kind, At = now };
                    if (!logged.Contains(record.EventId) && state.Mastery.Apply(LearnerState.ToDomain(record)))
                    {
                        db.AnswerEvents.Add(record);
                    }
                }

                if (alsoInTransaction is not null)
                {
                    await alsoInTransaction(state.Enrollment, cancellationToken);
                }

                state.WriteSnapshot(state.Mastery.Statuses(now));
                await SaveLearnerAsync(state, cancellationToken);
                await NotifyOtherNodesAsync(userId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                activity.LearnerChanged(userId);
                return true;
            },
            cancellationToken);
}

/// <summary>The result of submitting an answer.</summary>
/// <param name="Attempt">The attempt, with its verdict when answered.</param>
/// <param name="Unreadable">Why the input could not be read; nothing was recorded.</param>
/// <param name="Duplicate">True when this attempt had already been answered: the first verdict stands.</param>
public sealed record AnswerReceipt(Attempt Attempt, string? Unreadable, bool Duplicate);
