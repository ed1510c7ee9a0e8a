namespace MasteryPath.Web.Interop;

/// <summary>The retry schedule and error text shared by the outboxes that deliver to other systems (LTI scores, xAPI statements).</summary>
public static class OutboxRetry
{
    /// <summary>The longest wait between two tries.</summary>
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromHours(1);

    /// <summary>The wait before the next try after <paramref name="attempts"/> failed tries: <paramref name="first"/>, doubling, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan first) =>
        TimeSpan.FromTicks(Math.Min(LongestBackoff.Ticks, first.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));

    /// <summary>An error kept on an outbox row, cut to 300 characters.</summary>
    public static string Shorten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
