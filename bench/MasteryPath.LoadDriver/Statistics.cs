using HdrHistogram;

namespace MasteryPath.LoadDriver;

/// <summary>p50/p90/p99/max of one kind of request, in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0);
}

/// <summary>
/// Request latencies in an HdrHistogram (microseconds, three significant digits: every percentile is within 0.1 % of
/// the recorded value). Not thread-safe: each simulated learner keeps its own and they are merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>Anything slower than this is recorded as this (HttpClient gives up long before).</summary>
    private static readonly long HighestMicroseconds = (long)TimeSpan.FromMinutes(10).TotalMicroseconds;

    private readonly LongHistogram _histogram = new(HighestMicroseconds, 3);

    public long Count => _histogram.TotalCount;

    public void Record(TimeSpan elapsed) =>
        _histogram.RecordValue(Math.Clamp((long)elapsed.TotalMicroseconds, 1, HighestMicroseconds));

    public void Add(LatencyHistogram other) => _histogram.Add(other._histogram);

    /// <summary>The latency at <paramref name="percentile"/> (0–100), in milliseconds; 0 when nothing was recorded.</summary>
    public double PercentileMs(double percentile) =>
        Count == 0 ? 0 : _histogram.GetValueAtPercentile(percentile) / 1000.0;

    public LatencySummary Summary() => Count == 0
        ? LatencySummary.Empty
        : new LatencySummary(Count, PercentileMs(50), PercentileMs(90), PercentileMs(99), _histogram.GetMaxValue() / 1000.0, _histogram.GetMean() / 1000.0);
}

/// <summary>How many answers a learner had already given in the course when answering: the buckets.</summary>
internal static class HistoryBuckets
{
    /// <summary>Upper bounds (inclusive) of every bucket but the last, which is open.</summary>
    private static readonly int[] UpperBounds = [50, 200, 1000];

    public static readonly IReadOnlyList<string> Labels = ["≤ 50", "51–200", "201–1000", "> 1000"];

    public static int Count => Labels.Count;

    /// <summary>The bucket of an answer given after <paramref name="answersBefore"/> earlier answers.</summary>
    public static int IndexOf(int answersBefore)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(answersBefore);
        for (var i = 0; i < UpperBounds.Length; i++)
        {
            if (answersBefore <= UpperBounds[i])
            {
                return i;
            }
        }

        return UpperBounds.Length;
    }
}

/// <summary>What one simulated learner (or one ceiling loop) measured inside the measurement window.</summary>
internal sealed class Recorder
{
    public LatencyHistogram Answers { get; } = new();

    public LatencyHistogram Opens { get; } = new();

    public LatencyHistogram Maps { get; } = new();

    public LatencyHistogram Ceiling { get; } = new();

    public LatencyHistogram[] AnswersByHistory { get; } = Enumerable.Range(0, HistoryBuckets.Count).Select(_ => new LatencyHistogram()).ToArray();

    /// <summary>Failed requests by "operation status" (e.g. "answer 500", "open HttpRequestException").</summary>
    public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers the server could not read (nothing recorded); the driver then tries another response.</summary>
    public long Unreadable { get; set; }

    /// <summary>Answers the server said it had already recorded (a duplicate submission).</summary>
    public long Duplicates { get; set; }

    public long Correct { get; set; }

    public void RecordAnswer(TimeSpan elapsed, int answersBefore)
    {
        Answers.Record(elapsed);
        AnswersByHistory[HistoryBuckets.IndexOf(answersBefore)].Record(elapsed);
    }

    public void RecordError(string operation, string status)
    {
        var key = $"{operation} {status}";
        Errors[key] = Errors.GetValueOrDefault(key) + 1;
    }

    public long ErrorCount => Errors.Values.Sum();

    public static Recorder Merge(IEnumerable<Recorder> recorders)
    {
        var total = new Recorder();
        foreach (var r in recorders)
        {
            total.Answers.Add(r.Answers);
            total.Opens.Add(r.Opens);
            total.Maps.Add(r.Maps);
            total.Ceiling.Add(r.Ceiling);
            for (var i = 0; i < HistoryBuckets.Count; i++)
            {
                total.AnswersByHistory[i].Add(r.AnswersByHistory[i]);
            }

            foreach (var (key, count) in r.Errors)
            {
                total.Errors[key] = total.Errors.GetValueOrDefault(key) + count;
            }

            total.Unreadable += r.Unreadable;
            total.Duplicates += r.Duplicates;
            total.Correct += r.Correct;
        }

        return total;
    }
}
