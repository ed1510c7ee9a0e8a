using System.Diagnostics;
using System.Net;

namespace MasteryPath.LoadDriver;

/// <summary>The measurement window in <see cref="Stopwatch"/> timestamps: a request counts when it started inside it.</summary>
internal readonly record struct MeasurementWindow(long Start, long End)
{
    public static MeasurementWindow From(long now, TimeSpan warmup, TimeSpan duration) =>
        new(now + Ticks(warmup), now + Ticks(warmup) + Ticks(duration));

    /// <summary>A window no request falls in: for the veterans' untimed history.</summary>
    public static readonly MeasurementWindow Never = new(long.MaxValue, long.MaxValue);

    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    public bool IsOver => Stopwatch.GetTimestamp() >= End;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

/// <summary>
/// One signed-in learner practising in a loop: pick a skill that is not locked (from the course map, re-read every
/// <see cref="MapEvery"/> answers), open a practice question, answer it. Its own client, cookies and connection.
/// </summary>
internal sealed class SimulatedLearner(SiteClient client, string courseId, Random random) : IDisposable
{
    public const int MapEvery = 25;

    private readonly HashSet<string> _avoid = new(StringComparer.Ordinal);
    private List<string> _skills = [];
    private int _sinceMap;

    /// <summary>Answers this learner has had recorded in the course so far: the history length the next answer is bucketed by.</summary>
    public int History { get; private set; }

    public Recorder Recorder { get; } = new();

    /// <summary>The learner's signed-in client.</summary>
    public SiteClient Client => client;

    /// <summary>Called with the attempt id of every answer the app acknowledged (a 2xx with a verdict), measured or not.</summary>
    public Action<string>? Acknowledged { get; init; }

    /// <summary>One question opened and answered (or one map read, or one failure). Only requests started in <paramref name="window"/> are recorded.</summary>
    public async Task StepAsync(MeasurementWindow window, CancellationToken cancellationToken)
    {
        if (_skills.Count == 0 || _sinceMap >= MapEvery)
        {
            await ReadMapAsync(window, cancellationToken);
            return;
        }

        var skill = _skills[random.Next(_skills.Count)];
        var openedAt = Stopwatch.GetTimestamp();
        var open = await client.PostAsync<AttemptShown>($"/api/courses/{courseId}/skills/{skill}/attempts", new { mode = "Practice" }, cancellationToken);
        if (!Record(window, openedAt, open, Recorder.Opens, "open"))
        {
            if (open.Status is HttpStatusCode.Forbidden or HttpStatusCode.Conflict or HttpStatusCode.NotFound)
            {
                Avoid(skill);
            }

            await PauseAfterFailureAsync(cancellationToken);
            return;
        }

        foreach (var response in Responses.Candidates(open.Body!, random))
        {
            var answeredAt = Stopwatch.GetTimestamp();
            var answer = await client.PostAsync<AnswerReply>($"/api/attempts/{open.Body!.AttemptId}/answer", new { response }, cancellationToken);
            var measured = window.Contains(answeredAt);
            if (!answer.Ok || answer.Body is null)
            {
                if (measured)
                {
                    Recorder.RecordError("answer", StatusOf(answer));
                }

                await PauseAfterFailureAsync(cancellationToken);
                return;
            }

            if (answer.Body.Unreadable is not null)
            {
                if (measured)
                {
                    Recorder.Unreadable++;
                }

                continue;
            }

            Acknowledged?.Invoke(answer.Body.Attempt.AttemptId);
            if (measured)
            {
                Recorder.RecordAnswer(answer.Elapsed, History);
                Recorder.Duplicates += answer.Body.Duplicate ? 1 : 0;
                Recorder.Correct += answer.Body.Attempt.Verdict?.Correct == true ? 1 : 0;
            }

            History++;
            _sinceMap++;
            return;
        }

        // No response of ours could be read for this skill's items: leave it to the others.
        Avoid(skill);
    }

    /// <summary>Signs in and skips the placement, so that the course's first skills are open.</summary>
    public async Task SignInAsync(string email, string password, string course, CancellationToken cancellationToken)
    {
        await client.SignInAsync(email, password, cancellationToken);
        SiteClient.Require(await client.PostAsync<object>($"/api/courses/{course}/placement/skip", null, cancellationToken), $"Skipping the placement of {email}");
    }

    public void Dispose() => client.Dispose();

    private async Task ReadMapAsync(MeasurementWindow window, CancellationToken cancellationToken)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var map = await client.GetAsync<CourseMap>($"/api/courses/{courseId}/map", cancellationToken);
        if (!Record(window, startedAt, map, Recorder.Maps, "map"))
        {
            await PauseAfterFailureAsync(cancellationToken);
            return;
        }

        var open = map.Body!.Skills.Where(s => s.State != "Locked").Select(s => s.Id).ToList();
        if (open.All(_avoid.Contains))
        {
            _avoid.Clear();
        }

        _skills = open.Where(s => !_avoid.Contains(s)).ToList();
        _sinceMap = 0;
        if (_skills.Count == 0)
        {
            if (window.Contains(startedAt))
            {
                Recorder.RecordError("map", "no skill open");
            }

            await PauseAfterFailureAsync(cancellationToken);
        }
    }

    private bool Record<T>(MeasurementWindow window, long startedAt, Timed<T> result, LatencyHistogram histogram, string operation)
    {
        var measured = window.Contains(startedAt);
        if (result.Ok && result.Body is not null)
        {
            if (measured)
            {
                histogram.Record(result.Elapsed);
            }

            return true;
        }

        if (measured)
        {
            Recorder.RecordError(operation, StatusOf(result));
        }

        return false;
    }

    private void Avoid(string skill)
    {
        _avoid.Add(skill);
        _skills.Remove(skill);
    }

    /// <summary>A failing server is not hammered in a tight loop.</summary>
    private static Task PauseAfterFailureAsync(CancellationToken cancellationToken) => Task.Delay(20, cancellationToken);

    /// <summary>"403", "500", or the exception's name: the error table's key (the body is only for setup messages).</summary>
    private static string StatusOf<T>(Timed<T> result) => result.Status == 0
        ? result.Failure ?? "failed"
        : ((int)result.Status).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
