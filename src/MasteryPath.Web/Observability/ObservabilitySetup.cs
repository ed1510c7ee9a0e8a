using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MasteryPath.Web.Observability;

/// <summary>The "MasteryPath:Observability" configuration section.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "MasteryPath:Observability";

    /// <summary>Serve the metrics at <c>/metrics</c> in Prometheus's text format, without sign-in. Off by default.</summary>
    public bool PrometheusScrape { get; set; }
}

/// <summary>
/// OpenTelemetry for the web app: the answer path's spans and metrics (<see cref="AnswerPathTelemetry"/>) with ASP.NET
/// Core's, exported over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and scraped at <c>/metrics</c>
/// when <see cref="ObservabilityOptions.PrometheusScrape"/> is on. With neither, no provider is registered and the
/// instruments cost nothing.
/// </summary>
public static class ObservabilitySetup
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string PrometheusPath = "/metrics";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<AnswerPathTelemetry>();
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        if (!otlp && !options.PrometheusScrape)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(AnswerPathTelemetry.Name))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AnswerPathTelemetry.Name).AddAspNetCoreInstrumentation();
                if (options.PrometheusScrape)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            // Spans only travel over OTLP; a scrape endpoint alone does not pay for recording them.
            telemetry.WithTracing(tracing => tracing
                .AddSource(AnswerPathTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)));
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Maps the Prometheus scrape endpoint when it is switched on.</summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        if (options.PrometheusScrape)
        {
            app.MapPrometheusScrapingEndpoint(PrometheusPath).AllowAnonymous();
        }

        return app;
    }
}
