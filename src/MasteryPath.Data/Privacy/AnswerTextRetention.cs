using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Data.Privacy;

/// <summary>What one run of <see cref="AnswerTextRetention.RemoveAsync"/> removed.</summary>
/// <param name="Cutoff">Answers given before this instant lost their text.</param>
/// <param name="AnswerEvents">Answer events whose response was removed.</param>
/// <param name="Attempts">Questions (attempts) whose first answer or second try was removed.</param>
public sealed record AnswerTextRemoval(DateTimeOffset Cutoff, int AnswerEvents, int Attempts)
{
    public int Total => AnswerEvents + Attempts;
}

/// <summary>
/// Storage limitation for the raw text of answers (GDPR art. 5(1)(e), COPPA 312.10): the response a learner gave —
/// typed text, or the choices picked — is replaced by <see cref="Removed"/> once it is older than the retention
/// period, in the answer-event log (<see cref="AnswerEventRecord.Response"/>) and on the question
/// (<see cref="Attempt.Response"/>, <see cref="Attempt.RetryResponse"/>). Everything else stays: right or wrong, the
/// skill, the time, hints, the check, the matched misconception and its (authored) feedback. Replay of learner state
/// never reads the response (<see cref="AnswerEventConversions.ToDomain"/>), so it gives exactly the same state after.
/// </summary>
public static class AnswerTextRetention
{
    /// <summary>
    /// What a removed response holds: the empty string. No answer is ever recorded empty (an empty or blank answer is
    /// unreadable and not stored), and null stays what it was: no response ("I don't know", or no answer yet).
    /// </summary>
    public const string Removed = "";

    /// <summary>The audit action of a run that removed something.</summary>
    public const string AuditAction = "answer-text-removed";

    /// <summary>Rows changed per statement: short transactions, so that answers being written never wait long.</summary>
    public const int DefaultBatchSize = 500;

    /// <summary>True when <paramref name="response"/> was removed by the retention setting.</summary>
    public static bool IsRemoved(string? response) => response is { Length: 0 };

    /// <summary>
    /// Removes the text of every answer given before <paramref name="cutoff"/>, <paramref name="batchSize"/> rows per
    /// statement (each its own transaction), and writes one audit entry by <paramref name="actorId"/> when anything
    /// was removed. Safe to run on several nodes at once: a row is only changed while it still holds text.
    /// </summary>
    public static async Task<AnswerTextRemoval> RemoveAsync(MasteryPathDb db, DateTimeOffset cutoff, string actorId, DateTimeOffset now, int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(actorId);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        cutoff = cutoff.ToUniversalTime();

        var events = 0;
        while (true)
        {
            var batch = await db.AnswerEvents.AsNoTracking()
                .Where(e => e.At < cutoff && e.Response != null && e.Response != Removed)
                .OrderBy(e => e.Sequence).Select(e => e.Sequence).Take(batchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            events += await db.AnswerEvents
                .Where(e => batch.Contains(e.Sequence) && e.Response != null && e.Response != Removed)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Response, Removed), cancellationToken).ConfigureAwait(false);
        }

        var attempts = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var batch = await db.Attempts.AsNoTracking()
                .Where(a => a.AnsweredAt < cutoff && a.Response != null && a.Response != Removed)
                .OrderBy(a => a.Id).Select(a => a.Id).Take(batchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            await db.Attempts
                .Where(a => batch.Contains(a.Id) && a.Response != null && a.Response != Removed)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Response, Removed), cancellationToken).ConfigureAwait(false);
            attempts.UnionWith(batch);
        }

        while (true)
        {
            var batch = await db.Attempts.AsNoTracking()
                .Where(a => a.RetriedAt < cutoff && a.RetryResponse != null && a.RetryResponse != Removed)
                .OrderBy(a => a.Id).Select(a => a.Id).Take(batchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            await db.Attempts
                .Where(a => batch.Contains(a.Id) && a.RetryResponse != null && a.RetryResponse != Removed)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.RetryResponse, Removed), cancellationToken).ConfigureAwait(false);
            attempts.UnionWith(batch);
        }

        var removal = new AnswerTextRemoval(cutoff, events, attempts.Count);
        if (removal.Total > 0)
        {
            db.AuditLog.Add(new AuditEntry
            {
                At = now,
                ActorId = actorId,
                Action = AuditAction,
                Details = $"the text of answers given before {cutoff:yyyy-MM-dd HH:mm} UTC was removed (retention): {events} answer event(s), {attempts.Count} question(s); right or wrong, skill and time are kept",
            });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return removal;
    }
}
