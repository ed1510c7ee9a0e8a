using MasteryPath.LoadDriver;

namespace MasteryPath.Web.Tests;

public class LoadDriverStatisticsTests
{
    [Fact]
    public void Percentiles_of_one_to_a_thousand_milliseconds_are_within_a_tenth_of_a_percent()
    {
        var histogram = new LatencyHistogram();
        foreach (var ms in Enumerable.Range(1, 1000).Reverse())
        {
            histogram.Record(TimeSpan.FromMilliseconds(ms));
        }

        var summary = histogram.Summary();
        Assert.Equal(1000, summary.Count);
        Assert.Equal(500, summary.P50Ms, tolerance: 0.5);
        Assert.Equal(900, summary.P90Ms, tolerance: 0.9);
        Assert.Equal(990, summary.P99Ms, tolerance: 1.0);
        Assert.Equal(1000, summary.MaxMs, tolerance: 1.0);
        Assert.Equal(500.5, summary.MeanMs, tolerance: 0.5);
    }

    [Fact]
    public void One_slow_request_in_a_hundred_is_the_p99_but_not_the_p90()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 98; i++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(5));
        }

        histogram.Record(TimeSpan.FromMilliseconds(800));
        histogram.Record(TimeSpan.FromMilliseconds(900));

        Assert.Equal(5, histogram.PercentileMs(90), tolerance: 0.01);
        Assert.Equal(800, histogram.PercentileMs(99), tolerance: 1);
    }

    [Fact]
    public void An_empty_histogram_reports_zeros()
    {
        Assert.Equal(LatencySummary.Empty, new LatencyHistogram().Summary());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(50, 0)]
    [InlineData(51, 1)]
    [InlineData(200, 1)]
    [InlineData(201, 2)]
    [InlineData(1000, 2)]
    [InlineData(1001, 3)]
    [InlineData(50_000, 3)]
    public void History_lengths_fall_in_the_issue_s_buckets(int answersBefore, int bucket)
    {
        Assert.Equal(bucket, HistoryBuckets.IndexOf(answersBefore));
    }

    [Fact]
    public void Merging_learners_adds_their_answers_buckets_and_errors()
    {
        var a = new Recorder();
        a.RecordAnswer(TimeSpan.FromMilliseconds(2), answersBefore: 10);
        a.RecordAnswer(TimeSpan.FromMilliseconds(4), answersBefore: 1200);
        a.RecordError("answer", "500");
        var b = new Recorder();
        b.RecordAnswer(TimeSpan.FromMilliseconds(6), answersBefore: 11);
        b.RecordError("answer", "500");
        b.RecordError("open", "403");
        b.Unreadable = 3;

        var total = Recorder.Merge([a, b]);

        Assert.Equal(3, total.Answers.Count);
        Assert.Equal(2, total.AnswersByHistory[0].Count);
        Assert.Equal(0, total.AnswersByHistory[1].Count);
        Assert.Equal(1, total.AnswersByHistory[3].Count);
        Assert.Equal(2, total.Errors["answer 500"]);
        Assert.Equal(1, total.Errors["open 403"]);
        Assert.Equal(3, total.ErrorCount);
        Assert.Equal(3, total.Unreadable);
    }

    [Fact]
    public void A_request_counts_only_when_it_started_inside_the_window()
    {
        var window = MeasurementWindow.From(1_000, TimeSpan.Zero, TimeSpan.FromTicks(1));
        Assert.False(window.Contains(999));
        Assert.True(window.Contains(1_000));
        Assert.False(window.Contains(window.End));
        Assert.False(MeasurementWindow.Never.Contains(long.MaxValue - 1));
    }
}

/// <summary>The driver end to end: it starts the built web app on a fresh SQLite file and runs a few learners for two seconds.</summary>
public class LoadDriverSmokeTests
{
    [Fact]
    public async Task A_short_run_on_sqlite_records_answers_without_errors()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var appDll = Path.Combine(RepositoryPaths.Root, "src", "MasteryPath.Web", "bin", configuration, "net10.0", "MasteryPath.Web.dll");
        var settings = new LoadSettings
        {
            Learners = 3,
            Veterans = 1,
            History = 5,
            Warmup = TimeSpan.FromSeconds(0.5),
            Duration = TimeSpan.FromSeconds(2),
            CeilingDuration = TimeSpan.FromSeconds(1),
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        RunResult result;
        await using (var app = await AppUnderTest.StartAsync("sqlite", appDll, postgresAdmin: null, TextWriter.Null, timeout.Token))
        {
            result = await LoadRun.RunAsync(app, settings, TextWriter.Null, timeout.Token);
        }

        Assert.True(result.Answer.Count > 0, "no answer was recorded");
        Assert.True(result.Open.Count >= result.Answer.Count / 2, $"{result.Open.Count} opens for {result.Answer.Count} answers");
        Assert.True(result.ErrorCount == 0, "errors: " + string.Join(", ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        Assert.True(result.AnsweredPerSecond > 0);
        Assert.True(result.HistoryMax >= 5, $"the veteran's history is {result.HistoryMax}");
        Assert.Equal(result.Answer.Count, result.AnswerByHistory.Sum(b => b.Answers));
        Assert.NotNull(result.Ceiling);
        Assert.True(result.Ceiling.RequestsPerSecond > 0);
        Assert.Empty(result.Ceiling.Errors);
        Assert.Contains("\"answeredPerSecond\"", result.ToJson(), StringComparison.Ordinal);

        // The app's CPU in the window, per answer: more than nothing, and no more than every core for the whole window.
        Assert.True(result.AppCpuCores > 0 && result.AppCpuCores <= Environment.ProcessorCount + 0.5, $"app CPU {result.AppCpuCores} cores");
        Assert.Equal(result.AppCpuCores!.Value * settings.Duration.TotalMilliseconds / result.Answer.Count, result.AppCpuMsPerAnswer!.Value, 6);
    }
}
