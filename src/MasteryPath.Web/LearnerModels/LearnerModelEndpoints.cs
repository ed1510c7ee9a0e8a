using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Data.LearnerModels;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.LearnerModels;

public sealed record ModelVersionDto(int Version, string Description, DateTimeOffset CreatedAt, string CreatedBy, int Learners, int Answers, int HeldOutLearners, bool Active, DateTimeOffset? ActivatedAt, HeldOutScoreDto Fitted, HeldOutScoreDto ColdStart, RetentionFitDto? Retention);

public sealed record BackgroundJobDto(long Id, string Kind, string CourseId, string Status, double Progress, string? Stage, string? Message, int? Version, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

public sealed record CourseModelsDto(string CourseId, string Course, int InForce, string InForceName, IReadOnlyList<ModelVersionDto> Versions, BackgroundJobDto? Fit, BackgroundJobDto? Rebuild);

public sealed record CourseModelSummaryDto(string CourseId, string Course, int InForce, int Versions);

/// <param name="Version">The version to put in force; 0 for the cold start.</param>
public sealed record ActivateModelRequest(int Version);

/// <summary>
/// Learner models: the admin's forms (fit, use a version) posting back to the admin page, and the same as JSON API
/// under /api/admin. Both are for admins only; the model card page is for teachers too.
/// </summary>
public static class LearnerModelEndpoints
{
    public static IServiceCollection AddLearnerModels(this IServiceCollection services)
    {
        services.AddLearnerModelStore();
        services.AddSingleton<LearnerModelRegistry>();
        services.AddSingleton<BackgroundJobWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundJobWorker>());
        return services.AddScoped<LearnerModelAdmin>();
    }

    public static IEndpointRouteBuilder MapLearnerModels(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/admin/courses/{courseId}/models").RequireAuthorization(Roles.Admin).ExcludeFromDescription();
        forms.MapPost("/fit", async (string courseId, IFormCollection form, ClaimsPrincipal user, LearnerModelAdmin admin) =>
        {
            try
            {
                await admin.StartFitAsync(user, courseId);
                return Results.Redirect($"/admin/models/{Uri.EscapeDataString(courseId)}?started=fit");
            }
            catch (LearningException ex) when (ex.Status == StatusCodes.Status409Conflict)
            {
                return Results.Redirect($"/admin/models/{Uri.EscapeDataString(courseId)}?error={Uri.EscapeDataString(ex.Message)}");
            }
        });
        forms.MapPost("/active", async (string courseId, [FromForm] int version, ClaimsPrincipal user, LearnerModelAdmin admin) =>
        {
            await admin.ActivateAsync(user, courseId, version);
            return Results.Redirect($"/admin/models/{Uri.EscapeDataString(courseId)}?activated={version}");
        });

        var api = app.MapGroup("/api/admin").WithTags("Learner models").RequireAuthorization(Roles.Admin).WithProblemDetails();
        api.MapGet("/models", async (LearnerModelAdmin admin) =>
                TypedResults.Ok((await admin.OverviewAsync()).Select(o => new CourseModelSummaryDto(o.Course.Id, o.Course.Title, o.Version, o.Versions)).ToList()))
            .WithSummary("Every course with the learner model version in force (0 = the cold start) and how many versions it has.");
        api.MapGet("/courses/{courseId}/models", async (string courseId, LearnerModelAdmin admin) => TypedResults.Ok(ToDto(await admin.ModelsAsync(courseId))))
            .WithSummary("A course's learner models: the version in force (0 = the cold start), every fitted version with its training size and held-out scores next to the cold start's (AUC, log loss, RMSE, ECE, reliability table), and the latest fit and rebuild jobs with their progress.");
        api.MapPost("/courses/{courseId}/models/fit", async Task<Accepted<BackgroundJobDto>> (string courseId, ClaimsPrincipal user, LearnerModelAdmin admin) =>
            {
                var job = await admin.StartFitAsync(user, courseId);
                return TypedResults.Accepted($"/api/admin/courses/{Uri.EscapeDataString(courseId)}/models", ToDto(job));
            })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Starts fitting a new learner model version on the course's answer-event log in the background (202 with the job; poll the course's models for its progress). The new version is not in force until activated. 409 when there is not enough data yet, with how much there is and how much is needed.");
        api.MapPost("/courses/{courseId}/models/active", async Task<Accepted<BackgroundJobDto>> (string courseId, ActivateModelRequest request, ClaimsPrincipal user, LearnerModelAdmin admin) =>
            {
                var job = await admin.ActivateAsync(user, courseId, request.Version);
                return TypedResults.Accepted($"/api/admin/courses/{Uri.EscapeDataString(courseId)}/models", ToDto(job));
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Puts a learner model version in force for the course (version 0: the cold start), writes the audit log, and starts rebuilding every enrollment's cached learner state under it in the background (202 with the rebuild job). 404 when the course has no such version.");
        return app;
    }

    public static CourseModelsDto ToDto(CourseModels models) => new(
        models.Course.Id,
        models.Course.Title,
        models.Active?.Version ?? LearnerModelStore.ColdStart,
        LearnerModelStore.Name(models.Active?.Version ?? LearnerModelStore.ColdStart),
        models.Versions.Select(v => new ModelVersionDto(
            v.Version,
            v.Row.Description,
            v.Row.CreatedAt,
            v.CreatedByName,
            v.Row.Learners,
            v.Row.Answers,
            v.Row.HeldOutLearners,
            v.Row.IsActive,
            v.Row.ActivatedAt,
            v.Fitted,
            v.ColdStart,
            v.Retention)).ToList(),
        models.Fit is null ? null : ToDto(models.Fit),
        models.Rebuild is null ? null : ToDto(models.Rebuild));

    public static BackgroundJobDto ToDto(BackgroundJob job) => new(job.Id, job.Kind.ToString(), job.CourseId, job.Status.ToString(), Math.Round(job.Progress, 4), job.Stage, job.Message, job.Version, job.CreatedAt, job.StartedAt, job.FinishedAt);
}
