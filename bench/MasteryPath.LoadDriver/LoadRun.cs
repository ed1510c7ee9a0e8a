using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MasteryPath.LoadDriver;

/// <summary>What to run: the target and the load.</summary>
internal sealed record LoadSettings
{
    public int Learners { get; init; } = 4;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int Veterans { get; init; }

    public int History { get; init; }

    public string Course { get; init; } = "algebra-1";

    public TimeSpan CeilingDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The trivial endpoint; null tries /health, then /app.css (a static file).</summary>
    public string? CeilingPath { get; init; }

    public string TeacherEmail { get; init; } = "teacher@example.com";

    public string TeacherPassword { get; init; } = "Mastery-demo-1";

    public int Seed { get; init; } = 1;
}

/// <summary>
/// A whole run against one app: a class and its learners created through the API, the veterans' history answered,
/// the timed run (warm-up, then the measured window), then the trivial endpoint at the same concurrency.
/// </summary>
internal static class LoadRun
{
    public const string LearnerPassword = "Load-driver-1";

    private const int RosterChunk = 50;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    public static async Task<RunResult> RunAsync(AppUnderTest app, LoadSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var learners = await CreateClassAsync(app.Urls, settings, log, cancellationToken);
        try
        {
            await AnswerVeteransHistoryAsync(learners.Take(settings.Veterans).ToList(), settings.History, log, cancellationToken);

            await log.WriteLineAsync($"Running {settings.Learners} learner(s): {settings.Warmup.TotalSeconds:0.#} s warm-up, {settings.Duration.TotalSeconds:0.#} s measured");
            var window = MeasurementWindow.From(Stopwatch.GetTimestamp(), settings.Warmup, settings.Duration);
            var appCpu = MeasureAppCpuAsync(app, settings, cancellationToken);
            await Task.WhenAll(learners.Select(l => Task.Run(
                async () =>
                {
                    while (!window.IsOver && !cancellationToken.IsCancellationRequested)
                    {
                        await l.StepAsync(window, cancellationToken);
                    }
                },
                cancellationToken)));
            var total = Recorder.Merge(learners.Select(l => l.Recorder));

            var cpu = await appCpu;
            var ceiling = await MeasureCeilingAsync(app.Url, settings, log, cancellationToken);
            return RunResult.From(app, settings, total, learners.Select(l => l.History).ToList(), ceiling, cpu);
        }
        finally
        {
            learners.ForEach(l => l.Dispose());
        }
    }

    /// <summary>The teacher signs in, creates a class on the course and imports a roster of new learners; each learner signs in and skips the placement.</summary>
    internal static Task<List<SimulatedLearner>> CreateClassAsync(Uri url, LoadSettings settings, TextWriter log, CancellationToken cancellationToken, Action<string>? acknowledged = null) =>
        CreateClassAsync([url], settings, log, cancellationToken, acknowledged);

    /// <summary>As above, with the learners spread round-robin over the app's <paramref name="urls"/> (its nodes).</summary>
    internal static async Task<List<SimulatedLearner>> CreateClassAsync(IReadOnlyList<Uri> urls, LoadSettings settings, TextWriter log, CancellationToken cancellationToken, Action<string>? acknowledged = null)
    {
        var url = urls[0];
        var run = Guid.NewGuid().ToString("N")[..8];
        using var teacher = new SiteClient(url, RequestTimeout);
        await teacher.SignInAsync(settings.TeacherEmail, settings.TeacherPassword, cancellationToken);
        var created = SiteClient.Require(
            await teacher.PostAsync<ClassCreated>("/api/teach/classes", new { name = $"Load run {run}", courses = new[] { settings.Course } }, cancellationToken),
            "Creating the class");
        await log.WriteLineAsync($"Class {created.Id} on {settings.Course}; importing {settings.Learners} learner(s)");

        var emails = Enumerable.Range(1, settings.Learners).Select(i => $"load-{run}-{i}@example.com").ToList();
        foreach (var chunk in emails.Chunk(RosterChunk))
        {
            var csv = new StringBuilder("email,name,password\n");
            foreach (var email in chunk)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{email},Load learner {email.Split('@')[0]},{LearnerPassword}\n");
            }

            var roster = SiteClient.Require(
                await teacher.PostAsync<RosterResult>($"/api/teach/classes/{created.Id}/roster", new { csv = csv.ToString() }, cancellationToken),
                "Importing the roster");
            // New accounts are invited; their first sign-in (below) accepts.
            if (roster.Learners.Count != chunk.Length || roster.Learners.Any(l => l.Status != "invited"))
            {
                throw new InvalidOperationException($"The roster import invited {roster.Learners.Count(l => l.Status == "invited")} of {chunk.Length} learners.");
            }
        }

