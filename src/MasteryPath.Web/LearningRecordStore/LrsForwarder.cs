using MasteryPath.Data;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Reports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.LearningRecordStore;

/// <summary>
/// Forwards xAPI statements to the admin's Learning Record Store. Every <see cref="MasteryPathOptions.LrsPollSeconds"/>
/// (and at once on "send now") it derives the statements of every class's answer-event log into the outbox table, the
/// new ones only (ADR "xAPI outbox"), then sends what is due, oldest first. Nothing is lost while the LRS is down: a
/// statement stays in the outbox until the LRS has taken it, and is tried again after an exponential backoff.
/// </summary>
public sealed class LrsForwarder(IServiceScopeFactory scopes, IOptions<MasteryPathOptions> options, ILogger<LrsForwarder> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _oneRoundAtATime = new(1);

    // The newest answer event each class × course was derived from: unchanged logs are not replayed again.
    private readonly Dictionary<(long ClassId, string CourseId), long> _derivedUpTo = [];

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.LrsPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
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
                // The database may be briefly unreachable; the next round tries again and the outbox keeps everything.
                logger.LogError(ex, "The LRS forwarder could not run");
            }

            try
            {
                await _wake.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: derive, then send what is due. Public for the tests.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneRoundAtATime.WaitAsync(cancellationToken);
        try
        {
            await RunRoundAsync(cancellationToken);
        }
        finally
        {
            _oneRoundAtATime.Release();
        }
    }

    private async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<MasteryPathDb>();
        if (await LrsSettingsService.ForSendingAsync(db, services.GetRequiredService<IDataProtectionProvider>(), cancellationToken) is not { } connection)
        {
            return;
        }

        await DeriveAsync(services, db, cancellationToken);
        await services.GetRequiredService<LrsSender>().SendDueAsync(connection.Connection, connection.Secret, cancellationToken);
    }

    private async Task DeriveAsync(IServiceProvider services, MasteryPathDb db, CancellationToken cancellationToken)
    {
        var reports = services.GetRequiredService<ReportService>();
        var catalog = services.GetRequiredService<CourseCatalog>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var classes = await db.Classes.AsNoTracking().Include(c => c.Members).Include(c => c.Courses).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        foreach (var schoolClass in classes)
        {
            var memberIds = schoolClass.Members.Select(m => m.LearnerId).ToList();
            foreach (var courseId in schoolClass.Courses.Select(c => c.CourseId).Where(id => catalog.Find(id) is not null))
            {
                var newest = await db.AnswerEvents.Where(e => e.CourseId == courseId && memberIds.Contains(e.UserId)).MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
                if (_derivedUpTo.TryGetValue((schoolClass.Id, courseId), out var derived) && derived == newest)
                {
                    continue;
                }

                var log = await reports.ClassLogAsync(schoolClass, catalog.Get(courseId), cancellationToken);
                var statements = reports.Xapi(log);
                // Only these statements' ids are looked up: the outbox keeps every statement ever sent.
                var ids = statements.Select(s => s.Id).ToList();
                var known = (await db.XapiOutbox.Where(e => ids.Contains(e.StatementId)).Select(e => e.StatementId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
                foreach (var statement in statements.Where(s => known.Add(s.Id)))
                {
                    db.XapiOutbox.Add(new XapiOutboxEntry
                    {
                        StatementId = statement.Id,
                        ClassId = schoolClass.Id,
                        CourseId = courseId,
                        Json = System.Text.Json.JsonSerializer.Serialize(statement, System.Text.Json.JsonSerializerOptions.Web),
                        Status = OutboxStatus.Queued,
                        CreatedAt = now,
                        NextAttemptAt = now,
                    });
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Another node derived the same statements at the same moment: theirs are the same rows.
                    db.ChangeTracker.Clear();
                    continue;
                }

                _derivedUpTo[(schoolClass.Id, courseId)] = newest;
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        _oneRoundAtATime.Dispose();
        base.Dispose();
    }
}
