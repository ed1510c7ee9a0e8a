using System.Collections.Concurrent;
using MasteryPath.Data;
using MasteryPath.Data.LearnerModels;
using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MasteryPath.Web.Nodes;

/// <summary>
/// On PostgreSQL, listens on <see cref="LearnerModelStore.ChangedChannel"/> and refreshes this node's
/// <see cref="LearnerModelRegistry"/> entry for a course as soon as any process (another node, the CLI) puts a new model
/// in force there, instead of after up to <see cref="MasteryPathOptions.ModelRefreshSeconds"/>. The registry's polling
/// stays as the fallback: on SQLite, and while this connection is down (after reconnecting, every course is refreshed,
/// since notifications sent meanwhile are lost). Also listens on <see cref="LearnerChangedChannel"/>, which the answer
/// path notifies in the transaction that commits a learner's new state, and wakes this node's live dashboards
/// (<see cref="Teaching.ClassActivity"/>) for answers given on any node.
/// </summary>
public sealed class LearnerModelChangeListener(
    IServiceScopeFactory scopes,
    LearnerModelRegistry registry,
    CourseCatalog catalog,
    Teaching.ClassActivity activity,
    ILogger<LearnerModelChangeListener> logger) : BackgroundService
{
    /// <summary>The channel whose payload is the id of a learner whose state was just committed.</summary>
    public const string LearnerChangedChannel = "masterypath_learner_changed";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Set once this node listens; for tests and diagnostics.</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = await PostgresConnectionStringAsync();
        if (connectionString is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(connectionString, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                Listening = false;
                logger.LogWarning(ex, "Lost the learner-model notifications; polling every refresh interval until reconnected in {Delay}", RetryAfter);
                await Task.Delay(RetryAfter, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<string?> PostgresConnectionStringAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        if (!db.Database.IsNpgsql())
        {
            return null;
        }

        // Keepalives make a silently dropped connection fail, so that the loop reconnects instead of waiting forever.
        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 30;
        }

        return builder.ConnectionString;
    }

    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        var changed = new ConcurrentQueue<string>();
        connection.Notification += (_, e) =>
        {
            if (e.Channel == LearnerChangedChannel)
            {
                activity.LearnerChanged(e.Payload);
            }
            else
            {
                changed.Enqueue(e.Payload);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {LearnerModelStore.ChangedChannel}; LISTEN {LearnerChangedChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        Listening = true;
        foreach (var course in catalog.Courses)
        {
            await registry.RefreshAsync(course.Id, stoppingToken);
        }

        while (true)
        {
            await connection.WaitAsync(stoppingToken);
            while (changed.TryDequeue(out var courseId))
            {
                var inForce = await registry.RefreshAsync(courseId, stoppingToken);
                logger.LogInformation("Learner model of {Course} changed on another node: now {Model}", courseId, inForce.Name);
            }
        }
    }
}

/// <summary>Registers what keeps several nodes on one database in step.</summary>
public static class CrossNodeNotifications
{
    public static WebApplicationBuilder AddCrossNodeNotifications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<LearnerModelChangeListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LearnerModelChangeListener>());
        return builder;
    }
}
