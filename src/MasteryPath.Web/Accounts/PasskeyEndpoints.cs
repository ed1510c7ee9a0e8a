using System.Security.Claims;
using System.Text.Json;
using MasteryPath.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MasteryPath.Web.Accounts;

public sealed record PasskeyDto(string Id, string Name, DateTimeOffset AddedAt);

/// <param name="Name">What the teacher calls it, e.g. "Work laptop".</param>
/// <param name="Credential">The browser's answer to the creation options: <c>PublicKeyCredential.toJSON()</c>.</param>
public sealed record AddPasskeyRequest(string? Name, JsonElement? Credential);

/// <param name="Credential">The browser's answer to the request options: <c>PublicKeyCredential.toJSON()</c>.</param>
/// <param name="ReturnUrl">A path of this site to go to after signing in.</param>
public sealed record PasskeySignInRequest(JsonElement? Credential, string? ReturnUrl);

public sealed record PasskeySignedInDto(string Redirect);

/// <summary>
/// Passkeys for teachers and admins (ADR 0020): adding, listing and removing one's own, and signing in with one. Each
/// ceremony is two calls: the options (whose challenge waits in a short-lived cookie), then the browser's answer.
/// </summary>
public static class PasskeyEndpoints
{
    public static IServiceCollection AddPasskeys(this IServiceCollection services) => services.AddScoped<PasskeyService>();

    public static IEndpointRouteBuilder MapPasskeys(this IEndpointRouteBuilder app)
    {
        var own = app.MapGroup("/api/account").WithTags("Accounts").RequireAuthorization(Roles.Teacher).WithProblemDetails();
        own.MapGet("/passkeys", async (ClaimsPrincipal user, PasskeyService passkeys) => TypedResults.Ok((await passkeys.ListAsync(user)).Select(ToDto).ToList()))
            .WithSummary("The signed-in teacher's or admin's passkeys, oldest first.");

        own.MapPost("/passkeys/options", async (ClaimsPrincipal user, PasskeyService passkeys) => Results.Content(await passkeys.CreationOptionsAsync(user), "application/json"))
            .WithSummary($"Options for navigator.credentials.create (PublicKeyCredential.parseCreationOptionsFromJSON); 409 with {PasskeyService.MaxPasskeysPerUser} passkeys.");

        own.MapPost("/passkeys", async Task<Created<PasskeyDto>> (AddPasskeyRequest request, ClaimsPrincipal user, PasskeyService passkeys) =>
        {
            var added = await passkeys.AddAsync(user, request.Name, request.Credential);
            return TypedResults.Created($"/api/account/passkeys/{added.Id}", ToDto(added));
        }).WithSummary($"Keeps the passkey the browser created from the last options, under a name (at most {PasskeyService.NameMaxLength} characters); 400 when the browser's answer does not verify.");

        own.MapDelete("/passkeys/{passkeyId}", async Task<NoContent> (string passkeyId, ClaimsPrincipal user, PasskeyService passkeys) =>
        {
            await passkeys.RemoveAsync(user, passkeyId);
            return TypedResults.NoContent();
        }).WithSummary("Removes one of the user's passkeys: it cannot sign in any more.");

        var signIn = app.MapGroup("/api/account").WithTags("Accounts").AllowAnonymous().RequireRateLimiting(Hardening.RateLimits.SignIn).WithProblemDetails();
        signIn.MapPost("/passkey-sign-in/options", async (PasskeyService passkeys) => Results.Content(await passkeys.RequestOptionsAsync(), "application/json"))
            .WithSummary("Options for navigator.credentials.get (PublicKeyCredential.parseRequestOptionsFromJSON).");

        signIn.MapPost("/passkey-sign-in", async Task<Results<Ok<PasskeySignedInDto>, ProblemHttpResult>> (PasskeySignInRequest request, PasskeyService passkeys) =>
        {
            var refusal = await passkeys.SignInAsync(request.Credential);
            if (refusal is not null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Passkey sign-in failed", detail: refusal);
            }

            return TypedResults.Ok(new PasskeySignedInDto(AccountEndpoints.IsLocalPath(request.ReturnUrl) ? request.ReturnUrl : "/"));
        }).WithSummary("Signs in with the passkey the browser chose for the last options; 400 when it is unknown, removed, or its account cannot sign in now.");
        return app;
    }

    private static PasskeyDto ToDto(PasskeyRow row) => new(row.Id, row.Name, row.AddedAt);
}
