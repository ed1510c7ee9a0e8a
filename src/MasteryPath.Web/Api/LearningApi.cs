using System.Security.Claims;
using MasteryPath.Content.Markdown;
using MasteryPath.Data;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Planning;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Observability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MasteryPath.Web.Api;

public sealed record CourseSummary(string Id, string Title, string Description, int Skills, int Mastered, string Placement);

public sealed record SkillStateDto(string Id, string Title, string? Unit, string State, double Probability, int Evidence, bool ReadyForCheck, IReadOnlyList<string> Prerequisites, MasteryExplanation? Explanation = null);

public sealed record CourseMapDto(string CourseId, string Title, int Mastered, int Total, IReadOnlyList<SkillStateDto> Skills);

public sealed record ActivityDto(string Kind, string SkillId, string SkillTitle, string Reason, string Url);

public sealed record AssignedDto(string SkillId, string SkillTitle, string State, string? Note, DateTimeOffset AssignedAt, string Url, string AssignmentTitle, DateOnly? DueOn);

public sealed record TodayDto(string CourseId, string Placement, QuizProgress Quiz, WeekProgress Week, string GoalKind, int GoalTarget, IReadOnlyList<ActivityDto> Plan, IReadOnlyList<AssignedDto> Assigned)
{
    /// <summary>Points for accurate work, the daily streak and today's celebrations, with the switches the learner's teachers set.</summary>
    public MotivationView? Motivation { get; init; }
}

public sealed record LessonDto(string CourseId, string SkillId, string Title, string Objective, string State, double Probability, string LessonHtml, string? CorrectiveHtml, string? EnrichmentHtml, MasteryExplanation? Explanation = null);

/// <summary>An answer. <paramref name="Try"/> is 1 (or absent) for the first answer, 2 for a second try after a wrong one.</summary>
public sealed record AnswerRequest(string Response, int? Try = null);

public sealed record StartAttemptRequest(string Mode);

public sealed record AnswerResponse(AttemptView Attempt, string? Unreadable, bool Duplicate);

/// <summary>The learner flow as JSON under /api, with the same rules as the pages (the server checks every gate).</summary>
public static class LearningApi
{
    public static IEndpointRouteBuilder MapLearningApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Learning").WithProblemDetails();

        api.MapGet("/courses", async (ClaimsPrincipal user, LearningService learning) =>
        {
            var enrollments = await learning.EnrollmentsAsync(user.UserId());
            return TypedResults.Ok(enrollments.Select(e =>
            {
                var course = learning.Catalog.Get(e.CourseId);
                return new CourseSummary(course.Id, course.Title, course.Description, course.Skills.Count, e.MasteredCount, e.Placement.ToString());
            }).ToList());
        }).WithSummary("The courses the signed-in learner is enrolled in.");

        api.MapGet("/courses/{courseId}/map", async (string courseId, ClaimsPrincipal user, LearningService learning) =>
        {
            var state = await learning.LoadAsync(user.UserId(), courseId);
            return TypedResults.Ok(Map(state));
        }).WithSummary("Every skill with the learner's state (locked, ready, in progress, needs help, mastered, needs review).");

        api.MapGet("/courses/{courseId}/today", async (string courseId, ClaimsPrincipal user, LearningService learning) =>
        {
            var state = await learning.LoadAsync(user.UserId(), courseId);
            return TypedResults.Ok(await TodayAsync(state, learning));
        }).WithSummary("Today's plan: reviews due, corrective work, checks, next skills, enrichment; the daily quiz and the weekly goal.");

        api.MapGet("/courses/{courseId}/skills/{skillId}", async (string courseId, string skillId, ClaimsPrincipal user, LearningService learning, CourseMedia.CourseMediaLibrary media) =>
        {
            var state = await learning.LoadAsync(user.UserId(), courseId);
            var skill = LearningService.ParseSkill(state.Course, skillId);
            var status = LearningService.RequireUnlocked(state, skill);
            var content = state.Course.SkillsById[skill];
            var corrective = status.State is Domain.Mastery.SkillState.NeedsHelp || status.ChecksFailedInARow > 0;
            return TypedResults.Ok(new LessonDto(
                courseId,
                skillId,
                content.Title,
                content.Objective,
                status.State.ToString(),
                status.Probability,
                CourseMarkdown.ToHtml(content.Lesson, media.LinksFor(courseId)),
                corrective ? CourseMarkdown.ToHtml(content.Corrective, media.LinksFor(courseId)) : null,
                status.MasteredAt is not null ? CourseMarkdown.ToHtml(content.Enrichment, media.LinksFor(courseId)) : null,
                SkillExplanations.For(state, status)));
        }).WithSummary("A skill's lesson; the corrective explanation after failure; enrichment once mastered. Locked skills: 403.");

