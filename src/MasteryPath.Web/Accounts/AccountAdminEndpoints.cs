using System.Security.Claims;
using MasteryPath.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MasteryPath.Web.Accounts;

public sealed record UserDto(string Id, string Email, string Name, IReadOnlyList<string> Roles, bool Active, bool MustChangePassword, DateTimeOffset CreatedAt, DateTimeOffset? LockedUntil);

/// <summary>A password someone set for a user: shown in this answer only.</summary>
public sealed record TemporaryPasswordDto(UserDto User, string TemporaryPassword);

public sealed record CreateUserRequest(string? Email, string? Name, IReadOnlyList<string>? Roles);

public sealed record SetRolesRequest(IReadOnlyList<string>? Roles);

/// <param name="Confirm">"remove": the removal cannot be undone.</param>
/// <param name="Reason">Why (e.g. "parent's request of 2026-12-01"), kept in the audit log.</param>
public sealed record PseudonymiseRequest(string? Confirm, string? Reason);

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string Action, string? Subject, long? ClassId, string? Details);

/// <summary>The admin's JSON API for accounts and the audit log, and a teacher's password reset for a learner of their class. The pages handle their own forms.</summary>
public static class AccountAdminEndpoints
{
    public static IServiceCollection AddAccountAdmin(this IServiceCollection services) => services.AddScoped<AccountAdminService>();

    public static IEndpointRouteBuilder MapAccountAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Accounts").RequireAuthorization(Roles.Admin).WithProblemDetails();
        admin.MapGet("/users", async (string? search, string? role, bool? active, AccountAdminService accounts) =>
            TypedResults.Ok((await accounts.ListAsync(new UserFilter(search, role, active))).Select(ToDto).ToList()))
            .WithSummary($"Users, by email; filtered by a part of the email or name, a role, active or not (at most {AccountAdminService.ListLimit}).");

        admin.MapPost("/users", async Task<Created<TemporaryPasswordDto>> (CreateUserRequest request, ClaimsPrincipal user, AccountAdminService accounts) =>
        {
            var created = await accounts.CreateAsync(user, request.Email, request.Name, request.Roles ?? []);
            return TypedResults.Created($"/api/admin/users/{created.User.Id}", ToDto(created));
        }).WithSummary("Creates an account with the roles given and a temporary password (in this answer only), which must be changed at first sign-in; 409 when the email has an account.");

        admin.MapGet("/users/{userId}", async (string userId, AccountAdminService accounts) => TypedResults.Ok(ToDto(await accounts.GetAsync(userId))))
            .WithSummary("One user.");

        admin.MapPut("/users/{userId}/roles", async (string userId, SetRolesRequest request, ClaimsPrincipal user, AccountAdminService accounts) =>
            TypedResults.Ok(ToDto(await accounts.SetRolesAsync(user, userId, request.Roles ?? []))))
            .WithSummary("Replaces the user's roles (learner, teacher, admin, author); their sessions pick them up within a minute.");

        admin.MapPost("/users/{userId}/deactivate", async (string userId, ClaimsPrincipal user, AccountAdminService accounts) =>
            TypedResults.Ok(ToDto(await accounts.SetActiveAsync(user, userId, active: false))))
            .WithSummary("Deactivates the account: it cannot sign in and its sessions end within a minute. Its learning evidence is kept.");

        admin.MapPost("/users/{userId}/reactivate", async (string userId, ClaimsPrincipal user, AccountAdminService accounts) =>
            TypedResults.Ok(ToDto(await accounts.SetActiveAsync(user, userId, active: true))))
            .WithSummary("Re-activates a deactivated account.");

        admin.MapPost("/users/{userId}/password-reset", async (string userId, ClaimsPrincipal user, AccountAdminService accounts) =>
            TypedResults.Ok(ToDto(await accounts.ResetPasswordAsync(user, userId))))
            .WithSummary("Sets a temporary password (in this answer only) that must be changed at next sign-in; ends the user's sessions and lifts a lockout.");

        admin.MapPost("/users/{userId}/pseudonymise", async (string userId, PseudonymiseRequest request, ClaimsPrincipal user, AccountAdminService accounts) =>
            TypedResults.Ok(ToDto(await accounts.PseudonymiseAsync(user, userId, request.Confirm, request.Reason))))
            .WithSummary($"Removes the person from their data on request (confirm: \"{AccountAdminService.PseudonymiseConfirmation}\"): name, email, password, typed answers, handed-in work and files, rating comments and the name on survey answers; the evidence stays for class statistics. Cannot be undone.");

        admin.MapGet("/audit", async (string? actor, string? action, string? subject, DateOnly? from, DateOnly? to, AccountAdminService accounts) =>
            TypedResults.Ok((await accounts.AuditAsync(new AuditFilter(actor, action, subject, from, to))).Select(ToDto).ToList()))
            .WithSummary($"The audit log, newest first (at most {AccountAdminService.AuditLimit}): filtered by a part of the actor's or subject's email, an action, and dates (UTC, inclusive).");

        app.MapPost("/api/teach/classes/{classId:long}/learners/{learnerId}/password-reset", async (long classId, string learnerId, ClaimsPrincipal user, AccountAdminService accounts) =>
            TypedResults.Ok(ToDto(await accounts.ResetLearnerPasswordAsync(user, classId, learnerId))))
            .WithTags("Classes").RequireAuthorization(Roles.Teacher).WithProblemDetails()
            .WithSummary("Sets a temporary password (in this answer only) for a learner of the class, to be changed at next sign-in.");
        return app;
    }

    public static UserDto ToDto(UserRow u) => new(u.Id, u.Email, u.Name, u.Roles, u.Active, u.MustChangePassword, u.CreatedAt, u.LockedUntil);

    private static TemporaryPasswordDto ToDto(TemporaryPassword t) => new(ToDto(t.User), t.Password);

    private static AuditEntryDto ToDto(AuditRow a) => new(a.Id, a.At, a.Actor, a.Action, a.Subject, a.ClassId, a.Details);
}
