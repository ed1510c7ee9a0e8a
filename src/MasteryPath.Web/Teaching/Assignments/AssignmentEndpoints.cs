using System.Globalization;
using System.Security.Claims;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace MasteryPath.Web.Teaching.Assignments;

public sealed record AssigneeDto(string LearnerId, string Name, string Standing, int Mastered, int Total, DateTimeOffset? DoneAt);

public sealed record AssignmentDto(long Id, string Title, string CourseId, string? UnitId, IReadOnlyList<string> Skills, bool WholeClass, DateOnly? DueOn, string? Note, DateTimeOffset AssignedAt, int Done, int Overdue, IReadOnlyList<AssigneeDto> Learners);

public sealed record LearnerAssignmentDto(long Id, string Title, string ClassName, string CourseId, IReadOnlyList<string> Skills, DateOnly? DueOn, string? Note, string Standing, int Mastered, int Total, string Url);

public sealed record AnnouncementRequest(string? Text);

public sealed record AnnouncementDto(long Id, string Text, DateTimeOffset PostedAt);

public sealed record LearnerAnnouncementDto(long Id, string ClassName, string Text, DateTimeOffset PostedAt);

/// <summary>Assignments and announcements: the class teacher's forms and JSON API, and the learner's read-only API.</summary>
public static class AssignmentEndpoints
{
    public static IServiceCollection AddAssignments(this IServiceCollection services) =>
        services.AddScoped<AssignmentService>().AddScoped<AnnouncementService>();

    public static IEndpointRouteBuilder MapAssignments(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/teach/classes/{classId:long}").RequireAuthorization(Roles.Teacher).ExcludeFromDescription();
        forms.MapPost("/assign", async (long classId, IFormCollection form, ClaimsPrincipal user, AssignmentService assignments, TeachingService teaching) =>
        {
            // Someone else's class is refused before the form is read: only its teacher is sent back to the form.
            await teaching.GetClassAsync(user, classId);
            var course = form["course"].ToString();
            try
            {
                await assignments.CreateAsync(user, classId, FromForm(form));
            }
            catch (LearningException invalid) when (invalid.Status == StatusCodes.Status400BadRequest)
            {
                return Results.Redirect(BackToForm(classId, invalid.Message, form));
            }

            var back = form["returnUrl"].ToString();
            return Results.LocalRedirect(AccountEndpoints.IsLocalPath(back) ? back : $"/teach/classes/{classId}/assignments?course={Uri.EscapeDataString(course)}&done=assigned");
        });
        forms.MapPost("/assignments/{assignmentId:long}/delete", async (long classId, long assignmentId, ClaimsPrincipal user, AssignmentService assignments) =>
        {
            await assignments.DeleteAsync(user, classId, assignmentId);
            return Results.Redirect($"/teach/classes/{classId}/assignments?done=removed");
        });
        forms.MapPost("/announcements", async (long classId, [FromForm] string? text, ClaimsPrincipal user, AnnouncementService announcements) =>
        {
            try
            {
                await announcements.PostAsync(user, classId, text);
            }
            catch (LearningException invalid) when (invalid.Status == StatusCodes.Status400BadRequest)
            {
                return Results.Redirect(QueryHelpers.AddQueryString($"/teach/classes/{classId}/assignments", new Dictionary<string, string?> { ["error"] = invalid.Message, ["text"] = text }) + "#announcements");
            }

            return Results.Redirect($"/teach/classes/{classId}/assignments?done=announced#announcements");
        });
        forms.MapPost("/announcements/{announcementId:long}/delete", async (long classId, long announcementId, ClaimsPrincipal user, AnnouncementService announcements) =>
        {
            await announcements.DeleteAsync(user, classId, announcementId);
            return Results.Redirect($"/teach/classes/{classId}/assignments?done=unannounced#announcements");
        });

        var api = app.MapGroup("/api/teach/classes/{classId:long}").WithTags("Assignments").RequireAuthorization(Roles.Teacher).WithProblemDetails();
        api.MapPost("/assignments", async (long classId, AssignmentRequest request, ClaimsPrincipal user, AssignmentService assignments) =>
        {
            var created = await assignments.CreateAsync(user, classId, request);
            return TypedResults.Created($"/api/teach/classes/{classId}/assignments/{created.Id}", ToDto(await assignments.OverviewAsync(user, created)));
        }).WithSummary("Assigns a unit or skills to the whole class (members who join later included) or to chosen learners, with an optional due date (yyyy-MM-dd) and note.");
        api.MapGet("/assignments", async (long classId, ClaimsPrincipal user, AssignmentService assignments) =>
            TypedResults.Ok((await assignments.ForClassAsync(user, classId)).Select(ToDto).ToList()))
            .WithSummary("The class's assignments, newest first, with each learner's progress: NotStarted, Started, Done or Overdue.");
        api.MapDelete("/assignments/{assignmentId:long}", async (long classId, long assignmentId, ClaimsPrincipal user, AssignmentService assignments) =>
        {
            await assignments.DeleteAsync(user, classId, assignmentId);
            return TypedResults.NoContent();
        }).WithSummary("Removes an assignment; learners no longer see it. The learners' evidence is untouched.");
        api.MapPost("/announcements", async (long classId, AnnouncementRequest request, ClaimsPrincipal user, AnnouncementService announcements) =>
        {
            var posted = await announcements.PostAsync(user, classId, request.Text);
            return TypedResults.Created($"/api/teach/classes/{classId}/announcements/{posted.Id}", new AnnouncementDto(posted.Id, posted.Text, posted.PostedAt));
        }).WithSummary("Posts an announcement to the class; its learners see it on their home page for two weeks.");
        api.MapGet("/announcements", async (long classId, ClaimsPrincipal user, AnnouncementService announcements) =>
            TypedResults.Ok((await announcements.ForClassAsync(user, classId)).Select(a => new AnnouncementDto(a.Id, a.Text, a.PostedAt)).ToList()))
            .WithSummary("The class's announcements, newest first.");
        api.MapDelete("/announcements/{announcementId:long}", async (long classId, long announcementId, ClaimsPrincipal user, AnnouncementService announcements) =>
        {
            await announcements.DeleteAsync(user, classId, announcementId);
            return TypedResults.NoContent();
        }).WithSummary("Removes an announcement.");

        var me = app.MapGroup("/api/me").WithTags("Learning").RequireAuthorization().WithProblemDetails();
        me.MapGet("/assignments", async (ClaimsPrincipal user, AssignmentService assignments) =>
            TypedResults.Ok((await assignments.ForLearnerAsync(user.UserId())).Select(a => new LearnerAssignmentDto(
                a.Assignment.Id, a.Assignment.Title, a.ClassName, a.Course.Id, a.Skills.Select(s => s.Id.Value).ToList(), a.Assignment.DueOn, a.Assignment.Note,
                a.Progress.Standing.ToString(), a.Progress.Mastered, a.Progress.Total, a.NextUrl)).ToList()))
            .WithSummary("The signed-in learner's assignments from all their classes: not done first, by due date.");
        me.MapGet("/announcements", async (ClaimsPrincipal user, AnnouncementService announcements) =>
            TypedResults.Ok((await announcements.ForLearnerAsync(user.UserId())).Select(a => new LearnerAnnouncementDto(a.Id, a.ClassName, a.Text, a.PostedAt)).ToList()))
            .WithSummary("Recent announcements of the signed-in learner's classes.");
        return app;
    }

