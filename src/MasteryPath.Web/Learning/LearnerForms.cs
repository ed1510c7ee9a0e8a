using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Observability;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.Learning;

/// <summary>
/// The targets of the learner pages' forms. Each validates the antiforgery token (form binding), does the work
/// through <see cref="LearningService"/> and redirects to a page (post/redirect/get: a reload never resubmits).
/// </summary>
public static class LearnerForms
{
    public static IEndpointRouteBuilder MapLearnerForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms").ExcludeFromDescription();

        forms.MapPost("/attempts/{attemptId}/answer", async (string attemptId, IFormCollection form, ClaimsPrincipal user, LearningService learning, HttpContext http) =>
        {
            var joined = string.Join(",", form["response"].Where(r => !string.IsNullOrEmpty(r)));
            var tryNumber = int.TryParse(form["try"], out var t) && t is >= 2 and <= 4 ? t : 1;
            var receipt = tryNumber == 1
                ? await learning.AnswerAsync(user.UserId(), attemptId, joined)
                : await learning.RetryAsync(user.UserId(), attemptId, joined, tryNumber);
            receipt.Noted(http, tryNumber);
            if (receipt.Unreadable is not null)
            {
                // The page re-reads the response to explain what could not be read; no message travels in the URL.
                var again = tryNumber == 1 ? string.Empty : $"&try={tryNumber}";
                return Results.Redirect($"/attempts/{attemptId}?response={Uri.EscapeDataString(joined)}{again}");
            }

            return Results.Redirect($"/attempts/{attemptId}{(tryNumber == 1 ? string.Empty : "#retry")}");
        }).WithAnswerTelemetry("form").RequireRateLimiting(Hardening.RateLimits.Answers);

        forms.MapPost("/attempts/{attemptId}/dont-know", async (string attemptId, ClaimsPrincipal user, LearningService learning, HttpContext http) =>
        {
            var receipt = (await learning.DontKnowAsync(user.UserId(), attemptId)).Noted(http);
            return Results.Redirect($"/attempts/{attemptId}{(receipt.Attempt.AnsweredAt is null ? "#hints" : string.Empty)}");
        }).WithAnswerTelemetry("form");

        forms.MapPost("/attempts/{attemptId}/reveal", async (string attemptId, ClaimsPrincipal user, LearningService learning) =>
        {
            await learning.RevealAnswerAsync(user.UserId(), attemptId);
            return Results.Redirect($"/attempts/{attemptId}#answer");
        });

        forms.MapPost("/attempts/{attemptId}/hint", async (string attemptId, [FromForm(Name = "response")] string? response, ClaimsPrincipal user, LearningService learning) =>
        {
            await learning.RevealHintAsync(user.UserId(), attemptId);
            var keep = string.IsNullOrEmpty(response) ? string.Empty : $"?response={Uri.EscapeDataString(response)}";
            return Results.Redirect($"/attempts/{attemptId}{keep}#hints");
        });

        forms.MapPost("/courses/{courseId}/placement/start", async (string courseId, [FromForm] string? choice, ClaimsPrincipal user, LearningService learning) =>
        {
            if (choice == "skip")
            {
                await learning.SkipPlacementAsync(user.UserId(), courseId);
                return Results.Redirect($"/courses/{courseId}");
            }

            await learning.StartPlacementAsync(user.UserId(), courseId);
            return Results.Redirect($"/courses/{courseId}/placement/next");
        });

        forms.MapPost("/courses/{courseId}/test-out", async (string courseId, [FromForm] string? unit, ClaimsPrincipal user, LearningService learning) =>
        {
            await learning.StartPlacementAsync(user.UserId(), courseId, string.IsNullOrEmpty(unit) ? null : unit, testOut: true);
            return Results.Redirect($"/courses/{courseId}/placement/next");
        });

        forms.MapPost("/courses/{courseId}/goal", async (string courseId, [FromForm] WeeklyGoalKind kind, [FromForm] int? target, ClaimsPrincipal user, LearningService learning) =>
        {
            await learning.SetGoalAsync(user.UserId(), courseId, kind, target ?? 0);
            return Results.Redirect($"/courses/{courseId}#goal");
        });

        // Links that lead to "the question to answer now": they reuse the open attempt or draw a fresh variant.
        var go = app.MapGroup("/courses/{courseId}").ExcludeFromDescription();
        go.MapGet("/skills/{skillId}/practice", (string courseId, string skillId, ClaimsPrincipal user, LearningService learning) =>
            ToAttempt(learning.OpenAttemptAsync(user.UserId(), courseId, skillId, AttemptMode.Practice))).WithOpenAttemptTelemetry("form", nameof(AttemptMode.Practice));
        go.MapGet("/skills/{skillId}/check", (string courseId, string skillId, ClaimsPrincipal user, LearningService learning) =>
            ToAttempt(learning.OpenAttemptAsync(user.UserId(), courseId, skillId, AttemptMode.MasteryCheck))).WithOpenAttemptTelemetry("form", nameof(AttemptMode.MasteryCheck));
        go.MapGet("/skills/{skillId}/review", (string courseId, string skillId, ClaimsPrincipal user, LearningService learning) =>
            ToAttempt(learning.OpenAttemptAsync(user.UserId(), courseId, skillId, AttemptMode.Review))).WithOpenAttemptTelemetry("form", nameof(AttemptMode.Review));
        go.MapGet("/skills/{skillId}/challenge", (string courseId, string skillId, ClaimsPrincipal user, LearningService learning) =>
            ToAttempt(learning.OpenAttemptAsync(user.UserId(), courseId, skillId, AttemptMode.Enrichment))).WithOpenAttemptTelemetry("form", nameof(AttemptMode.Enrichment));
        go.MapGet("/placement/next", async (string courseId, ClaimsPrincipal user, LearningService learning) =>
            await learning.NextPlacementAttemptAsync(user.UserId(), courseId) is { } attempt
                ? Results.Redirect($"/attempts/{attempt.Id}")
                : Results.Redirect($"/courses/{courseId}/placement"));
        go.MapGet("/quiz", async (string courseId, ClaimsPrincipal user, LearningService learning) =>
            await learning.NextQuizAttemptAsync(user.UserId(), courseId) is { } attempt
                ? Results.Redirect($"/attempts/{attempt.Id}")
                : Results.Redirect($"/courses/{courseId}?quiz=done"));

        return app;
    }

    private static async Task<IResult> ToAttempt(Task<Attempt> attempt) => Results.Redirect($"/attempts/{(await attempt).Id}");
}
