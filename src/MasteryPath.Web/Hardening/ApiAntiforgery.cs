using Microsoft.AspNetCore.Antiforgery;

namespace MasteryPath.Web.Hardening;

/// <summary>
/// The JSON API's defence against cross-site requests: a state change (any method but GET, HEAD, OPTIONS, TRACE) made
/// with the session cookie must carry the user's antiforgery token in the <see cref="HeaderName"/> header, which
/// another site can neither read nor send without a CORS preflight this app never grants. SameSite=Lax alone does not
/// stop a page on a sibling subdomain. API clients get the token from <c>GET /api/antiforgery</c> after signing in.
/// </summary>
public static class ApiAntiforgery
{
    public const string HeaderName = "RequestVerificationToken";

    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Paths.IsApi(context.Request.Path) && IsStateChange(context.Request.Method) && context.User.Identity?.IsAuthenticated == true)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!context.Request.Headers.ContainsKey(HeaderName) || !await antiforgery.IsRequestValidAsync(context))
            {
                throw new ApiAntiforgeryException();
            }
        }

        await next(context);
    });

    public static IEndpointRouteBuilder MapApiAntiforgery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            return TypedResults.Ok(new AntiforgeryTokenDto(HeaderName, tokens.RequestToken!));
        }).WithTags("Accounts")
            .WithSummary($"The signed-in user's antiforgery token: send it in the {HeaderName} header with every POST, PUT and DELETE of the API (it also sets the antiforgery cookie it pairs with).");
        return app;
    }

    private static bool IsStateChange(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
}

/// <summary>A state change of the API without a valid token in the header: 400 ProblemDetails.</summary>
public sealed class ApiAntiforgeryException()
    : BadHttpRequestException($"A request that changes something must send the signed-in user's antiforgery token in the {ApiAntiforgery.HeaderName} header; get it from GET /api/antiforgery.", StatusCodes.Status400BadRequest);

public sealed record AntiforgeryTokenDto(string HeaderName, string Token);