        var random = new Random(settings.Seed);
        var learners = emails.Select((_, i) => new SimulatedLearner(new SiteClient(urls[i % urls.Count], RequestTimeout), settings.Course, new Random(random.Next())) { Acknowledged = acknowledged }).ToList();
        var clients = emails.Zip(learners).ToList();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, clients.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var (email, learner) = clients[i];
                await learner.SignInAsync(email, LearnerPassword, settings.Course, token);
            });
        await log.WriteLineAsync($"{learners.Count} learner(s) signed in, placement skipped");
        return learners;
    }

    /// <summary>The veterans answer <paramref name="history"/> questions each through the API before the timed run (not measured).</summary>
    private static async Task AnswerVeteransHistoryAsync(IReadOnlyList<SimulatedLearner> veterans, int history, TextWriter log, CancellationToken cancellationToken)
    {
        if (veterans.Count == 0 || history <= 0)
        {
            return;
        }

        await log.WriteLineAsync($"{veterans.Count} veteran(s) answer {history} question(s) each before the run");
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(veterans.Select(v => Task.Run(
            async () =>
            {
                var failures = 0;
                while (v.History < history && !cancellationToken.IsCancellationRequested)
                {
                    var before = v.History;
                    await v.StepAsync(MeasurementWindow.Never, cancellationToken);
                    failures = v.History > before ? 0 : failures + 1;
                    if (failures > 200)
                    {
                        throw new InvalidOperationException($"A veteran stopped getting answers recorded at {v.History} answers.");
                    }
                }
            },
            cancellationToken)));
        await log.WriteLineAsync($"Veterans' history answered in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    /// <summary>The CPU time the app's processes used in the measured window (null when the driver did not start the app).</summary>
    private static async Task<TimeSpan?> MeasureAppCpuAsync(AppUnderTest app, LoadSettings settings, CancellationToken cancellationToken)
    {
        await Task.Delay(settings.Warmup, cancellationToken);
        var before = app.CpuTime();
        await Task.Delay(settings.Duration, cancellationToken);
        return app.CpuTime() - before;
    }

    private static async Task<CeilingResult?> MeasureCeilingAsync(Uri url, LoadSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        if (settings.CeilingDuration <= TimeSpan.Zero)
        {
            return null;
        }

        var clients = Enumerable.Range(0, settings.Learners).Select(_ => new SiteClient(url, RequestTimeout)).ToList();
        try
        {
            var path = settings.CeilingPath ?? await FindCeilingPathAsync(clients[0], cancellationToken);
            await log.WriteLineAsync($"Ceiling: GET {path} by {clients.Count} concurrent client(s) for {settings.CeilingDuration.TotalSeconds:0.#} s");
            var window = MeasurementWindow.From(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(1), settings.CeilingDuration);
            var recorders = await Task.WhenAll(clients.Select(c => Task.Run(
                async () =>
                {
                    var recorder = new Recorder();
                    while (!window.IsOver && !cancellationToken.IsCancellationRequested)
                    {
                        var startedAt = Stopwatch.GetTimestamp();
                        var result = await c.GetRawAsync(path, cancellationToken);
                        if (!window.Contains(startedAt))
                        {
                            continue;
                        }

                        if (result.Ok)
                        {
                            recorder.Ceiling.Record(result.Elapsed);
                        }
                        else
                        {
                            recorder.RecordError("ceiling", result.Failure!);
                        }
                    }

                    return recorder;
                },
                cancellationToken)));
            var total = Recorder.Merge(recorders);
            return new CeilingResult(path, total.Ceiling.Count / settings.CeilingDuration.TotalSeconds, total.Ceiling.Summary(), total.Errors);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static async Task<string> FindCeilingPathAsync(SiteClient client, CancellationToken cancellationToken)
    {
        foreach (var path in new[] { "/health", "/app.css" })
        {
            if ((await client.GetRawAsync(path, cancellationToken)).Ok)
            {
                return path;
            }
        }

        throw new InvalidOperationException("Neither /health nor /app.css answers without signing in: pass --ceiling-path.");
    }
}
