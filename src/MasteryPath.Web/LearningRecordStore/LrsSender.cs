using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MasteryPath.Data;
using MasteryPath.Web.Interop;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;

namespace MasteryPath.Web.LearningRecordStore;

/// <summary>
/// Sends the outbox's due statements to the LRS, one PUT /statements?statementId=… each (the xAPI Statement Resource):
/// 204 is delivered; a second PUT of the same statement is 204 again at the LRS, so a resend after a crash is harmless.
/// A transient failure is retried at once a few times (Polly, exponential backoff); if it still fails, the statement is
/// marked failing with the error and tried again after a backoff that doubles each time (up to an hour), and the round
/// stops: the LRS is down or refusing, and the rest waits its turn without losing anything.
/// </summary>
public sealed class LrsSender(MasteryPathDb db, IHttpClientFactory clients, TimeProvider time, ILogger<LrsSender> logger)
{
    public const string HttpClientName = "lrs";
    public const int BatchSize = 100;

    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan LongestBackoff = OutboxRetry.LongestBackoff;

    private static readonly ResiliencePipeline<HttpResponseMessage> Immediate = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>()
                .HandleResult(r => r.StatusCode is HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError),
        })
        .AddTimeout(TimeSpan.FromSeconds(30))
        .Build();

    /// <summary>The wait before the next try after <paramref name="attempts"/> failed tries: 10 s, 20 s, 40 s, … at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => OutboxRetry.Backoff(attempts, FirstBackoff);

    public async Task<int> SendDueAsync(LrsConnection connection, string secret, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // In order, oldest first: while the LRS itself is failing, the first failing statement's backoff holds back the
        // rest, so a down LRS is tried once per backoff rather than once per statement.
        var waiting = await db.XapiOutbox.Where(e => e.Status != OutboxStatus.Sent && (e.Status == OutboxStatus.Failing || e.NextAttemptAt <= now)).OrderBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var due = waiting.TakeWhile(e => e.NextAttemptAt <= now).ToList();
        var client = clients.CreateClient(HttpClientName);
        var authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.Key}:{secret}")));
        var sent = 0;
        foreach (var entry in due)
        {
            var (error, statementRefused) = await SendAsync(client, connection, authorization, entry, cancellationToken);
            if (error is null)
            {
                entry.Status = OutboxStatus.Sent;
                entry.SentAt = time.GetUtcNow();
                entry.LastError = null;
                sent++;
                continue;
            }

            entry.Status = statementRefused ? OutboxStatus.Refused : OutboxStatus.Failing;
            entry.Attempts++;
            entry.LastError = error.Length > 2000 ? error[..2000] : error;
            entry.NextAttemptAt = time.GetUtcNow() + Backoff(entry.Attempts);
            logger.LogWarning("The LRS did not take statement {StatementId} (attempt {Attempts}): {Error}", entry.StatementId, entry.Attempts, entry.LastError);
            if (!statementRefused)
            {
                break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return sent;
    }

    private static async Task<(string? Error, bool StatementRefused)> SendAsync(HttpClient client, LrsConnection connection, AuthenticationHeaderValue authorization, XapiOutboxEntry entry, CancellationToken cancellationToken)
    {
        // The version in force now, even for statements derived under another.
        var statement = JsonNode.Parse(entry.Json)!.AsObject();
        statement["version"] = connection.Version;
        var body = statement.ToJsonString();
        var address = new Uri(new Uri(connection.Endpoint), "statements?statementId=" + Uri.EscapeDataString(entry.StatementId));
        try
        {
            using var response = await Immediate.ExecuteAsync(
                async token =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Put, address) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Authorization = authorization;
                    request.Headers.Add("X-Experience-API-Version", connection.Version);
                    return await client.SendAsync(request, token);
                },
                cancellationToken);
            if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK)
            {
                return (null, false);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return (response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"The LRS refused the key and secret ({(int)response.StatusCode} {response.ReasonPhrase}): check them on this page.",
                HttpStatusCode.Conflict => $"The LRS holds a different statement with the id {entry.StatementId} (409 Conflict).",
                HttpStatusCode.BadRequest => $"The LRS refused the statement as invalid (400): {OutboxRetry.Shorten(text)}",
                _ => $"The LRS answered {(int)response.StatusCode} {response.ReasonPhrase}: {OutboxRetry.Shorten(text)}",
            }, response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict);
        }
        catch (HttpRequestException ex)
        {
            return ($"The LRS could not be reached at {connection.Endpoint}: {ex.Message}", false);
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return ($"The LRS at {connection.Endpoint} did not answer within 30 seconds.", false);
        }
    }
}
