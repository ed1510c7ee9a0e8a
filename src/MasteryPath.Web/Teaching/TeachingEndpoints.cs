using System.Security.Claims;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.Teaching;

public sealed record ClassDto(long Id, string Name, IReadOnlyList<string> Courses, int Learners, string JoinCode);

public sealed record LearnerSkillDto(string SkillId, string State, double Probability, int Evidence, bool ReadyForCheck);

public sealed record LearnerRowDto(string LearnerId, string Name, string Placement, int Mastered, DateTimeOffset? LastActivity, IReadOnlyList<LearnerSkillDto> Skills);

public sealed record ReteachDto(string SkillId, IReadOnlyList<string> Stuck, IReadOnlyList<string> Tutors, string? ProposedTutor, string? SharedMisconception, IReadOnlyList<string> SharingMisconception);

public sealed record HelpDto(string LearnerId, string SkillId, string State, string Reason, int WrongInARow);

public sealed record DashboardDto(long ClassId, string Name, string CourseId, IReadOnlyList<LearnerRowDto> Learners, IReadOnlyList<ReteachDto> Reteach, IReadOnlyList<HelpDto> NeedsHelp);

public sealed record OverrideRequest(string? Course, string Skill, bool Mastered, string Reason);

public sealed record LearnerDetailDto(string LearnerId, string Name, string Placement, IReadOnlyList<string> PlacedSkills, double MinutesSpent, int Answers, IReadOnlyList<LearnerSkillDto> Skills);

/// <summary>The teacher's forms and JSON API; the "teacher" policy admits teachers and admins, and each call checks the class is theirs.</summary>
public static class TeachingEndpoints
{
    public static IEndpointRouteBuilder MapTeaching(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/teach/classes/{classId:long}/learners/{learnerId}").RequireAuthorization(Roles.Teacher).ExcludeFromDescription();
        forms.MapPost("/reset-placement", async (long classId, string learnerId, [FromForm] string? course, ClaimsPrincipal user, TeachingService teaching) =>
        {
            await teaching.ResetPlacementAsync(user, classId, learnerId, course);
            return Results.Redirect($"/teach/classes/{classId}/learners/{learnerId}?course={Uri.EscapeDataString(course ?? string.Empty)}&done=placement");
        });
        forms.MapPost("/reset-skill", async (long classId, string learnerId, [FromForm] string skill, [FromForm] string? course, ClaimsPrincipal user, TeachingService teaching) =>
        {
            await teaching.ResetSkillAsync(user, classId, learnerId, skill, course);
            return Results.Redirect($"/teach/classes/{classId}/learners/{learnerId}?course={Uri.EscapeDataString(course ?? string.Empty)}&skill={Uri.EscapeDataString(skill)}&done=skill");
        });

        var classForms = app.MapGroup("/forms/teach/classes/{classId:long}").RequireAuthorization(Roles.Teacher).ExcludeFromDescription();
        classForms.MapPost("/learners/{learnerId}/override", async (long classId, string learnerId, [FromForm] string? course, [FromForm] string skill, [FromForm] string? mastered, [FromForm] string? reason, ClaimsPrincipal user, TeachingService teaching) =>
        {
            await teaching.OverrideAsync(user, classId, learnerId, course, skill, mastered == "true", reason);
            return Results.Redirect($"/teach/classes/{classId}/learners/{learnerId}?course={Uri.EscapeDataString(course ?? string.Empty)}&skill={Uri.EscapeDataString(skill)}&done=override#timeline");
        });

        var api = app.MapGroup("/api/teach").WithTags("Teaching").RequireAuthorization(Roles.Teacher).WithProblemDetails();
        api.MapGet("/classes", async (ClaimsPrincipal user, TeachingService teaching) =>
            TypedResults.Ok((await teaching.ClassesAsync(user)).Select(c => new ClassDto(c.Id, c.Name, c.Courses.Select(x => x.CourseId).Order(StringComparer.Ordinal).ToList(), c.Members.Count, c.JoinCode)).ToList()))
            .WithSummary("The signed-in teacher's classes (all classes for an admin).");
        api.MapGet("/classes/{classId:long}/dashboard", async (long classId, string? course, ClaimsPrincipal user, TeachingService teaching) =>
        {
            var d = await teaching.DashboardAsync(user, classId, course);
            return TypedResults.Ok(new DashboardDto(
                d.Class.Id,
                d.Class.Name,
                d.Course.Id,
                d.Learners.Select(ToDto).ToList(),
                d.Reteach.Select(g => new ReteachDto(
                    g.Skill.Value,
                    g.Stuck.Select(l => l.LearnerId).ToList(),
                    g.Tutors.Select(l => l.LearnerId).ToList(),
                    g.ProposedTutor?.LearnerId,
                    g.Misconception?.Feedback,
                    g.Misconception?.LearnerIds ?? [])).ToList(),
                d.NeedsHelp.Select(a => new HelpDto(a.Learner.LearnerId, a.Status.Skill.Value, a.Status.State.ToString(), a.Reason, a.Status.WrongInARow)).ToList()));
        }).WithSummary("Learners × skills with state and P(mastered), recomputed from the answer-event log; who needs help now and why; re-teach groups with a shared misconception and a proposed peer tutor.");
        api.MapGet("/classes/{classId:long}/learners/{learnerId}", async (long classId, string learnerId, string? course, ClaimsPrincipal user, TeachingService teaching) =>
        {
            var d = await teaching.LearnerAsync(user, classId, learnerId, course);
            return TypedResults.Ok(new LearnerDetailDto(
                learnerId,
                d.Learner.DisplayName,
                d.Placement.State.ToString(),
                d.PlacedSkills,
                Math.Round(d.MinutesSpent, 1),
                d.Answers,
                d.State.Statuses.Select(s => new LearnerSkillDto(s.Skill.Value, s.State.ToString(), s.Probability, s.Evidence, s.ReadyForCheck)).ToList()));
        }).WithSummary("One learner of the class: placement, time spent and every skill's state.");
        api.MapPost("/classes/{classId:long}/learners/{learnerId}/reset-placement", async (long classId, string learnerId, string? course, ClaimsPrincipal user, TeachingService teaching) =>
        {
            await teaching.ResetPlacementAsync(user, classId, learnerId, course);
            return TypedResults.NoContent();
        }).WithSummary("Resets the learner's placement: skills it placed as known are reset and the learner is placed again on next entry.");
        api.MapPost("/classes/{classId:long}/learners/{learnerId}/override", async (long classId, string learnerId, OverrideRequest request, ClaimsPrincipal user, TeachingService teaching) =>
        {
            await teaching.OverrideAsync(user, classId, learnerId, request.Course, request.Skill, request.Mastered, request.Reason);
            return TypedResults.NoContent();
        }).WithSummary("Overrides a learner's mastery of a skill; the reason is required and audited.");
        return app;
    }

    private static LearnerRowDto ToDto(LearnerRow row) => new(
        row.LearnerId,
        row.Name,
        row.Placement.ToString(),
        row.Mastered,
        row.LastActivity,
        row.Skills.Values.Select(s => new LearnerSkillDto(s.Skill.Value, s.State.ToString(), Math.Round(s.Probability, 4), s.Evidence, s.ReadyForCheck)).ToList());
}
