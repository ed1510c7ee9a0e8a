using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>Who a launch signed in, the class it stands for (none for a deep linking request without one) and where they land.</summary>
public sealed record LtiLaunchOutcome(AppUser User, bool IsTeacher, LtiContext? Context, LtiResourceLink? Link, string Landing);

/// <summary>
/// Turns a validated launch into MasteryPath's terms: the person (matched by the platform's issuer and subject id, or
/// linked once by the address the platform gives, or made), the LTI context as a class owned by the teacher who opened
/// it first, learners joining it, and the resource link's target (a course, unit or skill).
/// </summary>
public sealed class LtiLaunchService(MasteryPathDb db, UserManager<AppUser> users, CourseCatalog catalog, ClassService classes, TimeProvider time, ILogger<LtiLaunchService> logger)
{
    public const string ActionCreate = "lti-account-create";
    public const string ActionLink = "lti-account-link";
    public const string ActionClass = "lti-class-create";
    public const string ActionJoin = "lti-class-join";

    /// <summary>The Identity login provider of a platform's users: one per issuer (subject ids are unique per issuer).</summary>
    public static string LoginProvider(string issuer) => "lti:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issuer)))[..32];

    public async Task<LtiLaunchOutcome> ResolveAsync(LtiMessage message, CancellationToken cancellationToken)
    {
        var roles = message.Roles;
        var teacher = roles.Any(LtiClaims.IsTeacherRole);
        if (!teacher && !roles.Any(LtiClaims.IsLearnerRole))
        {
            throw new LtiRefusedException("Your role in this LMS course is neither instructor nor learner, so MasteryPath cannot tell what to show you.");
        }

        var user = await UserAsync(message.Platform, message.Subject, message.Text("email"), PersonName(message), teacher, cancellationToken);
        var context = await ContextAsync(message, user, teacher, cancellationToken);
        var link = context is null || message.MessageType != LtiClaims.ResourceLinkRequest ? null : await LinkAsync(message, context, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (context is not null && link is not null)
        {
            await classes.AddCourseFromSystemAsync(context.ClassId, link.CourseId, cancellationToken);
        }

        if (context is not null && !teacher)
        {
            await JoinAsync(context.ClassId, user.Id, message.Platform.Name, cancellationToken);
        }

        return new LtiLaunchOutcome(user, teacher, context, link, Landing(teacher, context, link));
    }

    /// <summary>The account for a platform's user: by subject id, else by an address the approved platform gives, else a new one.</summary>
    public async Task<AppUser> UserAsync(LtiPlatform platform, string subject, string? email, string? name, bool teacher, CancellationToken cancellationToken)
    {
        var provider = LoginProvider(platform.Issuer);
        var user = await users.FindByLoginAsync(provider, subject);
        email = CleanEmail(email);
        if (user is null && email is not null && await users.FindByEmailAsync(email) is { } existing)
        {
            if (await users.IsInRoleAsync(existing, Roles.Admin))
            {
                throw new LtiRefusedException("The address the LMS gives belongs to a MasteryPath admin account, which is never linked to an LMS account: sign in to MasteryPath directly.");
            }

            Check(await users.AddLoginAsync(existing, new UserLoginInfo(provider, subject, platform.Name)));
            Audit(existing.Id, ActionLink, null, $"{email}; signs in from {platform.Name} (LTI) from now on");
            user = existing;
        }

        if (user is null)
        {
            user = new AppUser
            {
                UserName = "lti-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(provider + "\n" + subject)))[..24],
                Email = email,
                EmailConfirmed = true,
                DisplayName = name ?? (email is null ? "LMS user" : email[..email.IndexOf('@', StringComparison.Ordinal)]),
                CreatedAt = time.GetUtcNow(),
            };
            // Identity accepts an account without an address (OptionalUniqueEmailValidator): NRPS rosters may name none.
            Check(await users.CreateAsync(user));
            Check(await users.AddToRoleAsync(user, teacher ? Roles.Teacher : Roles.Learner));
            Check(await users.AddLoginAsync(user, new UserLoginInfo(provider, subject, platform.Name)));

            Audit(user.Id, ActionCreate, null, $"{email ?? "(no address)"}; a {(teacher ? "teacher" : "learner")} account made at a launch from {platform.Name}");
        }
        else if (teacher && !await users.IsInRoleAsync(user, Roles.Teacher))
        {
            Check(await users.AddToRoleAsync(user, Roles.Teacher));
        }

        if (user.DeactivatedAt is not null)
        {
            throw new LtiRefusedException("Your MasteryPath account is deactivated: ask your school's admin.");
        }

        return user;
    }

    private async Task<LtiContext?> ContextAsync(LtiMessage message, AppUser user, bool teacher, CancellationToken cancellationToken)
    {
        var claim = message.Object(LtiClaims.Context);
        var contextId = LtiMessage.Text(claim, "id");
        if (contextId is null)
        {
            return null;
        }

        if (contextId.Length > 255)
        {
            throw new LtiRefusedException("The LMS course id (context id) is longer than 255 characters.");
        }

        var context = await db.LtiContexts.SingleOrDefaultAsync(c => c.PlatformId == message.Platform.Id && c.DeploymentId == message.DeploymentId && c.ContextId == contextId, cancellationToken);
        var title = Clean(LtiMessage.Text(claim, "title") ?? LtiMessage.Text(claim, "label"), 200) ?? "LMS course";
        if (context is null)
        {
            if (!teacher)
            {
                throw new LtiRefusedException("Your teacher has not opened MasteryPath in this LMS course yet; once they have, this link opens your work.");
            }

            await db.SaveChangesAsync(cancellationToken);
            var schoolClass = await classes.CreateFromSystemAsync(user.Id, title, ActionClass, $"'{title}' from {message.Platform.Name} (LTI context {contextId})", cancellationToken);
            context = new LtiContext { PlatformId = message.Platform.Id, DeploymentId = message.DeploymentId, ContextId = contextId, ClassId = schoolClass.Id, Title = title };
            db.LtiContexts.Add(context);
        }

        context.Title = title;
        context.MembershipsUrl = Url(LtiMessage.Text(message.Object(LtiClaims.NrpsService), "context_memberships_url")) ?? context.MembershipsUrl;
        context.LineItemsUrl = Url(LtiMessage.Text(message.Object(LtiClaims.AgsEndpoint), "lineitems")) ?? context.LineItemsUrl;
        await db.SaveChangesAsync(cancellationToken);
        return context;
    }

    private async Task<LtiResourceLink?> LinkAsync(LtiMessage message, LtiContext context, CancellationToken cancellationToken)
    {
        var resourceLink = message.Object(LtiClaims.ResourceLink);
        var linkId = LtiMessage.Text(resourceLink, "id")!;
        var link = await db.LtiResourceLinks.SingleOrDefaultAsync(l => l.LtiContextId == context.Id && l.ResourceLinkId == linkId, cancellationToken);
        var target = Target(message.Object(LtiClaims.Custom));
        if (target is null && link is null)
        {
            return null;
        }

        if (link is null)
        {
            link = new LtiResourceLink { LtiContextId = context.Id, ResourceLinkId = linkId, CourseId = target!.Value.Course, TargetKind = target.Value.Kind, TargetId = target.Value.Id };
            db.LtiResourceLinks.Add(link);
        }
        else if (target is { } changed)
        {
            (link.CourseId, link.TargetKind, link.TargetId) = changed;
        }

        link.Title = Clean(LtiMessage.Text(resourceLink, "title"), 200) ?? link.Title;
        var ags = message.Object(LtiClaims.AgsEndpoint);
        link.LineItemUrl = Url(LtiMessage.Text(ags, "lineitem")) ?? link.LineItemUrl;
        if (ags is { } endpoint && endpoint.TryGetProperty("scope", out var scopes) && scopes.ValueKind == JsonValueKind.Array)
        {
            link.ScopesJson = scopes.GetRawText().Length <= 2000 ? scopes.GetRawText() : link.ScopesJson;
        }

        return link;
    }

    /// <summary>What the link's custom parameters name, checked against the catalogue; null when they name nothing.</summary>
    public (string Course, string Kind, string Id)? Target(JsonElement? custom)
    {
        var courseId = LtiMessage.Text(custom, LtiClaims.CustomCourse);
        if (courseId is null)
        {
            return null;
        }

        if (catalog.Find(courseId) is not { } course)
        {
            throw new LtiRefusedException($"This LMS link names the course '{Clean(courseId, 100)}', which MasteryPath does not have: ask your teacher to pick it again.");
        }

        if (LtiMessage.Text(custom, LtiClaims.CustomSkill) is { } skill)
        {
            return course.SkillsById.Keys.Any(k => k.Value == skill) ? (courseId, "skill", skill) : throw new LtiRefusedException($"This LMS link names the skill '{Clean(skill, 100)}', which the course '{course.Title}' does not have.");
        }

        if (LtiMessage.Text(custom, LtiClaims.CustomUnit) is { } unit)
        {
            return course.Units.Any(u => u.Id == unit) ? (courseId, "unit", unit) : throw new LtiRefusedException($"This LMS link names the unit '{Clean(unit, 100)}', which the course '{course.Title}' does not have.");
        }

        return (courseId, "course", courseId);
    }

    /// <summary>Admits the learner to the LTI context's class as a join code would; false when they were in it already.</summary>
    public Task<bool> JoinAsync(long classId, string learnerId, string platformName, CancellationToken cancellationToken) =>
        classes.AdmitFromSystemAsync(classId, learnerId, ActionJoin, $"joined from {platformName} (LTI)", cancellationToken);

    private static string Landing(bool teacher, LtiContext? context, LtiResourceLink? link) => (teacher, link) switch
    {
        (true, _) when context is not null => $"/teach/classes/{context.ClassId}",
        (true, _) => "/teach",
        (false, { TargetKind: "skill" }) => $"/courses/{Uri.EscapeDataString(link.CourseId)}/skills/{Uri.EscapeDataString(link.TargetId)}",
        (false, { TargetKind: "unit" }) => $"/courses/{Uri.EscapeDataString(link.CourseId)}/map",
        (false, not null) => $"/courses/{Uri.EscapeDataString(link.CourseId)}",
        _ => "/",
    };

    private void Audit(string actor, string action, long? classId, string details) =>
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = actor, Action = action, SubjectUserId = actor, ClassId = classId, Details = details });

    private void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            logger.LogWarning("An LTI account change failed: {Errors}", string.Join(" ", result.Errors.Select(e => e.Code)));
            throw new LtiRefusedException("Your MasteryPath account could not be set up from this launch; try again, or ask your school's admin.");
        }
    }

    public static string? PersonName(LtiMessage message) =>
        Clean(message.Text("name") ?? string.Join(' ', new[] { message.Text("given_name"), message.Text("family_name") }.Where(n => !string.IsNullOrWhiteSpace(n))), 200);

    public static string? Clean(string? text, int max)
    {
        var clean = new string((text ?? string.Empty).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? null : clean.Length <= max ? clean : clean[..max];
    }

    public static string? CleanEmail(string? email)
    {
        email = email?.Trim();
        return string.IsNullOrEmpty(email) || email.Length > 256 || email.Any(char.IsControl) || email.Count(c => c == '@') != 1 ? null : email;
    }

    private static string? Url(string? url) => url is { Length: <= 1000 } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? url : null;
}
