using System.Diagnostics;
using System.Globalization;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// The class dashboard's live updates (docs/adr/0017): <c>GET /teach/classes/{id}/events</c> streams
/// <c>text/event-stream</c> to the class's teacher (or an admin; anyone else is refused like the dashboard) with a
/// <c>changed</c> event when a learner of the class has answered, at most one per <see cref="MasteryPathOptions.LiveCoalesceSeconds"/>,
/// and a heartbeat comment every <see cref="MasteryPathOptions.LiveHeartbeatSeconds"/>.
/// </summary>
public static class DashboardEvents
{
    public const string ContentType = "text/event-stream";

    public static IServiceCollection AddDashboardEvents(this IServiceCollection services) => services.AddSingleton<ClassActivity>();

    public static IEndpointRouteBuilder MapDashboardEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/teach/classes/{classId:long}/events", StreamAsync).RequireAuthorization(Roles.Teacher).ExcludeFromDescription();
        return app;
    }

    private static async Task StreamAsync(long classId, HttpContext context, TeachingService teaching, MasteryPathDb db, ClassActivity activity, IOptions<MasteryPathOptions> options)
    {
        var cancellationToken = context.RequestAborted;

        // Refuses someone else's class (404) before anything is streamed.
        var schoolClass = await teaching.GetClassAsync(context.User, classId, cancellationToken);
        using var subscription = activity.Subscribe(classId, schoolClass.Members.Select(m => m.LearnerId));

        var heartbeat = TimeSpan.FromSeconds(options.Value.LiveHeartbeatSeconds);
        var coalesce = TimeSpan.FromSeconds(options.Value.LiveCoalesceSeconds);
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            // The browser reconnects after 5 s when the connection drops.
            await WriteAsync(response, "retry: 5000\n: connected\n\n", cancellationToken);
            var sinceRoster = Stopwatch.StartNew();
            var sent = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await subscription.WaitAsync(heartbeat, cancellationToken))
                {
                    sent++;
                    await WriteAsync(response, string.Create(CultureInfo.InvariantCulture, $"id: {sent}\nevent: changed\ndata: {classId}\n\n"), cancellationToken);

                    // Changes signalled while this waits are coalesced into the next event.
                    await Task.Delay(coalesce, cancellationToken);
                }
                else
                {
                    await WriteAsync(response, ": heartbeat\n\n", cancellationToken);
                }

                if (sinceRoster.Elapsed >= heartbeat)
                {
                    // Learners added to or removed from the class since the stream opened.
                    subscription.SetLearners(await db.ClassMemberships.AsNoTracking().Where(m => m.ClassId == classId).Select(m => m.LearnerId).ToListAsync(cancellationToken));
                    sinceRoster.Restart();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The teacher left the page.
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
