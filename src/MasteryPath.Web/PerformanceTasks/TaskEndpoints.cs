using System.Globalization;
using System.Security.Claims;
using MasteryPath.Content.Markdown;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.PerformanceTasks;

public sealed record RubricLevelDto(int Score, string Label, string Description);

public sealed record CriterionDto(string Id, string Title, int PassingScore, IReadOnlyList<RubricLevelDto> Levels);

public sealed record SubmissionDto(
    long Id,
    string LearnerId,
    string CourseId,
    string TaskId,
    int Version,
    string Status,
    DateTimeOffset SubmittedAt,
    string? Text,
    string? FileName,
    long? FileSize,
    string? FileUrl,
    IReadOnlyDictionary<string, int>? Scores,
    IReadOnlyList<string> BelowBar,
    string? Comment,
    DateTimeOffset? ScoredAt);

public sealed record TaskDto(
    string Id,
    string Title,
    IReadOnlyList<string> Skills,
    string PromptHtml,
    bool TextAllowed,
    IReadOnlyList<string> FileTypes,
    int MaxFileMegabytes,
    IReadOnlyList<CriterionDto> Criteria,
    SubmissionDto? Latest,
    bool CanSubmit);

public sealed record QueueEntryDto(string LearnerName, string TaskTitle, int Versions, SubmissionDto Latest);

public sealed record SubmissionQueueDto(long ClassId, IReadOnlyList<QueueEntryDto> Awaiting, IReadOnlyList<QueueEntryDto> Others);

public sealed record ScoringDto(long ClassId, string LearnerName, TaskDto Task, long SubmissionId, bool CanScore, IReadOnlyList<SubmissionDto> Versions);

public sealed record ScoreRequest(Dictionary<string, int> Scores, string? Comment);

/// <summary>Performance tasks: the teacher's scoring form, the file download, and the JSON API.</summary>
public static class TaskEndpoints
{
    public static IServiceCollection AddPerformanceTasks(this IServiceCollection services) =>
        services.AddSingleton<UploadStore>().AddScoped<PerformanceTaskService>();

