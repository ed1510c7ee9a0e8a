using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MasteryPath.Tests;

/// <summary>
/// A Learning Record Store for the tests: Kestrel on 127.0.0.1 serving the xAPI Statement Resource at /xapi/statements
/// (PUT with statementId, POST of one or many), with Basic auth, the X-Experience-API-Version header checked against
/// its version, every statement checked with the same validator as the export (400 with the problems), and a second
/// statement with a known id answered 204 when it is the same and 409 when it differs. It can be stopped and started
/// again on the same port, keeping what it holds, to play an LRS that is down for a while.
/// </summary>
public sealed class TestLrs : IAsyncDisposable
{
    public const string Key = "masterypath-test-key";
    public const string Secret = "a-test-lrs-secret-1";

    private readonly ConcurrentDictionary<string, string> _statements = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _refusals = new();
    private WebApplication? _app;
    private int _port;
    private int _requests;

    private TestLrs(string version)
    {
        Version = version;
    }

    /// <summary>"1.0.3" or "2.0.0": the header value it expects and the rules it validates by.</summary>
    public string Version { get; }

    /// <summary>The xAPI endpoint, e.g. http://127.0.0.1:41234/xapi/.</summary>
    public string Endpoint => $"http://127.0.0.1:{_port}/xapi/";

    /// <summary>The statements it holds, by id (as received).</summary>
    public IReadOnlyDictionary<string, string> Statements => _statements;

    /// <summary>Why it refused requests (auth, version, validation, conflict), in order.</summary>
    public IReadOnlyCollection<string> Refusals => _refusals;

    /// <summary>Every statement request it answered, refused or not.</summary>
    public int Requests => _requests;

    public static async Task<TestLrs> StartAsync(string version = "1.0.3")
    {
        var lrs = new TestLrs(version);
        await lrs.StartServerAsync();
        return lrs;
    }

    /// <summary>Starts again on the same port after <see cref="StopAsync"/>.</summary>
    public Task StartServerAsync() => _app is null ? RunAsync() : Task.CompletedTask;

    /// <summary>Stops listening: connections are refused until it starts again.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPut("/xapi/statements", async (HttpContext context) =>
        {
            var id = context.Request.Query["statementId"].ToString();
            var body = await ReadAsync(context);
            if (Refuse(context) is { } refused)
            {
                return refused;
            }

            if (!Guid.TryParse(id, out _))
            {
                return Refusal(StatusCodes.Status400BadRequest, "statementId is missing or not a UUID");
            }

            JsonNode? statement;
            try
            {
                statement = JsonNode.Parse(body);
            }
            catch (JsonException ex)
            {
                return Refusal(StatusCodes.Status400BadRequest, "not JSON: " + ex.Message);
            }

            if (statement is not JsonObject obj || (obj["id"] is { } given && given.GetValue<string>() != id))
            {
                return Refusal(StatusCodes.Status400BadRequest, "the statement's id differs from statementId");
            }

            return await StoreAsync([(id, obj)]) ?? Results.NoContent();
        });
        app.MapPost("/xapi/statements", async (HttpContext context) =>
        {
            var body = await ReadAsync(context);
            if (Refuse(context) is { } refused)
            {
                return refused;
            }

            var node = JsonNode.Parse(body);
            var list = node is JsonArray array ? array.Select(s => s!.AsObject()).ToList() : [node!.AsObject()];
            var withIds = list.Select(s => (Id: s["id"]?.GetValue<string>() ?? Guid.NewGuid().ToString(), Statement: s)).ToList();
            return await StoreAsync(withIds) ?? Results.Json(withIds.Select(s => s.Id).ToList());
        });
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _port = new Uri(address).Port;
    }

    private async Task<string> ReadAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private IResult? Refuse(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Key}:{Secret}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            return Refusal(StatusCodes.Status401Unauthorized, "wrong or missing Basic credentials");
        }

        var version = context.Request.Headers["X-Experience-API-Version"].ToString();
        if (version != Version)
        {
            return Refusal(StatusCodes.Status400BadRequest, $"X-Experience-API-Version is '{version}', this LRS speaks {Version}");
        }

        return null;
    }

    private async Task<IResult?> StoreAsync(IReadOnlyList<(string Id, JsonObject Statement)> statements)
    {
        var json = "[" + string.Join(",", statements.Select(s => s.Statement.ToJsonString())) + "]";
        var problems = await XapiValidator.ValidateAsync(json, Version);
        var invalid = problems.Select((p, i) => (p, i)).Where(x => x.p.Count > 0).ToList();
        if (invalid.Count > 0)
        {
            return Refusal(StatusCodes.Status400BadRequest, string.Join("; ", invalid.SelectMany(x => x.p.Select(p => $"{statements[x.i].Id}: {p}"))));
        }

        foreach (var (id, statement) in statements)
        {
            var text = statement.ToJsonString();
            if (_statements.TryGetValue(id, out var held) && !JsonNode.DeepEquals(JsonNode.Parse(held), statement))
            {
                return Refusal(StatusCodes.Status409Conflict, $"{id} is held with different content");
            }
        }

        foreach (var (id, statement) in statements)
        {
            _statements.TryAdd(id, statement.ToJsonString());
        }

        return null;
    }

    private IResult Refusal(int status, string why)
    {
        _refusals.Enqueue($"{status}: {why}");
        return Results.Text(why, "text/plain", statusCode: status);
    }
}
