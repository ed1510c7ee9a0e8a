using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Families;

/// <summary>The "MasteryPath:Families" section: when the weekly digest goes out.</summary>
public sealed class FamilyOptions
{
    public const string Section = "MasteryPath:Families";

    /// <summary>The day the digest of the week before goes out (UTC).</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    [Range(0, 23)]
    public int DigestHourUtc { get; set; } = 7;

    /// <summary>How often the worker looks for digests to send, in minutes of the app's clock.</summary>
    [Range(0.01, 1440)]
    public double CheckMinutes { get; set; } = 15;
}

/// <summary>
/// Sends each parent one email a week about each linked child's week (what was mastered, what is due, what to review),
/// through <see cref="MailOutbox"/>. A digest is recorded per parent and ISO week before it is sent, so a restart or a
/// second node never sends it again; a parent who opted out, or whose links are newer than the week, gets none. Time
/// comes from <see cref="TimeProvider"/> only.
/// </summary>
public sealed class FamilyDigestWorker(IServiceScopeFactory scopes, IOptions<FamilyOptions> options, IOptions<MailOptions> mail, TimeProvider time, ILogger<FamilyDigestWorker> logger) : BackgroundService
{
    private int _runs;

    /// <summary>Runs finished since start (sending something or not).</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>The week whose digest is due at <paramref name="now"/>: the last week whose sending time has passed.</summary>
    public static DateTimeOffset DueWeekStart(DateTimeOffset now, FamilyOptions options)
    {
        var thisWeek = LearningService.WeekStart(now);
        var sendAt = thisWeek.AddDays(((int)options.DigestDay + 6) % 7).AddHours(options.DigestHourUtc);
        return now >= sendAt ? thisWeek.AddDays(-7) : thisWeek.AddDays(-14);
    }

    public static string IsoWeek(DateTimeOffset weekStart) =>
        $"{ISOWeek.GetYear(weekStart.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(weekStart.UtcDateTime).ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>Sends the digests due now that were not sent yet; returns how many were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (!mail.Value.Configured)
        {
            Interlocked.Increment(ref _runs);
            return 0;
        }

        var from = DueWeekStart(time.GetUtcNow(), options.Value);
        var to = from.AddDays(7);
        var week = IsoWeek(from);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        var parents = await db.FamilyLinks.AsNoTracking()
            .Where(l => l.LinkedAt < to)
            .Where(l => !db.FamilyDigestOptOuts.Any(o => o.ParentId == l.ParentId))
            .Where(l => !db.FamilyDigests.Any(d => d.ParentId == l.ParentId && d.Week == week))
            .Select(l => l.ParentId).Distinct().ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var parentId in parents)
        {
            await using var parentScope = scopes.CreateAsyncScope();
            if (await SendAsync(parentScope.ServiceProvider, parentId, from, to, week, cancellationToken))
            {
                sent++;
            }
        }

        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} weekly family digest(s) for {Week}", sent, week);
        }

        Interlocked.Increment(ref _runs);
        return sent;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.CheckMinutes), time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Sending the weekly family digests failed; trying again at the next check");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> SendAsync(IServiceProvider services, string parentId, DateTimeOffset from, DateTimeOffset to, string week, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<MasteryPathDb>();
        var parent = await db.Users.AsNoTracking().SingleAsync(u => u.Id == parentId, cancellationToken);
        if (parent.Email is null || parent.DeactivatedAt is not null)
        {
            return false;
        }

        var childIds = await db.FamilyLinks.AsNoTracking().Where(l => l.ParentId == parentId && l.LinkedAt < to).Select(l => l.LearnerId).ToListAsync(cancellationToken);
        var children = await db.Users.AsNoTracking().Where(u => childIds.Contains(u.Id)).OrderBy(u => u.DisplayName).ToListAsync(cancellationToken);
        var reader = services.GetRequiredService<ChildWeekReader>();
        var weeks = new List<ChildWeek>();
        foreach (var child in children)
        {
            weeks.Add(await reader.ReadAsync(child, from, to, cancellationToken));
        }

        // Recorded first: the unique (parent, week) row is the claim, so two nodes or a restart never send it twice.
        db.FamilyDigests.Add(new FamilyDigest { ParentId = parentId, Week = week, SentAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return false;
        }

        return services.GetRequiredService<MailOutbox>().Enqueue(new OutgoingMail(parent.Email, $"{Names(weeks)}'s week at MasteryPath", Text(parent, weeks, from, mail.Value.PublicBaseUrl.TrimEnd('/'), options.Value)));
    }

    private static string Names(IReadOnlyList<ChildWeek> weeks) => FamilyWording.List(weeks.Select(w => w.FirstName).ToList());

    /// <summary>The digest's plain text.</summary>
    public static string Text(AppUser parent, IReadOnlyList<ChildWeek> weeks, DateTimeOffset from, string baseUrl, FamilyOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Hello {parent.DisplayName},");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Here is the week that began on {FamilyWording.Day(from)}.");
        foreach (var week in weeks)
        {
            text.AppendLine();
            text.AppendLine(week.Name);
            text.AppendLine(CultureInfo.InvariantCulture, $"  {FamilyWording.Mastered(week.FirstName, week.MasteredThisWeek, thisWeek: false)}");
            foreach (var course in week.Courses)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {course.CourseTitle}: {course.Mastered} of {course.Total} skills mastered so far.");
                foreach (var due in course.Due)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"    Due: {FamilyWording.Due(due)}");
                }

                if (course.ReadyToReview.Count > 0)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"    Ready to review: {FamilyWording.List(course.ReadyToReview)}");
                }

                if (course.WorkingOn.Count > 0)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"    Working on: {FamilyWording.List(course.WorkingOn)}");
                }
            }

            if (baseUrl.Length > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  More: {baseUrl}/family/child/{week.ChildId}");
            }
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"This digest comes every {options.DigestDay}. To stop it, untick \"Weekly email\" on your family page{(baseUrl.Length > 0 ? $" ({baseUrl}/family)" : string.Empty)}.");
        return text.ToString();
    }
}
