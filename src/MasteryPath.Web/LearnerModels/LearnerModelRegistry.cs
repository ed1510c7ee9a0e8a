using System.Collections.Concurrent;
using System.Diagnostics;
using MasteryPath.Data.LearnerModels;
using MasteryPath.Domain.Learning;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.LearnerModels;

/// <summary>The learner model a course runs on: a fitted version, or the cold start (version 0).</summary>
public sealed record ModelInForce(string CourseId, int Version, long? VersionId, LearnerModel Model, DateTimeOffset? FittedAt)
{
    public bool IsColdStart => VersionId is null;

    /// <summary>"version 3" or "the cold start".</summary>
    public string Name => LearnerModelStore.Name(Version);

    public static ModelInForce ColdStart(string courseId) => new(courseId, LearnerModelStore.ColdStart, null, LearnerModel.ColdStart, null);
}

/// <summary>
/// The model in force per course, for everything that replays learner state. A cache: each node asks the database
/// for the active version's id at most every <see cref="MasteryPathOptions.ModelRefreshSeconds"/> (a one-row index
/// lookup) and reads the parameters only when the id changed, so several nodes on one database switch within that
/// time. Activating a version on this node refreshes it at once.
/// </summary>
public sealed class LearnerModelRegistry(IServiceScopeFactory scopes, IOptions<MasteryPathOptions> options, ILogger<LearnerModelRegistry> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(ModelInForce InForce, long CheckedAt);

    /// <summary>How long a node may run on a model after another node switched the course to a new one.</summary>
    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(options.Value.ModelRefreshSeconds);

    /// <remarks>
    /// The answer path calls this inside its transaction, holding a pooled connection, and a refresh needs a second
    /// one. So one request per course refreshes while the others go on with the entry they have, and requests for a
    /// course not read yet share one refresh: otherwise a class answering at once, as many requests as the pool
    /// has connections, each waited for a second connection and none ever came (pool starvation).
    /// </remarks>
    public async Task<ModelInForce> GetAsync(string courseId, CancellationToken cancellationToken = default)
    {
        var known = _entries.TryGetValue(courseId, out var entry);
        if (known && Stopwatch.GetElapsedTime(entry!.CheckedAt) < RefreshInterval)
        {
            return entry.InForce;
        }

        Lazy<Task<ModelInForce>>? mine = null;
        mine = new Lazy<Task<ModelInForce>>(() => RefreshSharedAsync(courseId, mine!));
        var refresh = _inFlight.GetOrAdd(courseId, mine);
        if (known && !ReferenceEquals(refresh, mine))
        {
            return entry!.InForce;
        }

        return await refresh.Value.WaitAsync(cancellationToken);
    }

    private readonly ConcurrentDictionary<string, Lazy<Task<ModelInForce>>> _inFlight = new(StringComparer.Ordinal);

    private async Task<ModelInForce> RefreshSharedAsync(string courseId, Lazy<Task<ModelInForce>> self)
    {
        try
        {
            // Not the caller's token: other requests wait on this refresh too.
            return await RefreshAsync(courseId, CancellationToken.None);
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(courseId, self));
        }
    }

    /// <summary>Asks the database now.</summary>
    public async Task<ModelInForce> RefreshAsync(string courseId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<LearnerModelStore>();
        var checkedAt = Stopwatch.GetTimestamp();
        var activeId = await store.ActiveIdAsync(courseId, cancellationToken);
        if (_entries.TryGetValue(courseId, out var entry) && entry.InForce.VersionId == activeId)
        {
            _entries[courseId] = entry with { CheckedAt = checkedAt };
            return entry.InForce;
        }

        var inForce = ModelInForce.ColdStart(courseId);
        if (activeId is { } id && await store.FindAsync(id, cancellationToken) is { } version)
        {
            try
            {
                inForce = new ModelInForce(courseId, version.Version, version.Id, LearnerModelJson.Model(version.ParametersJson), version.CreatedAt);
            }
            catch (FormatException ex)
            {
                // A model that cannot be read must not take the course down: its learners run on the cold start meanwhile.
                logger.LogError(ex, "Learner model version {Version} of {Course} cannot be read; the course runs on the cold start", version.Version, courseId);
            }
        }

        _entries[courseId] = new Entry(inForce, checkedAt);
        return inForce;
    }
}
