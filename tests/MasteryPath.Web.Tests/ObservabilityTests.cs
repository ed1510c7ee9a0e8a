using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using MasteryPath.Web.Observability;
using Microsoft.Extensions.DependencyInjection;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The answer path's metrics and spans, observed while a learner answers through the API; the health endpoints.</summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Answering_through_the_api_counts_the_answer_by_outcome_and_mode_times_it_and_wraps_it_in_a_span()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite);
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, string?> Tags)>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AnswerPathTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            measured.Add((instrument.Name, value, copy));
        }

        meterListener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        meterListener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        meterListener.Start();
        var spans = new ConcurrentBag<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AnswerPathTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activityListener);

        using var learner = await app.SignInAsync("ada@example.com");
        await learner.SkipPlacementAsync(Algebra);
        var attempt = await learner.OpenAttemptAsync(Algebra, RootSkill);
        var answered = await learner.AnswerCorrectlyAsync(attempt.AttemptId);
        Assert.True(answered.Attempt.Verdict!.Correct);

        var answers = measured.Where(m => m.Instrument == AnswerPathTelemetry.AnswersCounter).ToList();
        var answer = Assert.Single(answers);
        Assert.Equal(1, answer.Value);
        Assert.Equal("correct", answer.Tags["outcome"]);
        Assert.Equal("Practice", answer.Tags["mode"]);
        Assert.Equal("api", answer.Tags["via"]);
        var duration = Assert.Single(measured, m => m.Instrument == AnswerPathTelemetry.AnswerDurationHistogram);
        Assert.InRange(duration.Value, 0.000001, 60);
        var opened = Assert.Single(measured, m => m.Instrument == AnswerPathTelemetry.AttemptsOpenedCounter);
        Assert.Equal("Practice", opened.Tags["mode"]);

        var span = Assert.Single(spans, s => s.OperationName == AnswerPathTelemetry.AnswerSpan && (string?)s.GetTagItem("masterypath.attempt_id") == attempt.AttemptId);
        Assert.Equal("correct", span.GetTagItem("masterypath.outcome"));
        Assert.Contains(spans, s => s.OperationName == AnswerPathTelemetry.OpenAttemptSpan);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_sign_in_and_ready_checks_the_database_and_migrations()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite);
        using var anonymous = app.Anonymous();
        using var live = await anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("migrations").GetProperty("status").GetString());
    }
}
