using System.Collections.Concurrent;
using System.Data.Common;
using MasteryPath.LoadDriver;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MasteryPath.Web.Tests;

/// <summary>
/// The built app as a real process under the load driver's learners, killed with SIGKILL mid-run and started again on
/// the same database: every answer it acknowledged is in the log, each learner's saved state agrees with the log, and
/// a repeated submission still counts once.
/// </summary>
public sealed class KillUnderLoadTests
{
    private const int Learners = 12;
    private const int AcknowledgedBeforeKill = 150;

    [Fact]
    public Task Sqlite_loses_no_acknowledged_answer() => RunAsync("sqlite", postgresAdmin: null);

    [SkippableFact]
    public Task Postgres_loses_no_acknowledged_answer() => RunAsync("postgres", TestPostgres.RequireOrSkip());

    private static async Task RunAsync(string provider, string? postgresAdmin)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var appDll = Path.Combine(RepositoryPaths.Root, "src", "MasteryPath.Web", "bin", configuration, "net10.0", "MasteryPath.Web.dll");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var acknowledged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        var app = await AppUnderTest.StartAsync(provider, appDll, postgresAdmin, TextWriter.Null, timeout.Token);
        try
        {
            var learners = await LoadRun.CreateClassAsync(app.Url, new LoadSettings { Learners = Learners }, TextWriter.Null, timeout.Token, id => acknowledged[id] = true);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            var window = new MeasurementWindow(0, long.MaxValue);
            var load = learners.Select(l => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await l.StepAsync(window, stop.Token);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                    }
                }
            })).ToList();

            while (acknowledged.Count < AcknowledgedBeforeKill && !load.Any(t => t.IsFaulted))
            {
                await Task.Delay(10, timeout.Token);
            }

            // Kill while every learner still has requests in flight, then let the learners run on against the dead app.
            var restarted = await app.KillAndRestartAsync(TextWriter.Null, timeout.Token);
            await app.DisposeAsync();
            app = restarted;
            await stop.CancelAsync();
            await Task.WhenAll(load);
            var failedAfterKill = learners.Sum(l => l.Recorder.Errors.Values.Sum());
            learners.ForEach(l => l.Dispose());

            var inLog = await ReadEventIdsAsync(provider, app.ConnectionString!);
            var lost = acknowledged.Keys.Where(id => !inLog.Contains(id)).ToList();
            Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"only {acknowledged.Count} answers were acknowledged");
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged answers are not in the log after kill -9 ({failedAfterKill} requests failed at the kill): {string.Join(", ", lost.Take(5))}");

            // Each learner's saved state includes exactly the events in the log: the event and the state commit together.
            var mismatched = await EnrollmentsDisagreeingWithTheLogAsync(provider, app.ConnectionString!);
            Assert.True(mismatched.Count == 0, "enrollments whose saved event count differs from their log: " + string.Join(", ", mismatched));

            // The restarted app takes answers, and one submitted again counts once.
            var again = await LoadRun.CreateClassAsync(app.Url, new LoadSettings { Learners = 1 }, TextWriter.Null, timeout.Token);
            using var learner = again[0];
            var resubmitted = new List<string>();
            var once = new SimulatedLearner(learner.Client, "algebra-1", new Random(7)) { Acknowledged = resubmitted.Add };
            while (resubmitted.Count == 0)
            {
                await once.StepAsync(window, timeout.Token);
            }

            var before = (await ReadEventIdsAsync(provider, app.ConnectionString!)).Count;
            var duplicate = await learner.Client.PostAsync<AnswerReply>($"/api/attempts/{resubmitted[0]}/answer", new { response = "0" }, timeout.Token);
            Assert.True(duplicate.Ok, duplicate.Failure);
            Assert.True(duplicate.Body!.Duplicate);
            Assert.Equal(before, (await ReadEventIdsAsync(provider, app.ConnectionString!)).Count);
            Assert.Contains(resubmitted[0], await ReadEventIdsAsync(provider, app.ConnectionString!));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<HashSet<string>> ReadEventIdsAsync(string provider, string connectionString)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = Open(provider, connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "EventId" FROM "AnswerEvents" """;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<List<string>> EnrollmentsDisagreeingWithTheLogAsync(string provider, string connectionString)
    {
        var mismatched = new List<string>();
        await using var connection = Open(provider, connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e."UserId", e."EventCount", e."EngineEventId",
                   (SELECT COUNT(*) FROM "AnswerEvents" a WHERE a."UserId" = e."UserId" AND a."CourseId" = e."CourseId"),
                   (SELECT a."EventId" FROM "AnswerEvents" a WHERE a."UserId" = e."UserId" AND a."CourseId" = e."CourseId" ORDER BY a."Sequence" DESC LIMIT 1)
            FROM "Enrollments" e
            """;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (saved, savedUpTo, logged, lastEvent) = (Number(reader, 1), Text(reader, 2), Number(reader, 3), Text(reader, 4));
            if (saved != logged || (logged > 0 && savedUpTo != lastEvent))
            {
                mismatched.Add($"{reader.GetString(0)}: {saved} saved / {logged} logged, up to event {savedUpTo} / {lastEvent}");
            }
        }

        return mismatched;
    }

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static long Number(DbDataReader reader, int column) => Convert.ToInt64(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

    private static DbConnection Open(string provider, string connectionString) =>
        provider == "postgres" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
}
