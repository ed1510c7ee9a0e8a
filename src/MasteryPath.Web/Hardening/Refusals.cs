using System.Text.Json;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;

namespace MasteryPath.Web.Hardening;

/// <summary>An expected refusal of a request (bad input, a stale form, a rule of the product): its status and what to tell the user.</summary>
public sealed record Refusal(int Status, string Title, string Detail)
{
    /// <summary>
    /// The refusal an exception stands for, or null for a fault of the server. Messages are written here rather than
    /// taken from framework exceptions, so that no type name, parameter name or stack frame reaches the user.
    /// </summary>
    public static Refusal? From(Exception exception) => exception switch
    {
        LearningException learning => new(learning.Status, learning.Title, learning.Message),
        ApiAntiforgeryException api => new(400, "Antiforgery token missing", api.Message),
        RequestTooLargeException large => TooLarge(large.Limit),
        AntiforgeryValidationException => Stale,
        BadHttpRequestException { InnerException: AntiforgeryValidationException } => Stale,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(null),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => new(415, "Unsupported content type", "This address takes a different kind of body: JSON (Content-Type: application/json) for the API, a form for the pages."),
        BadHttpRequestException bad when bad.InnerException is JsonException => new(400, "Malformed JSON", "The request body is not the JSON this address expects: check the syntax and the type of each value."),
        BadHttpRequestException bad => new(bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400, "Bad request", Describe(bad)),
        JsonException => new(400, "Malformed JSON", "The request body is not the JSON this address expects: check the syntax and the type of each value."),
        InvalidDataException => new(400, "Malformed form", "The form body could not be read; send it again from the page."),
        _ => null,
    };

    public static Refusal Stale { get; } = new(400, "The form has expired", "The page was open too long or was not sent from this site. Reload the page and try again.");

    public static Refusal TooLarge(long? limit) => new(
        413,
        "Too large",
        limit is { } bytes ? $"The request body is larger than this address accepts ({Megabytes(bytes)})." : "The request body is larger than this address accepts.");

    public static string Megabytes(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes / 1024.0:0.#} KB";

    // The binder's messages name the parameter and where it was read from, never values or types of the server.
    private static string Describe(BadHttpRequestException bad) =>
        bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && bad.Message.Contains("not provided", StringComparison.OrdinalIgnoreCase)
            ? "A request body is required here."
            : bad.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) || bad.Message.StartsWith("Required parameter", StringComparison.Ordinal)
                ? bad.Message.Split(" from ", 2)[0].Replace("Failed to bind parameter", "A value could not be read for", StringComparison.Ordinal) + "."
                : "The request could not be read.";
}

/// <summary>
/// Answers refusals on the JSON API as ProblemDetails and logs them at information level; on pages and forms a refusal
/// goes on to the error page (which shows it with its status). Faults of the server on the API are a 500 ProblemDetails
/// that says nothing about the fault; they are logged at error level with the exception.
/// </summary>
public sealed class RefusalExceptionHandler(IProblemDetailsService problems, ILogger<RefusalExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page: the original path is in its feature.
        var path = new PathString(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path);
        var refusal = Refusal.From(exception);
        if (refusal is not null)
        {
            logger.LogInformation("Refused {Method} {Path}: {Status} {Title}", httpContext.Request.Method, path, refusal.Status, refusal.Title);
        }

        if (!Paths.IsApi(path))
        {
            return false;
        }

        if (refusal is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, path);
            refusal = new Refusal(500, "Something went wrong", "The error was logged. Please try again.");
        }

        httpContext.Response.StatusCode = refusal.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = refusal.Status, Title = refusal.Title, Detail = refusal.Detail },
        });
    }
}

/// <summary>Which requests belong to the JSON API (answered with ProblemDetails) rather than to the pages.</summary>
public static class Paths
{
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi");
}
