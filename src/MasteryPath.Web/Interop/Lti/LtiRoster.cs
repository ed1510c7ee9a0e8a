using System.Net.Http.Headers;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>What a roster sync did.</summary>
public sealed record LtiRosterResult(int Joined, int Removed, int Members, string? Problem);

/// <summary>
/// Names and Role Provisioning Services 2.0: reads the LMS course's members (every page, by the Link header's
/// rel="next"), makes or matches an account for each learner (without an address when the LMS gives none), adds the
/// active ones to the class and takes the Inactive ones out. Teachers in the list are not added to the class.
/// </summary>
public sealed class LtiRoster(MasteryPathDb db, LtiServiceClient services, LtiLaunchService launches, ClassService classes, TimeProvider time, ILogger<LtiRoster> logger)
{
    public const string ActionRemove = "lti-class-remove";
    private const int MaxPages = 100;

    /// <summary>Syncs and never throws for the platform's faults: a launch must not fail because the roster could not be read.</summary>
    public async Task<LtiRosterResult> TrySyncAsync(long ltiContextId, CancellationToken cancellationToken)
    {
        try
        {
            return await SyncAsync(ltiContextId, cancellationToken);
        }
        catch (Exception ex) when (ex is LtiServiceException or LtiRefusedException or JsonException or UriFormatException)
        {
            logger.LogWarning("The LMS roster could not be synced: {Reason}", ex.Message);
            return new LtiRosterResult(0, 0, 0, ex.Message);
        }
    }

    private async Task<LtiRosterResult> SyncAsync(long ltiContextId, CancellationToken cancellationToken)
    {
        var context = await db.LtiContexts.AsNoTracking().SingleAsync(c => c.Id == ltiContextId, cancellationToken);
        var classId = context.ClassId;
        var platform = await db.LtiPlatforms.AsNoTracking().SingleAsync(p => p.Id == context.PlatformId, cancellationToken);
        var url = context.MembershipsUrl ?? throw new LtiServiceException("The LMS offers no roster service (NRPS) for this course.", transient: false);
        var members = new List<JsonElement>();
        for (var page = 0; url is not null && page < MaxPages; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.ims.lti-nrps.v2.membershipcontainer+json"));
            using var response = await services.SendAsync(platform, [LtiClaims.ScopeMemberships], request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new LtiServiceException($"{platform.Name} refused the roster ({(int)response.StatusCode}).", (int)response.StatusCode >= 500);
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (json.RootElement.TryGetProperty("members", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                members.AddRange(list.EnumerateArray().Select(m => m.Clone()));
            }

            url = NextLink(response);
        }

        int joined = 0, removed = 0;
        foreach (var member in members)
        {
            var subject = LtiMessage.Text(member, "user_id");
            var roles = member.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList() : [];
            if (subject is null || subject.Length > 255 || !roles.Any(LtiClaims.IsLearnerRole) || roles.Any(LtiClaims.IsTeacherRole))
            {
                continue;
            }

            var inactive = LtiMessage.Text(member, "status") is "Inactive" or "Deleted";
            var name = LtiLaunchService.Clean(LtiMessage.Text(member, "name") ?? string.Join(' ', new[] { LtiMessage.Text(member, "given_name"), LtiMessage.Text(member, "family_name") }.Where(n => !string.IsNullOrWhiteSpace(n))), 200);
            if (inactive)
            {
                var login = await db.UserLogins.AsNoTracking().SingleOrDefaultAsync(l => l.LoginProvider == LtiLaunchService.LoginProvider(platform.Issuer) && l.ProviderKey == subject, cancellationToken);
                if (login is not null && await classes.RemoveFromSystemAsync(classId, login.UserId, ActionRemove, $"Inactive in {platform.Name} (LTI roster)", cancellationToken))
                {
                    removed++;
                }

                continue;
            }

            var user = await launches.UserAsync(platform, subject, LtiMessage.Text(member, "email"), name, teacher: false, cancellationToken);
            joined += await launches.JoinAsync(classId, user.Id, platform.Name, cancellationToken) ? 1 : 0;
        }

        var now = time.GetUtcNow();
        await db.LtiContexts.Where(c => c.Id == ltiContextId).ExecuteUpdateAsync(s => s.SetProperty(c => c.RosterSyncedAt, now), cancellationToken);
        return new LtiRosterResult(joined, removed, members.Count, null);
    }

    /// <summary>The rel="next" address of an RFC 8288 Link header, if any.</summary>
    public static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length > 1 && pieces[0].StartsWith('<') && pieces[0].EndsWith('>')
                && pieces.Skip(1).Any(p => p.Replace(" ", string.Empty, StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
            {
                return pieces[0][1..^1];
            }
        }

        return null;
    }
}

public static class LtiRosterEndpoints
{
    /// <summary>POST /teach/classes/{id}/lti/roster-sync: the teacher's button on the roster page.</summary>
    public static IEndpointRouteBuilder MapLtiRoster(this IEndpointRouteBuilder app)
    {
        app.MapPost("/teach/classes/{classId:long}/lti/roster-sync", async (long classId, HttpContext context, MasteryPathDb db, LtiRoster roster, Teaching.TeachingService teaching, CancellationToken cancellationToken) =>
        {
            await teaching.GetClassAsync(context.User, classId, cancellationToken);
            var ltiContexts = await db.LtiContexts.Where(c => c.ClassId == classId && c.MembershipsUrl != null).Select(c => c.Id).ToListAsync(cancellationToken);
            if (ltiContexts.Count == 0)
            {
                return LtiPages.Refused("This class did not come from an LMS with a roster service, so there is nothing to sync.");
            }

            var results = new List<LtiRosterResult>();
            foreach (var id in ltiContexts)
            {
                results.Add(await roster.TrySyncAsync(id, cancellationToken));
            }

            var problem = results.Select(r => r.Problem).FirstOrDefault(p => p is not null);
            return problem is null
                ? Results.Redirect($"/teach/classes/{classId}/roster?lti-synced={results.Sum(r => r.Joined)}")
                : LtiPages.Refused("The LMS roster could not be read: " + problem, StatusCodes.Status502BadGateway);
        }).RequireAuthorization(Roles.Teacher).ExcludeFromDescription();
        return app;
    }
}
