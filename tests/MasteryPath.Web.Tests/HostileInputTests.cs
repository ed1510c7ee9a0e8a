using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MasteryPath.Web.Tests;

/// <summary>
/// "Bad input gets a clear error and loses nothing": every endpoint of the running app (enumerated as the authorization
/// matrix does) is sent malformed input of each kind by someone allowed to use it. No answer may be a 5xx, none may show
/// a stack trace, and every refusal of the JSON API is a ProblemDetails.
/// </summary>
public abstract class HostileInputTests(TestDatabase database, string environment, ITestOutputHelper output)
{
    /// <summary>One kind of bad input: a body (or none) and a change to the URL.</summary>
    private sealed record Hostility(string Name, Func<string, HttpContent?> Body, Func<string, string>? Url = null, bool BodiesOnly = true);

    private const string Json = "application/json";

    /// <summary>Property names of every request body of the API, each with a value of the wrong type.</summary>
    private const string WrongTypes =
        """{"response":5,"mode":7,"name":3,"courses":"algebra-1","email":4,"password":[],"version":"abc","rating":"five","comment":{},"scores":"x","answers":5,"code":1,"csv":2,"title":[],"anonymous":"yes","questions":{},"skills":"place-value","learners":3,"course":9,"skill":[1],"mastered":"maybe","reason":false,"note":1e400,"kind":null,"text":true,"credential":7,"returnUrl":[]}""";

    private static readonly Hostility[] Kinds =
    [
        new("malformed JSON", _ => Text("""{"response": "3""", Json)),
        new("a JSON array", _ => Text("[]", Json)),
        new("JSON null", _ => Text("null", Json)),
        new("a JSON number", _ => Text("42", Json)),
        new("a JSON string", _ => Text("\"text\"", Json)),
        new("values of the wrong type", _ => Text(WrongTypes, Json)),
        new("JSON nested 5,000 deep", _ => Text(new string('[', 5000) + new string(']', 5000), Json)),
        new("an empty JSON body", _ => Text(string.Empty, Json)),
        new("a body without a content type", _ => NoContentType("{}")),
        new("text/plain", _ => Text("""{"response":"3"}""", "text/plain")),
        new("XML", _ => Text("<response>3</response>", "application/xml")),
        new("a broken form", token => Text($"__RequestVerificationToken={Uri.EscapeDataString(token)}&target=abc&version=abc&rating=%ZZ&mastered=maybe&course=%00&score.claim=-9999999999999&returnUrl=%09%0a/", "application/x-www-form-urlencoded")),
        new("multipart without a boundary", _ => Text("--x\r\n\r\n", "multipart/form-data")),
        new("a 40 MB body", _ => Large(40 << 20)),
        new("query values that are not numbers, text that is not text", _ => null, url => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "version=abc&page=-1&course=%00%FF&skill=..%2F..%2Fetc&target=1e999&returnUrl=%09//evil.example", BodiesOnly: false),
    ];