    /// <summary>The assignment page with the refusal and everything the teacher typed, so that nothing is lost.</summary>
    private static string BackToForm(long classId, string error, IFormCollection form)
    {
        var query = new List<KeyValuePair<string, string?>> { new("error", error) };
        foreach (var field in new[] { "course", "unit", "audience", "due", "title", "note", "skill", "learner" })
        {
            query.AddRange(form[field].Select(value => new KeyValuePair<string, string?>(field, value)));
        }

        return QueryHelpers.AddQueryString($"/teach/classes/{classId}/assignments", query) + "#new-assignment";
    }

    /// <summary>
    /// The assignment form: course, unit or skill (repeated), audience ("class", else the learner fields), due (yyyy-MM-dd,
    /// as a date input sends it), note and title.
    /// </summary>
    private static AssignmentRequest FromForm(IFormCollection form)
    {
        var due = form["due"].ToString();
        DateOnly? dueOn = null;
        if (!string.IsNullOrWhiteSpace(due))
        {
            dueOn = DateOnly.TryParseExact(due.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw LearningException.Invalid($"'{due}' is not a date: give it as yyyy-MM-dd.");
        }

        return new AssignmentRequest(
            form["course"].ToString(),
            form["unit"].ToString(),
            [.. form["skill"].OfType<string>()],
            form["audience"].ToString() == "class",
            [.. form["learner"].OfType<string>()],
            dueOn,
            form["note"].ToString(),
            form["title"].ToString());
    }

    private static AssignmentDto ToDto(AssignmentOverview o) => new(
        o.Assignment.Id,
        o.Assignment.Title,
        o.Course.Id,
        o.Assignment.UnitId,
        o.Skills.Select(s => s.Id.Value).ToList(),
        o.Assignment.ForWholeClass,
        o.Assignment.DueOn,
        o.Assignment.Note,
        o.Assignment.AssignedAt,
        o.Done,
        o.Overdue,
        o.Assignees.Select(a => new AssigneeDto(a.LearnerId, a.Name, a.Progress.Standing.ToString(), a.Progress.Mastered, a.Progress.Total, a.Progress.DoneAt)).ToList());
}
