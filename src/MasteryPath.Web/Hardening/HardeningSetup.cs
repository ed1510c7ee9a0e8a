using MasteryPath.Web.Accounts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace MasteryPath.Web.Hardening;

/// <summary>Wires the hardening of every request: refusals as ProblemDetails or the error page, body limits, security headers, rate limits, the API's antiforgery check.</summary>
public static class HardeningSetup
{
    public static WebApplicationBuilder AddHardening(this WebApplicationBuilder builder)
    {
        builder.Services.AddExceptionHandler<RefusalExceptionHandler>();
        builder.Services.AddScoped<SignInTiming>();
        builder.Services.AddMasteryPathRateLimits();

        // Binding failures throw in every environment, so that each one reaches RefusalExceptionHandler and is answered
        // alike (otherwise Production answers an empty 400).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.MaxDepth = 32);
        return builder;
    }

    /// <summary>The middleware before authentication: headers, exceptions, status pages and body limits.</summary>
    public static WebApplication UseHardening(this WebApplication app)
    {
        app.UseSecurityHeaders();

        // A refused request (LearningException, bad input) on a page re-executes /error, which shows its message with
        // its status code; on the API RefusalExceptionHandler answers ProblemDetails. Refusals are logged at information.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            CreateScopeForErrors = true,

            // "Not found" is a refusal like any other (someone else's attempt, class or survey).
            AllowStatusCode404Response = true,
            SuppressDiagnosticsCallback = context => context.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService || Refusal.From(context.Exception) is not null,
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);

        // Inside the status pages: an API answer without a body (404 of routing, 405, 415) becomes ProblemDetails
        // before the status pages would put the HTML error page there.
        app.Use(async (context, next) =>
        {
            await next(context);
            var response = context.Response;
            if (Paths.IsApi(context.Request.Path) && response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
            {
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = response.StatusCode } });
            }
        });
        app.UseRequestBodyLimits();
        return app;
    }
}
