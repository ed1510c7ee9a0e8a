using System.Text.Json;
using MasteryPath.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MasteryPath.Web.Nodes;

/// <summary>
/// <c>/health/live</c>: the process answers (no check runs). <c>/health/ready</c>: the database answers and has every
/// migration this build knows. Both anonymous; the JSON names each check and its status, never an exception's text
/// (which could carry a connection string). 200 when healthy, 503 otherwise.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    private const string ReadyTag = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplicationBuilder AddHealthEndpoints(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<MasteryPathDb>("database", tags: [ReadyTag])
            .AddCheck<MigrationsAppliedCheck>("migrations", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithMetadata(new HttpMethodMetadata(["GET"])).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .WithMetadata(new HttpMethodMetadata(["GET"])).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Exception is null ? e.Value.Description : null }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, Json, http.RequestAborted);
    }
}

/// <summary>Healthy when the database has every migration this build knows: a node must not serve an older schema.</summary>
public sealed class MigrationsAppliedCheck(MasteryPathDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        return pending == 0
            ? HealthCheckResult.Healthy("All migrations applied.")
            : new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy, $"{pending} migration(s) pending: run `masterypath migrate`.");
    }
}
