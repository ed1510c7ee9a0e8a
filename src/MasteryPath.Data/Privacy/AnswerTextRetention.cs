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

        // Each batch is one UPDATE of at most batchSize rows; a changed row no longer matches, so the loop ends.
        var events = await InBatchesAsync(
            () => db.AnswerEvents
                .Where(e => e.At < cutoff && e.Response != null && e.Response != Removed)
                .OrderBy(e => e.Sequence).Take(batchSize)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Response, Removed), cancellationToken),
            cancellationToken).ConfigureAwait(false);

        // A question's first answer and its second try age separately: one pass clears whichever is old.
        var attempts = await InBatchesAsync(
            () => db.Attempts
                .Where(a => (a.AnsweredAt < cutoff && a.Response != null && a.Response != Removed)
                    || (a.RetriedAt < cutoff && a.RetryResponse != null && a.RetryResponse != Removed))
                .OrderBy(a => a.Id).Take(batchSize)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(a => a.Response, a => a.AnsweredAt < cutoff && a.Response != null ? Removed : a.Response)
                        .SetProperty(a => a.RetryResponse, a => a.RetriedAt < cutoff && a.RetryResponse != null ? Removed : a.RetryResponse),
                    cancellationToken),
            cancellationToken).ConfigureAwait(false);

        var removal = new AnswerTextRemoval(cutoff, events, attempts);
        if (removal.Total > 0)
        {
            db.AuditLog.Add(new AuditEntry
            {
                At = now,
                ActorId = actorId,
                Action = AuditAction,
                Details = $"the text of answers given before {cutoff:yyyy-MM-dd HH:mm} UTC was removed (retention): {events} answer event(s), {attempts} question(s); right or wrong, skill and time are kept",
            });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return removal;
    }

    private static async Task<int> InBatchesAsync(Func<Task<int>> updateOneBatch, CancellationToken cancellationToken)
    {
        var total = 0;
        int changed;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            changed = await updateOneBatch().ConfigureAwait(false);
            total += changed;
        }
        while (changed > 0);

        return total;
    }
}
