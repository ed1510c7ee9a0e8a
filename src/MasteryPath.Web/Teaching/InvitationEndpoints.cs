using System.Security.Claims;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;

namespace MasteryPath.Web.Teaching;

public sealed record PendingInvitationDto(long Id, string Email, string Name, DateTimeOffset InvitedAt);

public sealed record LearnerInvitationDto(long Id, long ClassId, string ClassName, string Teacher, IReadOnlyList<string> Courses, DateTimeOffset InvitedAt);

/// <summary>Class invitations: the teacher's list and withdrawal, the learner's accept and decline (forms and JSON API).</summary>
public static class InvitationEndpoints
{
    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder app)
    {
        var teach = app.MapGroup("/api/teach/classes/{classId:long}/invitations").WithTags("Classes").RequireAuthorization(Roles.Teacher).WithProblemDetails();
        teach.MapGet(string.Empty, async (long classId, ClaimsPrincipal user, ClassService classes, TeachingService teaching) =>
            TypedResults.Ok((await classes.InvitationsAsync(await teaching.GetClassAsync(user, classId))).Select(i => new PendingInvitationDto(i.Id, i.Email, i.Name, i.InvitedAt)).ToList()))
            .WithSummary("The class's invitations nobody has answered yet: only the email and name the teacher typed.");
        teach.MapDelete("/{invitationId:long}", async (long classId, long invitationId, ClaimsPrincipal user, ClassService classes) =>
        {
            await classes.WithdrawAsync(user, classId, invitationId);
            return TypedResults.NoContent();
        }).WithSummary("Withdraws an invitation nobody has answered.");

        var learn = app.MapGroup("/api/invitations").WithTags("Learning").WithProblemDetails();
        learn.MapGet(string.Empty, async (ClaimsPrincipal user, ClassService classes) =>
            TypedResults.Ok((await classes.InvitationsForAsync(user)).Select(i => new LearnerInvitationDto(i.Id, i.ClassId, i.ClassName, i.TeacherName, i.Courses, i.InvitedAt)).ToList()))
            .WithSummary("The signed-in learner's open invitations to classes.");
        learn.MapPost("/{invitationId:long}/accept", async (long invitationId, ClaimsPrincipal user, ClassService classes) =>
        {
            var joined = await classes.AcceptAsync(user, invitationId);
            return TypedResults.Ok(new JoinedDto(joined.Id, joined.Name, joined.Courses.Select(c => c.CourseId).Order(StringComparer.Ordinal).ToList(), false));
        }).WithSummary("Accepts an invitation: the learner joins the class and its courses, and its teacher sees their work from now on.");
        learn.MapPost("/{invitationId:long}/decline", async (long invitationId, ClaimsPrincipal user, ClassService classes) =>
        {
            await classes.DeclineAsync(user, invitationId);
            return TypedResults.NoContent();
        }).WithSummary("Declines an invitation: the teacher never sees the learner's work.");

        var forms = app.MapGroup("/forms").ExcludeFromDescription();
        forms.MapPost("/teach/classes/{classId:long}/invitations/{invitationId:long}/withdraw", async (long classId, long invitationId, IFormCollection form, ClaimsPrincipal user, ClassService classes) =>
        {
            await classes.WithdrawAsync(user, classId, invitationId);
            return Results.Redirect($"/teach/classes/{classId}/roster?withdrawn=1#invitations");
        }).RequireAuthorization(Roles.Teacher);
        forms.MapPost("/invitations/{invitationId:long}/accept", async (long invitationId, IFormCollection form, ClaimsPrincipal user, ClassService classes) =>
        {
            var joined = await classes.AcceptAsync(user, invitationId);
            return Results.Redirect($"/join?joined={joined.Id}");
        });
        forms.MapPost("/invitations/{invitationId:long}/decline", async (long invitationId, IFormCollection form, ClaimsPrincipal user, ClassService classes) =>
        {
            await classes.DeclineAsync(user, invitationId);
            return Results.Redirect("/join?declined=1");
        });
        return app;
    }
}
