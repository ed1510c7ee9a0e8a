using System.ComponentModel.DataAnnotations;
using MasteryPath.Data;
using MasteryPath.Data.Privacy;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Privacy;

/// <summary>The "MasteryPath:Privacy" configuration section.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "MasteryPath:Privacy";

    /// <summary>
    /// Days the raw text of answers is kept (what a learner typed or picked); older text is removed, the evidence
    /// (right or wrong, skill, time) stays. Empty or 0: kept for ever (the default).
    /// </summary>
    [Range(0, 36_500, ErrorMessage = "MasteryPath:Privacy:AnswerTextRetentionDays must be a number of days from 1 to 36500, or 0 (or empty) to keep answer text for ever.")]
    public int? AnswerTextRetentionDays { get; set; }

    /// <summary>The retention period, or null when answer text is kept for ever.</summary>
    public TimeSpan? RetentionPeriod => AnswerTextRetentionDays is > 0 and var days ? TimeSpan.FromDays(days) : null;
}

/// <summary>
/// Removes the text of answers older than <see cref="PrivacyOptions.AnswerTextRetentionDays"/>
/// (<see cref="AnswerTextRetention.RemoveAsync"/>): once at start, then every hour of the app's clock. Does nothing when
/// the setting is empty or 0. Every node may run it; a row is only changed while it still holds text.
/// </summary>
public sealed class AnswerTextRetentionService(IServiceScopeFactory scopes, IOptions<PrivacyOptions> options, TimeProvider time, ILogger<AnswerTextRetentionService> logger) : BackgroundService
{
    /// <summary>The actor of the audit entries this service writes.</summary>
    public const string Actor = "retention";

    /// <summary>How often the text is looked for.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private int _runs;

    /// <summary>Runs finished (removing something or not) since start; a failed run does not count.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>What the last finished run removed, or null before the first.</summary>
    public AnswerTextRemoval? LastRemoval { get; private set; }

    /// <summary>Removes the text older than the retention period now; null when answer text is kept for ever.</summary>
    public async Task<AnswerTextRemoval?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (options.Value.RetentionPeriod is not { } retention)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        var now = time.GetUtcNow();
        var removal = await AnswerTextRetention.RemoveAsync(db, now - retention, Actor, now, cancellationToken: cancellationToken);
        if (removal.Total > 0)
        {
            logger.LogInformation(
                "Removed the text of {Events} answer event(s) and {Attempts} question(s) answered before {Cutoff:u} (kept {Days} days)",
                removal.AnswerEvents,
                removal.Attempts,
                removal.Cutoff,
                options.Value.AnswerTextRetentionDays);
        }

        LastRemoval = removal;
        Interlocked.Increment(ref _runs);
        return removal;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionPeriod is null)
        {
            return;
        }

        logger.LogInformation("Answer text is kept {Days} days, then removed (checked every {Interval})", options.Value.AnswerTextRetentionDays, Interval);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unreachable; the next hour tries again.
                logger.LogError(ex, "Could not remove old answer text");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

public static class AnswerTextRetentionSetup
{
    public static IServiceCollection AddAnswerTextRetention(this IServiceCollection services)
    {
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnswerTextRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<AnswerTextRetentionService>());
        return services;
    }
}
