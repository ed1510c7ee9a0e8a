using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching;

/// <summary>Which motivation elements the class's learners see; each is on unless the teacher turns it off.</summary>
public sealed record MotivationSettingsDto(bool Points, bool Streak, bool WeeklyGoal, bool Celebrations);

/// <summary>The teacher's switches for points, the daily streak, the weekly goal and celebrations (audited).</summary>
public static class ClassMotivation
{
    public static MotivationSettingsDto Of(SchoolClass schoolClass)
    {
        ArgumentNullException.ThrowIfNull(schoolClass);
        return new(!schoolClass.HidePoints, !schoolClass.HideStreak, !schoolClass.HideWeeklyGoal, !schoolClass.HideCelebrations);
    }

    public static async Task<MotivationSettingsDto> SetAsync(MasteryPathDb db, TeachingService teaching, TimeProvider time, ClaimsPrincipal teacher, long classId, MotivationSettingsDto settings, CancellationToken cancellationToken = default)
    {
        await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var schoolClass = await db.Classes.SingleAsync(c => c.Id == classId, cancellationToken);
        (schoolClass.HidePoints, schoolClass.HideStreak, schoolClass.HideWeeklyGoal, schoolClass.HideCelebrations) = (!settings.Points, !settings.Streak, !settings.WeeklyGoal, !settings.Celebrations);
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = teacher.UserId(), Action = "class-motivation", ClassId = classId, Details = $"points {OnOff(settings.Points)}, streak {OnOff(settings.Streak)}, weekly goal {OnOff(settings.WeeklyGoal)}, celebrations {OnOff(settings.Celebrations)}" });
        await db.SaveChangesAsync(cancellationToken);
        return Of(schoolClass);
    }

    public static IEndpointRouteBuilder MapClassMotivation(this IEndpointRouteBuilder app)
    {
        app.MapPost("/forms/teach/classes/{classId:long}/motivation", async (long classId, IFormCollection form, ClaimsPrincipal user, MasteryPathDb db, TeachingService teaching, TimeProvider time) =>
        {
            bool On(string name) => form[name].ToString() == "on";
            await SetAsync(db, teaching, time, user, classId, new MotivationSettingsDto(On("points"), On("streak"), On("weeklyGoal"), On("celebrations")));
            return Results.Redirect($"/teach/classes/{classId}/settings?motivation=saved#motivation");
        }).RequireAuthorization(Roles.Teacher).ExcludeFromDescription();

        var api = app.MapGroup("/api/teach/classes/{classId:long}/motivation").WithTags("Teaching").RequireAuthorization(Roles.Teacher).WithProblemDetails();
        api.MapGet("/", async (long classId, ClaimsPrincipal user, TeachingService teaching) => TypedResults.Ok(Of(await teaching.GetClassAsync(user, classId))))
            .WithSummary("Which motivation elements the class's learners see: points for accurate work, the daily streak, the weekly goal, celebrations.");
        api.MapPut("/", async (long classId, MotivationSettingsDto settings, ClaimsPrincipal user, MasteryPathDb db, TeachingService teaching, TimeProvider time) =>
            TypedResults.Ok(await SetAsync(db, teaching, time, user, classId, settings)))
            .WithSummary("Turns each motivation element on or off for the class's learners (an element is hidden from a learner when any of their classes taking the course turns it off).");
        return app;
    }

    private static string OnOff(bool on) => on ? "on" : "off";
}