    public static IEndpointRouteBuilder MapPerformanceTasks(this IEndpointRouteBuilder app)
    {
        // The learner's submission form is handled by its page (TaskPage), which re-renders a refusal with the typed text.
        app.MapPost("/forms/teach/classes/{classId:long}/submissions/{submissionId:long}/score", async (long classId, long submissionId, IFormCollection form, ClaimsPrincipal user, PerformanceTaskService tasks) =>
        {
            var scores = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (key, value) in form)
            {
                if (key.StartsWith("score.", StringComparison.Ordinal) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var score))
                {
                    scores[key["score.".Length..]] = score;
                }
            }

            var scored = await tasks.ScoreAsync(user, submissionId, scores, form["comment"], classId);
            return Results.Redirect($"/teach/classes/{classId}/submissions?scored={scored.Id}");
        }).RequireAuthorization(Roles.Teacher).ExcludeFromDescription();

        app.MapGet("/submissions/{submissionId:long}/file", DownloadAsync).ExcludeFromDescription();

        var api = app.MapGroup("/api").WithTags("Performance tasks").WithProblemDetails();

        api.MapGet("/courses/{courseId}/tasks", async (string courseId, ClaimsPrincipal user, PerformanceTaskService tasks) =>
            TypedResults.Ok((await tasks.TasksAsync(user.UserId(), courseId)).Select(t => ToDto(t.Course, t.Task, t.Latest, t.CanSubmit)).ToList()))
            .WithSummary("The course's performance tasks (projects) with their rubric, the skills they assess and the learner's latest version.");

        api.MapGet("/courses/{courseId}/tasks/{taskId}/submissions", async (string courseId, string taskId, ClaimsPrincipal user, PerformanceTaskService tasks) =>
        {
            var work = await tasks.WorkAsync(user.UserId(), courseId, taskId);
            return TypedResults.Ok(work.Versions.Select(v => ToDto(v, work.Task)).ToList());
        }).WithSummary("Every version the learner handed in for the task, oldest first, with scores, criteria below the bar and the teacher's comment.");

        api.MapPost("/courses/{courseId}/tasks/{taskId}/submissions", async (string courseId, string taskId, [FromForm] string? text, IFormFile? file, ClaimsPrincipal user, PerformanceTaskService tasks) =>
        {
            var submission = await tasks.SubmitAsync(user.UserId(), courseId, taskId, text, file);
            return TypedResults.Created($"/api/courses/{courseId}/tasks/{taskId}/submissions", ToDto(submission, tasks.FindTask(courseId, taskId).Task));
        })
            .WithMetadata(new TaskUploadLimitAttribute())
            .WithSummary("Hands in a new version (multipart form: text and/or file). Allowed first, or after the latest was sent back; 409 while one awaits scoring or once accepted; 400 for a file of another type (by extension or content) or empty; 413 for a file over the task's limit. Nothing is stored when refused.");

        api.MapGet("/submissions/{submissionId:long}/file", DownloadAsync)
            .WithSummary("The file of a version, as an attachment: for its learner, a teacher of one of the learner's classes that takes the course, or an admin; 404 otherwise.");

        var teach = api.MapGroup("/teach").RequireAuthorization(Roles.Teacher);
        teach.MapGet("/classes/{classId:long}/submissions", async (long classId, ClaimsPrincipal user, PerformanceTaskService tasks) =>
        {
            var queue = await tasks.QueueAsync(user, classId);
            return TypedResults.Ok(new SubmissionQueueDto(queue.Class.Id, queue.Awaiting.Select(ToDto).ToList(), queue.Others.Select(ToDto).ToList()));
        }).WithSummary("The class's submissions: latest versions awaiting scoring (oldest first) and all others (newest first).");

        teach.MapGet("/submissions/{submissionId:long}", async (long submissionId, ClaimsPrincipal user, PerformanceTaskService tasks) =>
        {
            var view = await tasks.ScoringAsync(user, submissionId);
            return TypedResults.Ok(new ScoringDto(view.Class.Id, view.Learner.DisplayName, ToDto(view.Course, view.Task, view.Latest, false), view.Submission.Id, view.CanScore, view.Versions.Select(v => ToDto(v, view.Task)).ToList()));
        }).WithSummary("A version to score, with the task's rubric and every version of the learner's work.");

        teach.MapPost("/submissions/{submissionId:long}/score", async (long submissionId, ScoreRequest request, ClaimsPrincipal user, PerformanceTaskService tasks) =>
        {
            var scored = await tasks.ScoreAsync(user, submissionId, request.Scores ?? [], request.Comment);
            return TypedResults.Ok(ToDto(scored, tasks.FindTask(scored.CourseId, scored.TaskId).Task));
        }).WithSummary("Scores the latest version: {scores: {criterionId: score}, comment}. Every criterion at or above its passing score accepts it and masters the task's skills; otherwise it is sent back for revision. 409 for an older or already accepted version.");

        return app;
    }

    private static async Task<IResult> DownloadAsync(long submissionId, ClaimsPrincipal user, PerformanceTaskService tasks, HttpContext context)
    {
        var (submission, path) = await tasks.FileAsync(user, submissionId);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(path, submission.ContentType ?? "application/octet-stream", submission.FileName ?? "work");
    }

    public static string FileUrl(TaskSubmission submission) => $"/submissions/{submission.Id}/file";

    public static TaskDto ToDto(Course course, PerformanceTask task, TaskSubmission? latest, bool canSubmit) => new(
        task.Id,
        task.Title,
        task.Skills.Select(s => s.Value).ToList(),
        CourseMarkdown.ToHtml(task.Prompt, CourseMedia.CourseMediaEndpoints.Links(course.Id)),
        task.Submission.Text,
        task.Submission.FileTypes.Select(FileKinds.Normalize).ToList(),
        task.Submission.MaxFileMegabytes,
        task.Criteria.Select(c => new CriterionDto(c.Id, c.Title, c.PassingScore, c.Levels.Select(l => new RubricLevelDto(l.Score, l.Label, l.Description)).ToList())).ToList(),
        latest is null ? null : ToDto(latest, task),
        canSubmit);

    public static SubmissionDto ToDto(TaskSubmission submission, PerformanceTask task)
    {
        var scores = RubricScores.Read(submission);
        return new SubmissionDto(
            submission.Id,
            submission.UserId,
            submission.CourseId,
            submission.TaskId,
            submission.Version,
            submission.Status.ToString(),
            submission.SubmittedAt,
            submission.Text,
            submission.FileName,
            submission.FileName is null ? null : submission.FileSize,
            submission.FileName is null ? null : FileUrl(submission),
            submission.ScoresJson is null ? null : scores,
            RubricScores.BelowBar(task, scores).Select(c => c.Id).ToList(),
            submission.Comment,
            submission.ScoredAt);
    }

    private static QueueEntryDto ToDto(QueueEntry entry) => new(
        entry.LearnerName,
        entry.TaskTitle,
        entry.Versions,
        entry.Task is null ? ToDto(entry.Latest, EmptyTask(entry.Latest.TaskId)) : ToDto(entry.Latest, entry.Task));

    private static PerformanceTask EmptyTask(string taskId) => new(taskId, taskId, [], string.Empty, new SubmissionRules(false, [], 0), []);
}
