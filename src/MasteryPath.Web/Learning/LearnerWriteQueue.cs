using System.Data.Common;
using System.Threading.Channels;
using MasteryPath.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Learning;

/// <summary>Marks the scope of the <see cref="LearnerWriteQueue"/>'s writer, whose learner writes run directly.</summary>
public sealed class LearnerWriterScope
{
    private readonly List<Action> _afterCommit = [];

    public bool IsWriter { get; set; }

    /// <summary>Runs <paramref name="action"/> once the batch holding the current write is committed (never if it is rolled back).</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    internal int PendingCount => _afterCommit.Count;

    internal void DiscardFrom(int count) => _afterCommit.RemoveRange(count, _afterCommit.Count - count);

    internal void RunCommitted(ILogger logger)
    {
        foreach (var action in _afterCommit)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "An after-commit notification failed");
            }
        }

        _afterCommit.Clear();
    }
}

/// <summary>
/// Group commit for SQLite: the answer path's writes (opening a question, answering it) run one after another on one
/// writer, many of them in one transaction with one fsync, instead of racing each other for SQLite's single write
/// lock. Each write keeps its own savepoint, so one that fails is rolled back alone; its caller learns the outcome only
/// after the transaction is committed, so every acknowledged answer is durable before its response. On PostgreSQL
/// (several writers, row locks) the queue is off and each request writes in its own short transaction.
/// </summary>
public sealed class LearnerWriteQueue(IServiceScopeFactory scopes, IOptions<MasteryPathOptions> options, ILogger<LearnerWriteQueue> logger) : BackgroundService
{
    /// <summary>Writes per transaction at most.</summary>
    public const int MaxBatch = 64;

    /// <summary>The writer's page cache: 64 MiB.</summary>
    private const int WriterCacheKib = 64 * 1024;

    private readonly Channel<Job> _jobs = Channel.CreateBounded<Job>(new BoundedChannelOptions(4096)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>True when writes go through the queue: SQLite, unless turned off in the options.</summary>
    public bool Enabled { get; } = options.Value.Provider == DatabaseProvider.Sqlite && options.Value.GroupCommit;

    /// <summary>Transactions committed so far, and the writes they held: their ratio is the mean batch size.</summary>
    public (long Transactions, long Writes) Committed => (Interlocked.Read(ref _transactions), Interlocked.Read(ref _writes));

    /// <summary>Command texts the writer keeps prepared, and the executions that reused one (<see cref="SqliteStatementCache"/>).</summary>
    public (int Kept, long Reused) Statements => _connectionOwner is { } owner ? SqliteStatementCache.CountsFor(owner.Database.GetDbConnection()) : (0, 0);

    private long _transactions;
    private long _writes;
    private MasteryPathDb? _connectionOwner;

    /// <summary>Runs <paramref name="write"/> on the writer, in the next batch; returns once that batch is committed.</summary>
    public async Task<T> RunAsync<T>(Func<LearningService, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var job = new Job<T>(write);
        await _jobs.Writer.WriteAsync(job, cancellationToken);

        // Once queued, the write happens even if the caller goes away: submissions are idempotent, a retry finds it.
        return await job.Completion;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Job>(MaxBatch);
        try
        {
            while (await _jobs.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _jobs.Reader.TryRead(out var job))
                {
                    batch.Add(job);
                }

                await RunBatchAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _jobs.Writer.TryComplete();
            while (_jobs.Reader.TryRead(out var job))
            {
                job.Fail(new OperationCanceledException("The server is stopping."));
            }
        }
    }

    private async Task RunBatchAsync(List<Job> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var writer = scope.ServiceProvider.GetRequiredService<LearnerWriterScope>();
            writer.IsWriter = true;
            var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
            db.Database.SetDbConnection(await WriterConnectionAsync(db, cancellationToken));

            // Each write below has a savepoint of its own, which a failing SaveChanges rolls back to; EF's own savepoint
            // around every SaveChanges in a transaction would add two statements to each save for nothing.
            db.Database.AutoSavepointsEnabled = false;
            var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
            var done = new List<Job>(batch.Count);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var job in batch)
            {
                await transaction.CreateSavepointAsync("write", cancellationToken);
                db.ChangeTracker.Clear();
                var notifications = writer.PendingCount;
                try
                {
                    await job.RunAsync(learning, cancellationToken);
                    await transaction.ReleaseSavepointAsync("write", cancellationToken);
                    done.Add(job);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    await transaction.RollbackToSavepointAsync("write", cancellationToken);
                    await transaction.ReleaseSavepointAsync("write", cancellationToken);
                    writer.DiscardFrom(notifications);
                    job.Fail(ex);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            Interlocked.Increment(ref _transactions);
            Interlocked.Add(ref _writes, done.Count);
            foreach (var job in done)
            {
                job.Complete();
            }

            writer.RunCommitted(logger);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A batch of {Count} learner writes could not be committed", batch.Count);
            await ResetWriterConnectionAsync();
            foreach (var job in batch.Where(j => !j.IsFinished))
            {
                job.Fail(ex);
            }
        }
    }

    /// <summary>
    /// The writer's own connection, kept open: SQLite drops a connection's page cache whenever another connection wrote
    /// since its last read, so with pooled connections the writer re-read its working set from the file on most batches.
    /// Under load nearly every write is the writer's own, so its cache stays warm. EF opens it (through a context kept
    /// for the purpose) so that it is set up as EF sets up its own connections.
    /// </summary>
    private async Task<DbConnection> WriterConnectionAsync(MasteryPathDb db, CancellationToken cancellationToken)
    {
        if (_connectionOwner is null)
        {
            var owner = DatabaseSetup.Create(DatabaseProvider.Sqlite, db.Database.GetConnectionString()!);
            try
            {
                await owner.Database.OpenConnectionAsync(cancellationToken);
                await owner.Database.ExecuteSqlRawAsync($"PRAGMA cache_size = -{WriterCacheKib};", cancellationToken);
                SqliteStatementCache.Keep((SqliteConnection)owner.Database.GetDbConnection());
            }
            catch
            {
                await owner.DisposeAsync();
                throw;
            }

            _connectionOwner = owner;
        }

        return _connectionOwner.Database.GetDbConnection();
    }

    private async Task ResetWriterConnectionAsync()
    {
        if (_connectionOwner is { } owner)
        {
            _connectionOwner = null;
            SqliteStatementCache.Forget(owner.Database.GetDbConnection());
            await owner.DisposeAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ResetWriterConnectionAsync();
    }

    private abstract class Job
    {
        public abstract bool IsFinished { get; }

        public abstract Task RunAsync(LearningService learning, CancellationToken cancellationToken);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Job<T>(Func<LearningService, CancellationToken, Task<T>> write) : Job
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Completion => _completion.Task;

        public override bool IsFinished => _completion.Task.IsCompleted;

        public override async Task RunAsync(LearningService learning, CancellationToken cancellationToken) =>
            _result = await write(learning, cancellationToken);

        public override void Complete() => _completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
