using System.Diagnostics;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Observability;

/// <summary>
/// Wraps an answer endpoint (JSON or form) in a "masterypath.answer" span and records the answer's outcome, mode and
/// duration. The handler tells the outcome through <see cref="AnswerOutcomeNote"/>; a refused answer
/// (<see cref="LearningException"/>) counts as "refused", any other exception as "failed".
/// </summary>
public sealed class AnswerTelemetryFilter(AnswerPathTelemetry telemetry, string via) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var activity = AnswerPathTelemetry.Source.StartActivity(AnswerPathTelemetry.AnswerSpan);
        activity?.SetTag("masterypath.via", via);
        if (context.HttpContext.GetRouteValue("attemptId") is string attemptId)
        {
            activity?.SetTag("masterypath.attempt_id", attemptId);
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await next(context);
            outcome = AnswerOutcomeNote.Of(context.HttpContext)?.Outcome ?? "refused";
            return result;
        }
        catch (LearningException)
        {
            outcome = "refused";
            throw;
        }
        catch (Exception ex)
        {
            outcome = "failed";
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            var mode = AnswerOutcomeNote.Of(context.HttpContext)?.Mode ?? "unknown";
            var tags = new TagList { { "outcome", outcome }, { "mode", mode }, { "via", via } };
            telemetry.Answers.Add(1, tags);
            telemetry.AnswerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("masterypath.outcome", outcome);
            activity?.SetTag("masterypath.mode", mode);
        }
    }
}

/// <summary>
/// Wraps an endpoint that puts a question in front of a learner in a "masterypath.attempt.open" span and counts it by
/// mode: the mode of the returned question (JSON) or the one the route stands for (links).
/// </summary>
public sealed class OpenAttemptTelemetryFilter(AnswerPathTelemetry telemetry, string via, string? fixedMode) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var activity = AnswerPathTelemetry.Source.StartActivity(AnswerPathTelemetry.OpenAttemptSpan);
        activity?.SetTag("masterypath.via", via);
        try
        {
            var result = await next(context);
            if (ModeOf(result) is { } mode)
            {
                telemetry.AttemptsOpened.Add(1, new TagList { { "mode", mode }, { "via", via } });
                activity?.SetTag("masterypath.mode", mode);
            }

            return result;
        }
        catch (Exception ex) when (ex is not LearningException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private string? ModeOf(object? result)
    {
        var inner = result is INestedHttpResult nested ? nested.Result : result as IResult;
        if (inner is IStatusCodeHttpResult { StatusCode: >= 400 })
        {
            return null;
        }

        return inner is IValueHttpResult { Value: AttemptView view } ? view.Mode : fixedMode;
    }
}

/// <summary>Applies the answer path's telemetry filters to routes.</summary>
public static class AnswerPathTelemetryRoutes
{
    /// <summary>Measures an answer endpoint; <paramref name="via"/> is "api" or "form".</summary>
    public static RouteHandlerBuilder WithAnswerTelemetry(this RouteHandlerBuilder route, string via) =>
        route.AddEndpointFilterFactory((factory, next) =>
        {
            var filter = new AnswerTelemetryFilter(factory.ApplicationServices.GetRequiredService<AnswerPathTelemetry>(), via);
            return context => filter.InvokeAsync(context, next);
        });

    /// <summary>Measures an endpoint that opens a question; <paramref name="mode"/> when the route stands for one.</summary>
    public static RouteHandlerBuilder WithOpenAttemptTelemetry(this RouteHandlerBuilder route, string via, string? mode = null) =>
        route.AddEndpointFilterFactory((factory, next) =>
        {
            var filter = new OpenAttemptTelemetryFilter(factory.ApplicationServices.GetRequiredService<AnswerPathTelemetry>(), via, mode);
            return context => filter.InvokeAsync(context, next);
        });
}