    [SkippableFact]
    public async Task Every_endpoint_refuses_malformed_input_with_a_4xx_and_never_a_server_error_or_a_stack_trace()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database, settings: new Dictionary<string, string> { [MasteryPathAppFactory.EnvironmentSetting] = environment });
        await using var world = await AuthorizationWorld.BuildAsync(app);
        var (cases, problems) = AuthorizationMatrix.Cases(app.Services.GetRequiredService<EndpointDataSource>().Endpoints, world);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        var failures = new List<string>();
        var calls = 0;
        foreach (var @case in cases)
        {
            var hasBody = @case.Row.Method is "POST" or "PUT" or "PATCH" or "DELETE";
            var client = world.Clients[AllowedActor(@case.Row.Access)];
            foreach (var kind in Kinds.Where(k => hasBody || !k.BodiesOnly))
            {
                var url = kind.Url?.Invoke(@case.Url) ?? @case.Url;
                using var content = hasBody ? kind.Body(client.Token) : null;
                using var response = await client.SendAsync(new HttpMethod(@case.Row.Method), url, content);
                calls++;
                var what = $"{@case.Row.Method} {@case.Row.Pattern} as {client.Actor} with {kind.Name}";
                var status = (int)response.StatusCode;
                var type = response.Content.Headers.ContentType?.MediaType;
                var body = type == Teaching.DashboardEvents.ContentType ? string.Empty : await response.Content.ReadAsStringAsync();
                if (status >= 500)
                {
                    failures.Add($"{what}: {status} {Excerpt(body)}");
                }
                else if (@case.IsApi && status >= 400 && type != "application/problem+json")
                {
                    failures.Add($"{what}: {status} as {type ?? "no content type"}, not ProblemDetails");
                }
                else if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception:", StringComparison.Ordinal))
                {
                    failures.Add($"{what}: {status} shows a stack trace");
                }
                else if (kind.Name == "a 40 MB body" && status != 413)
                {
                    failures.Add($"{what}: {status}, not 413 Content Too Large");
                }
                else if (MissingSecurityHeader(response) is { } missing)
                {
                    failures.Add($"{what}: {status} without {missing}");
                }
            }
        }

        output.WriteLine($"{calls} hostile calls to {cases.Count} endpoints, {failures.Count} wrong answers");
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} hostile calls were answered wrongly:\n  " + string.Join("\n  ", failures));
    }

    /// <summary>The security header a response lacks (or has wrong), or null when it has them all.</summary>
    private static string? MissingSecurityHeader(HttpResponseMessage response)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : string.Empty;
        var policy = Header("Content-Security-Policy");
        // A course's SVG is served with no script at all (default-src 'none' and no script-src): stricter than script-src 'self'.
        var scriptsRestricted = policy.Contains("script-src 'self'", StringComparison.Ordinal)
            || (policy.Contains("default-src 'none'", StringComparison.Ordinal) && !policy.Contains("script-src", StringComparison.Ordinal));
        return !policy.Contains("frame-ancestors 'none'", StringComparison.Ordinal) || !scriptsRestricted ? "a Content-Security-Policy with frame-ancestors 'none' and script-src 'self' (or no script at all)"
            : Header("X-Content-Type-Options") != "nosniff" ? "X-Content-Type-Options: nosniff"
            : Header("Referrer-Policy").Length == 0 ? "a Referrer-Policy"
            : null;
    }

    /// <summary>Someone the matrix lets through, so that the bad input reaches the endpoint itself.</summary>
    private static Actor AllowedActor(Access access) => access switch
    {
        Access.Public or Access.SignedIn or Access.OwnerLearner or Access.ClassLearner or Access.SubmissionViewer => Actor.OwnerLearner,
        Access.Teacher or Access.ClassTeacher => Actor.OwnerTeacher,
        Access.Admin => Actor.Admin,
        Access.Parent => Actor.Parent,
        Access.FamilyLinkManager => Actor.OwnerLearner,
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, null),
    };

    private static string Excerpt(string body) => System.Text.RegularExpressions.Regex.Replace(body[..Math.Min(body.Length, 160)], @"\s+", " ");

    private static StringContent Text(string text, string mediaType) => new(text, Encoding.UTF8, mediaType);

    private static ByteArrayContent NoContentType(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>A body of <paramref name="bytes"/> bytes of JSON-looking text, produced as it is sent.</summary>
    private static StreamContent Large(long bytes)
    {
        var content = new StreamContent(new RepeatingStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Json);
        content.Headers.ContentLength = bytes;
        return content;
    }

    private sealed class RepeatingStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill((byte)'7');
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class SqliteHostileInputTests(ITestOutputHelper output) : HostileInputTests(TestDatabase.Sqlite, "Development", output);

public sealed class PostgresHostileInputTests(ITestOutputHelper output) : HostileInputTests(TestDatabase.Postgres, "Development", output);

/// <summary>Production answers bad input alike (it has no developer exception page, and binding failures still reach the handler).</summary>
public sealed class ProductionHostileInputTests(ITestOutputHelper output) : HostileInputTests(TestDatabase.Sqlite, "Production", output);