        api.MapPost("/courses/{courseId}/skills/{skillId}/attempts", async Task<Results<Ok<AttemptView>, ProblemHttpResult>> (string courseId, string skillId, StartAttemptRequest request, ClaimsPrincipal user, LearningService learning) =>
        {
            if (!Enum.TryParse<AttemptMode>(request.Mode, ignoreCase: true, out var mode) || mode is AttemptMode.Placement or AttemptMode.DailyQuiz)
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: "mode is one of: Practice, MasteryCheck, Review, Enrichment.");
            }

            var attempt = await learning.OpenAttemptAsync(user.UserId(), courseId, skillId, mode);
            return TypedResults.Ok(await learning.ViewAsync(attempt));
        }).WithOpenAttemptTelemetry("api").WithSummary("The question to answer now for a skill: the open one, or a fresh variant (one open question per skill and mode, however many requests race). No answer key is sent; choice keys and order are random per question.");

        api.MapPost("/courses/{courseId}/placement", async (string courseId, ClaimsPrincipal user, LearningService learning) =>
        {
            await learning.StartPlacementAsync(user.UserId(), courseId);
            return TypedResults.Ok(await learning.PlacementProgressAsync(user.UserId(), courseId));
        }).WithSummary("Starts the adaptive placement (once per course).");

        api.MapPost("/courses/{courseId}/test-out", async (string courseId, string? unit, ClaimsPrincipal user, LearningService learning) =>
        {
            await learning.StartPlacementAsync(user.UserId(), courseId, unit, testOut: true);
            return TypedResults.Ok(await learning.PlacementProgressAsync(user.UserId(), courseId));
        }).WithSummary("Starts a test-out (course challenge) of one unit (?unit=) or the whole course: the adaptive diagnostic on that part of the graph.");

        api.MapPost("/courses/{courseId}/placement/skip", async (string courseId, ClaimsPrincipal user, LearningService learning) =>
        {
            await learning.SkipPlacementAsync(user.UserId(), courseId);
            return TypedResults.Ok(await learning.PlacementProgressAsync(user.UserId(), courseId));
        }).WithSummary("Skips the placement: start from the first skills.");

        api.MapPost("/courses/{courseId}/placement/next", async Task<Results<Ok<AttemptView>, NoContent>> (string courseId, ClaimsPrincipal user, LearningService learning) =>
            await learning.NextPlacementAttemptAsync(user.UserId(), courseId) is { } attempt ? TypedResults.Ok(await learning.ViewAsync(attempt)) : TypedResults.NoContent())
            .WithSummary("The next placement question; 204 when the placement is over.");

        api.MapGet("/courses/{courseId}/placement", async (string courseId, ClaimsPrincipal user, LearningService learning) =>
            TypedResults.Ok(await learning.PlacementProgressAsync(user.UserId(), courseId)))
            .WithSummary("Placement progress and the skills placed as known.");

        api.MapPost("/courses/{courseId}/quiz/next", async Task<Results<Ok<AttemptView>, NoContent>> (string courseId, ClaimsPrincipal user, LearningService learning) =>
            await learning.NextQuizAttemptAsync(user.UserId(), courseId) is { } attempt ? TypedResults.Ok(await learning.ViewAsync(attempt)) : TypedResults.NoContent())
            .WithSummary("The next daily-quiz question; 204 when today's quiz is done.");

        api.MapGet("/attempts/{attemptId}", async (string attemptId, ClaimsPrincipal user, LearningService learning) =>
            TypedResults.Ok(await learning.ViewAsync(await learning.GetAttemptAsync(user.UserId(), attemptId))))
            .WithSummary("A question (with 'Question n of N' in a placement, check or quiz); its verdict once answered.");

        api.MapPost("/attempts/{attemptId}/hints", async (string attemptId, ClaimsPrincipal user, LearningService learning) =>
            TypedResults.Ok(await learning.ViewAsync(await learning.RevealHintAsync(user.UserId(), attemptId))))
            .WithSummary("Reveals the next hint (after the last, the worked solution); a correct answer then counts as weaker evidence.");

        api.MapPost("/attempts/{attemptId}/answer", async Task<Results<Ok<AnswerResponse>, ProblemHttpResult>> (string attemptId, AnswerRequest request, ClaimsPrincipal user, LearningService learning, HttpContext http) =>
        {
            if (request.Try is < 1 or > 4)
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: "try is 1 for the first answer, 2 or more for a retry.");
            }

            var receipt = request.Try is null or 1
                ? await learning.AnswerAsync(user.UserId(), attemptId, request.Response)
                : await learning.RetryAsync(user.UserId(), attemptId, request.Response, request.Try.Value);
            receipt.Noted(http, request.Try ?? 1);
            return TypedResults.Ok(new AnswerResponse(await learning.ViewAsync(receipt.Attempt), receipt.Unreadable, receipt.Duplicate));
        }).WithAnswerTelemetry("api").RequireRateLimiting(Hardening.RateLimits.Answers).WithSummary("Submits an answer; with try = 2, a second try at a practice question answered wrongly (not evidence). Idempotent per try: the attempt id and the try number are the idempotency key, so a resubmission returns the first verdict. Choices are named by the keys this question showed.");

        api.MapPost("/attempts/{attemptId}/dont-know", async (string attemptId, ClaimsPrincipal user, LearningService learning, HttpContext http) =>
        {
            var receipt = (await learning.DontKnowAsync(user.UserId(), attemptId)).Noted(http);
            return TypedResults.Ok(new AnswerResponse(await learning.ViewAsync(receipt.Attempt), null, receipt.Duplicate));
        }).WithAnswerTelemetry("api").WithSummary("\"I don't know\": in practice, reviews and quizzes shows the next hint and records nothing; in the placement and a mastery check records a miss so they go on.");

        api.MapPost("/attempts/{attemptId}/reveal", async (string attemptId, ClaimsPrincipal user, LearningService learning) =>
            TypedResults.Ok(await learning.ViewAsync(await learning.RevealAnswerAsync(user.UserId(), attemptId))))
            .WithSummary("\"Show me the answer\" after a wrong answer: the right answer and the worked solution (no further try). Not in a mastery check or the placement.");

        api.MapGet("/attempts/{attemptId}/check-review", async (string attemptId, ClaimsPrincipal user, LearningService learning) =>
            TypedResults.Ok(await learning.CheckReviewAsync(user.UserId(), attemptId)))
            .WithSummary("The review of the finished mastery check this question belongs to: each question, your answer, the right one and the worked solution. 409 while the check is still going on.");

        return app;
    }

    public static CourseMapDto Map(LearnerState state) => new(
        state.Course.Id,
        state.Course.Title,
        state.Statuses.Count(s => s.State == Domain.Mastery.SkillState.Mastered),
        state.Statuses.Count,
        state.Statuses.Select(s =>
        {
            var skill = state.Course.SkillsById[s.Skill];
            return new SkillStateDto(s.Skill.Value, skill.Title, skill.UnitId, s.State.ToString(), s.Probability, s.Evidence, s.ReadyForCheck, skill.Prerequisites.Select(p => p.Value).ToList(), SkillExplanations.For(state, s));
        }).ToList());

    public static async Task<TodayDto> TodayAsync(LearnerState state, LearningService learning)
    {
        var plan = DailyPlanner.Plan(state.Course.Graph, state.Statuses, state.DueReviews, 8, state.Policy.Probability, s => state.Course.SkillsById[s].Title);
        var (week, motivation) = await learning.WeekAndMotivationAsync(state);
        var assigned = (await learning.OpenAssignmentsAsync(state)).Select(a =>
        {
            var skill = Domain.Skills.SkillId.Parse(a.SkillId);
            var status = state.Status(skill);
            var url = status.State == Domain.Mastery.SkillState.Locked ? $"/courses/{state.Course.Id}/map" : $"/courses/{state.Course.Id}/skills/{a.SkillId}";
            return new AssignedDto(a.SkillId, state.Course.SkillsById[skill].Title, status.State.ToString(), a.Note, a.AssignedAt, url, a.AssignmentTitle, a.DueOn);
        }).ToList();
        return new TodayDto(
            state.Course.Id,
            state.Enrollment.Placement.ToString(),
            await learning.QuizProgressAsync(state),
            week,
            state.Enrollment.GoalKind.ToString(),
            state.Enrollment.GoalTarget,
            plan.Select(a => new ActivityDto(a.Kind.ToString(), a.Skill.Value, state.Course.SkillsById[a.Skill].Title, a.Reason, ActivityUrl(state.Course.Id, a))).ToList(),
            assigned)
        {
            Motivation = motivation,
        };
    }

    public static string ActivityUrl(string courseId, PlannedActivity activity) => activity.Kind switch
    {
        ActivityKind.Review => $"/courses/{courseId}/skills/{activity.Skill}/review",
        ActivityKind.Corrective => $"/courses/{courseId}/skills/{activity.Skill}#corrective",
        ActivityKind.MasteryCheck => $"/courses/{courseId}/skills/{activity.Skill}/check",
        ActivityKind.Practice => $"/courses/{courseId}/skills/{activity.Skill}/practice",
        ActivityKind.Enrichment => $"/courses/{courseId}/skills/{activity.Skill}#enrichment",
        _ => $"/courses/{courseId}/skills/{activity.Skill}",
    };
}
