using MasteryPath.Data.LearnerModels;

namespace MasteryPath.Web.LearnerModels;

/// <summary>
/// A running job's progress, written to the database a few times a second at most (and every
/// <see cref="HeartbeatEvery"/> even when nothing moved, which is the job's heartbeat), so that a fit reporting from
/// its worker thread never waits for the database and every node's page shows the same bar.
/// </summary>
internal sealed class JobProgress(IServiceScopeFactory scopes, long jobId, ILogger logger) : IProgress<double>, IAsyncDisposable
{
    private static readonly TimeSpan WriteEvery = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private double _progress;
    private string _stage = "Starting";
    private bool _changed = true;
    private Task? _loop;

    public void Start() => _loop = Task.Run(LoopAsync);

    public void Report(double value)
    {
        lock (_gate)
        {
            _progress = value;
            _changed = true;
        }
    }

    public void Stage(string stage, double progress)
    {
        lock (_gate)
        {
            _stage = stage;
            _progress = progress;
            _changed = true;
        }
    }

    private async Task LoopAsync()
    {
        var sinceWrite = TimeSpan.Zero;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(WriteEvery, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            sinceWrite += WriteEvery;
            double progress;
            string stage;
            lock (_gate)
            {
                if (!_changed && sinceWrite < HeartbeatEvery)
                {
                    continue;
                }

                (progress, stage, _changed) = (_progress, _stage, false);
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<BackgroundJobQueue>().ReportAsync(jobId, progress, stage, _stop.Token);
                sinceWrite = TimeSpan.Zero;
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Could not record the progress of job {Job}", jobId);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }
}
