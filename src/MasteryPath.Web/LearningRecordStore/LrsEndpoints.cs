using System.Security.Claims;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.LearningRecordStore;

/// <summary>The LRS connection as the API sets it; a blank secret keeps the stored one.</summary>
public sealed record LrsSettingsRequest(string? Endpoint, string? Key, string? Secret, string? Version, bool Enabled);

public sealed record LrsStatusDto(LrsSettingsView? Settings, OutboxStatusView Outbox);

/// <summary>Forwarding xAPI statements to a Learning Record Store: the admin's page forms and the same as JSON API. Admins only.</summary>
public static class LrsEndpoints
{
    public static IServiceCollection AddLearningRecordStore(this IServiceCollection services)
    {
        services.AddHttpClient(LrsSender.HttpClientName);
        services.AddSingleton<LrsForwarder>();
        services.AddHostedService(sp => sp.GetRequiredService<LrsForwarder>());
        services.AddScoped<LrsSender>();
        return services.AddScoped<LrsSettingsService>();
    }

    public static IEndpointRouteBuilder MapLearningRecordStore(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/admin/lrs").RequireAuthorization(Roles.Admin).ExcludeFromDescription();
        forms.MapPost("/settings", async ([FromForm] string? endpoint, [FromForm] string? key, [FromForm] string? secret, [FromForm] string? version, [FromForm] string? enabled, ClaimsPrincipal user, LrsSettingsService settings) =>
        {
            try
            {
                await settings.SaveAsync(user, new LrsSettingsChange(endpoint, key, secret, version, enabled is "on" or "true"));
                return Results.Redirect("/admin/lrs?saved=1");
            }
            catch (LearningException ex) when (ex.Status == StatusCodes.Status400BadRequest)
            {
                return Results.Redirect("/admin/lrs?error=" + Uri.EscapeDataString(ex.Message));
            }
        });
        forms.MapPost("/send-now", async (IFormCollection form, ClaimsPrincipal user, LrsSettingsService settings) =>
        {
            var due = await settings.SendNowAsync(user);
            return Results.Redirect($"/admin/lrs?due={due}");
        });

        var api = app.MapGroup("/api/admin").WithTags("Learning Record Store").RequireAuthorization(Roles.Admin).WithProblemDetails();
        api.MapGet("/lrs", async (LrsSettingsService settings) => TypedResults.Ok(new LrsStatusDto(await settings.GetAsync(), await settings.StatusAsync())))
            .WithSummary("The LRS connection (endpoint, key, xAPI version, on or off; never the secret, only whether one is stored) and the outbox: statements queued, sent and failing, with the last error and next attempt of each failing one.");
        api.MapPut("/lrs", async (LrsSettingsRequest request, ClaimsPrincipal user, LrsSettingsService settings) =>
                TypedResults.Ok(await settings.SaveAsync(user, new LrsSettingsChange(request.Endpoint, request.Key, request.Secret, request.Version, request.Enabled))))
            .WithSummary("Sets the LRS connection: endpoint (http/https), Basic-auth key and secret (kept encrypted; blank keeps the stored one), xAPI version 1.0.3 or 2.0.0, and whether statements are forwarded. 400 with a sentence on a bad value.");
        api.MapPost("/lrs/send-now", async (ClaimsPrincipal user, LrsSettingsService settings) => TypedResults.Ok(new { due = await settings.SendNowAsync(user) }))
            .WithSummary("Makes every statement not yet delivered due now (a retry of the failing ones) and wakes the sender.");
        return app;
    }
}
