using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>
/// Grade passback (AGS 2.0) kept off the answer path: <see cref="ScanAsync"/> compares each LTI learner's score on
/// each linked assignment with the last one queued and writes a new row to the outbox table when it changed;
/// <see cref="DeliverAsync"/> sends due rows to the platform's line item, and a failure only sets the row's next try
/// (doubling from <see cref="LtiOptions.RetryFirstSeconds"/> up to an hour), so nothing is lost while the LMS is down.
/// </summary>
public sealed class LtiGradePassback(MasteryPathDb db, LearningService learning, LtiServiceClient services, TimeProvider time, IOptions<LtiOptions> options, ILogger<LtiGradePassback> logger)
{
    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<LtiServiceException>(e => e.Transient),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    /// <summary>Queues a score for every LTI learner whose score on a graded link differs from the last one queued; returns how many.</summary>
    public async Task<int> ScanAsync(DateTimeOffset? activeSince, CancellationToken cancellationToken)
    {
        var links = await (from link in db.LtiResourceLinks.AsNoTracking()
                           join context in db.LtiContexts.AsNoTracking() on link.LtiContextId equals context.Id
                           join platform in db.LtiPlatforms.AsNoTracking() on context.PlatformId equals platform.Id
                           join schoolClass in db.Classes.AsNoTracking() on context.ClassId equals schoolClass.Id
                           where link.LineItemUrl != null || context.LineItemsUrl != null
                           select new { Link = link, context.ClassId, platform.Issuer, schoolClass.BandsJson }).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var item in links)
        {
            var provider = LtiLaunchService.LoginProvider(item.Issuer);
            var bands = ClassBands.Parse(item.BandsJson);
            var learners = await (from member in db.ClassMemberships.AsNoTracking()
                                  join login in db.UserLogins.AsNoTracking() on member.LearnerId equals login.UserId
                                  join enrollment in db.Enrollments.AsNoTracking() on member.LearnerId equals enrollment.UserId
                                  where member.ClassId == item.ClassId && login.LoginProvider == provider && enrollment.CourseId == item.Link.CourseId
                                        && (activeSince == null || enrollment.LastActivityAt >= activeSince)
                                  select new { member.LearnerId, login.ProviderKey }).ToListAsync(cancellationToken);
            foreach (var learner in learners)
            {
                var state = await learning.LoadAsync(learner.LearnerId, item.Link.CourseId, cancellationToken);
                var score = LtiScores.For(state, item.Link.TargetKind, item.Link.TargetId, bands);
                var last = await db.LtiScoreOutbox.AsNoTracking().Where(o => o.ResourceLinkId == item.Link.Id && o.UserId == learner.LearnerId)
                    .OrderByDescending(o => o.Id).Select(o => new { o.ScoreGiven, o.ScoreMaximum, o.ActivityProgress }).FirstOrDefaultAsync(cancellationToken);
                if (last is not null && last.ScoreGiven.Equals(score.Given) && last.ScoreMaximum.Equals(score.Maximum) && last.ActivityProgress == score.ActivityProgress)
                {
                    continue;
                }

                var now = time.GetUtcNow();
                db.LtiScoreOutbox.Add(new LtiScoreOutbox
                {
                    ResourceLinkId = item.Link.Id,
                    UserId = learner.LearnerId,
                    PlatformUserId = learner.ProviderKey,
                    ScoreGiven = score.Given,
                    ScoreMaximum = score.Maximum,
                    ActivityProgress = score.ActivityProgress,
                    GradingProgress = score.GradingProgress,
                    Timestamp = now,
                    NextAttemptAt = now,
                });
                queued++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }

    /// <summary>Sends the due rows of the outbox, oldest first; returns how many were delivered.</summary>
    public async Task<int> DeliverAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.LtiScoreOutbox.Where(o => o.SentAt == null && o.NextAttemptAt <= now).OrderBy(o => o.Id).Take(50).ToListAsync(cancellationToken);
        var delivered = 0;
        var down = new HashSet<long>();
        var scales = new Dictionary<long, IReadOnlyList<Band>>();
        foreach (var row in due)
        {
            var link = await db.LtiResourceLinks.SingleAsync(l => l.Id == row.ResourceLinkId, cancellationToken);
            var context = await db.LtiContexts.AsNoTracking().SingleAsync(c => c.Id == link.LtiContextId, cancellationToken);
            var platform = await db.LtiPlatforms.AsNoTracking().SingleAsync(p => p.Id == context.PlatformId, cancellationToken);
            if (down.Contains(platform.Id))
            {
                Postpone(row, "the platform did not answer earlier in this round");
                continue;
            }

            try
            {
                if (!scales.TryGetValue(context.ClassId, out var bands))
                {
                    bands = ClassBands.Parse(await db.Classes.AsNoTracking().Where(c => c.Id == context.ClassId).Select(c => c.BandsJson).SingleOrDefaultAsync(cancellationToken));
                    scales[context.ClassId] = bands;
                }

                await Retry.ExecuteAsync(async token => await SendAsync(platform, context, link, row, bands, token), cancellationToken);
                row.SentAt = time.GetUtcNow();
                row.LastError = null;
                delivered++;
            }
            catch (LtiServiceException ex)
            {
                if (ex.Transient)
                {
                    down.Add(platform.Id);
                }

                logger.LogWarning("A score for {Platform} was not delivered (try {Attempt}): {Reason}", platform.Name, row.Attempts + 1, ex.Message);
                Postpone(row, ex.Message);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return delivered;
    }

    private void Postpone(LtiScoreOutbox row, string reason)
    {
        row.Attempts++;
        row.NextAttemptAt = time.GetUtcNow() + OutboxRetry.Backoff(row.Attempts, TimeSpan.FromSeconds(options.Value.RetryFirstSeconds));
        row.LastError = OutboxRetry.Shorten(reason);
    }

    private async Task SendAsync(LtiPlatform platform, LtiContext context, LtiResourceLink link, LtiScoreOutbox row, IReadOnlyList<Band> bands, CancellationToken cancellationToken)
    {
        link.LineItemUrl ??= await FindOrCreateLineItemAsync(platform, context, link, row.ScoreMaximum, cancellationToken);
        var body = JsonSerializer.Serialize(new
        {
            userId = row.PlatformUserId,
            scoreGiven = row.ScoreGiven,
            scoreMaximum = row.ScoreMaximum,
            activityProgress = row.ActivityProgress,
            gradingProgress = row.GradingProgress,
            timestamp = row.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            comment = $"MasteryPath: {LtiScores.LevelName(bands, row.ScoreGiven)}",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, ServiceUrl(link.LineItemUrl, "/scores"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/vnd.ims.lis.v1.score+json"),
        };
        using var response = await services.SendAsync(platform, [LtiClaims.ScopeScore], request, cancellationToken);
        await EnsureAsync(platform, response, "the score", cancellationToken);
    }

    /// <summary>The line item of a link the platform made none for: found by resource link id among the context's, or made (AGS lineitems service).</summary>
    private async Task<string> FindOrCreateLineItemAsync(LtiPlatform platform, LtiContext context, LtiResourceLink link, double scoreMaximum, CancellationToken cancellationToken)
    {
        var lineItems = context.LineItemsUrl ?? throw new LtiServiceException("The LMS gave this assignment no line item and no line items service.", transient: false);
        using (var find = new HttpRequestMessage(HttpMethod.Get, Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(lineItems, "resource_link_id", link.ResourceLinkId)))
        {
            find.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.ims.lis.v2.lineitemcontainer+json"));
            using var found = await services.SendAsync(platform, [LtiClaims.ScopeLineItem, LtiClaims.ScopeScore], find, cancellationToken);
            await EnsureAsync(platform, found, "the line items", cancellationToken);
            using var json = JsonDocument.Parse(await found.Content.ReadAsStringAsync(cancellationToken));
            if (json.RootElement.ValueKind == JsonValueKind.Array && json.RootElement.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
                && first.TryGetProperty("id", out var id) && id.GetString() is { } existing)
            {
                return existing;
            }
        }

        var body = JsonSerializer.Serialize(new { scoreMaximum, label = link.Title ?? "MasteryPath mastery", resourceLinkId = link.ResourceLinkId, resourceId = $"{link.TargetKind}:{link.CourseId}:{link.TargetId}", tag = "masterypath-mastery" });
        using var create = new HttpRequestMessage(HttpMethod.Post, lineItems) { Content = new StringContent(body, Encoding.UTF8, "application/vnd.ims.lis.v2.lineitem+json") };
        using var created = await services.SendAsync(platform, [LtiClaims.ScopeLineItem, LtiClaims.ScopeScore], create, cancellationToken);
        await EnsureAsync(platform, created, "a new line item", cancellationToken);
        using var made = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellationToken));
        return made.RootElement.GetProperty("id").GetString() ?? throw new LtiServiceException("The LMS made a line item without an id.", transient: false);
    }

    private async Task EnsureAsync(LtiPlatform platform, HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            services.Forget(platform);
        }

        var transient = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.RequestTimeout;
        throw new LtiServiceException($"{platform.Name} refused {what} ({(int)response.StatusCode}): {OutboxRetry.Shorten(await response.Content.ReadAsStringAsync(cancellationToken))}", transient);
    }

    /// <summary>A service address with a path appended before its query string (AGS: {lineitem}/scores).</summary>
    public static Uri ServiceUrl(string baseUrl, string suffix)
    {
        var builder = new UriBuilder(baseUrl);
        builder.Path = builder.Path.TrimEnd('/') + suffix;
        return builder.Uri;
    }
}

/// <summary>Runs the scan and the delivery of grade passback in the background, on real time (the app's clock only stamps).</summary>
public sealed class LtiGradePassbackWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<LtiOptions> options, ILogger<LtiGradePassbackWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? activeSince = null;
        var nextScan = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var passback = scope.ServiceProvider.GetRequiredService<LtiGradePassback>();
                if (DateTimeOffset.UtcNow >= nextScan)
                {
                    // Learners active since a little before the last scan: the app's clock may lag the answer path's stamps.
                    var started = time.GetUtcNow().AddMinutes(-5);
                    await passback.ScanAsync(activeSince, stoppingToken);
                    activeSince = started;
                    nextScan = DateTimeOffset.UtcNow.AddSeconds(options.Value.ScoreScanSeconds);
                }

                await passback.DeliverAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "LTI grade passback failed this round");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(options.Value.OutboxPollSeconds, options.Value.ScoreScanSeconds)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
