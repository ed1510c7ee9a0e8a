using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
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
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MasteryPath.Tests;

/// <summary>Someone in the test LMS: a subject id, roles (LIS vocabulary) and what the LMS tells tools about them.</summary>
public sealed record LtiPerson(string Subject, string Name, string? Email, params string[] Roles)
{
    public const string Instructor = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    public const string Learner = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

    public string Status { get; init; } = "Active";
}

/// <summary>What the LMS will put in the next id_token it issues for a launch (found again by its lti_message_hint).</summary>
public sealed record LtiLaunchPlan(LtiPerson Person, string MessageType, string ContextId, string ResourceLinkId, IReadOnlyDictionary<string, string> Custom)
{
    /// <summary>Changes the signed token before it is signed (the refusal tests' forgeries).</summary>
    public Action<Dictionary<string, object>>? Tamper { get; init; }

    /// <summary>Signs with another key than the published one.</summary>
    public bool SignWithUnpublishedKey { get; init; }

    public bool WithLineItem { get; init; } = true;
}

/// <summary>A score the platform's AGS score endpoint accepted.</summary>
public sealed record ReceivedScore(string LineItem, string UserId, double ScoreGiven, double ScoreMaximum, string ActivityProgress, string GradingProgress, string Timestamp, string Comment);

/// <summary>
/// A standards-conformant LTI 1.3 platform with LTI Advantage, written from the 1EdTech specifications for the tests:
/// Kestrel at 127.0.0.1 with its own RSA key; the OIDC authorization endpoint of the third-party login (it checks the
/// tool's request and answers with a form that posts a signed id_token to the tool's launch URL); a token endpoint
/// for the client_credentials grant that checks the tool's JWT assertion against the tool's JWKS over HTTP; AGS line
/// items and scores, NRPS memberships paged by Link headers, the deep linking return (the tool's signed response is
/// checked the same way) and LTI Dynamic Registration (openid-configuration and the registration endpoint).
/// </summary>
public sealed class TestLtiPlatform : IAsyncDisposable
{
    public const string ClientId = "masterypath-tool-1";
    public const string DeploymentId = "deployment-1";
    public const string RegistrationToken = "a-registration-token-1";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RSA _unpublished = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, LtiLaunchPlan> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _lineItems = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedScore> _scores = new();
    private readonly ConcurrentQueue<JsonWebToken> _deepLinks = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly ConcurrentDictionary<string, List<LtiPerson>> _members = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _lineItemIds;

    /// <summary>The tool's addresses, as an admin would enter them at the LMS.</summary>
    public string ToolLaunchUrl { get; set; } = string.Empty;

    public string ToolJwksUrl { get; set; } = string.Empty;

    /// <summary>The platform's issuer and base address, e.g. http://127.0.0.1:41234.</summary>
    public string Issuer { get; private set; } = string.Empty;

    public string AuthUrl => Issuer + "/auth";

    public string TokenUrl => Issuer + "/token";

    public string JwksUrl => Issuer + "/.well-known/jwks.json";

    /// <summary>When true, the services (token, AGS, NRPS) answer 503, as an LMS that is down.</summary>
    public bool Down { get; set; }

    /// <summary>Members per page of NRPS (to exercise paging).</summary>
    public int PageSize { get; set; } = 2;

    public IReadOnlyList<ReceivedScore> Scores => [.. _scores];

    public IReadOnlyList<JsonWebToken> DeepLinkResponses => [.. _deepLinks];

    /// <summary>Why the platform refused a request of the tool (a conformance failure the tests must see).</summary>
    public IReadOnlyList<string> Refusals => [.. _refusals];

    public IReadOnlyDictionary<string, JsonObject> LineItems => _lineItems;

    /// <summary>The client registration the tool posted to the dynamic registration endpoint.</summary>
    public JsonObject? Registration { get; private set; }

    /// <summary>This LMS as an admin enters it in MasteryPath (approved), the way docs/interop.md describes.</summary>
    public MasteryPath.Data.LtiPlatform AsRegisteredPlatform(string name) => new()
    {
        Name = name,
        Issuer = Issuer,
        ClientId = ClientId,
        DeploymentIds = DeploymentId,
        AuthLoginUrl = AuthUrl,
        TokenUrl = TokenUrl,
        JwksUrl = JwksUrl,
        Approved = true,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    public void SetMembers(string contextId, params LtiPerson[] members) => _members[contextId] = [.. members];

    public string LineItemUrl(string contextId, string id) => $"{Issuer}/contexts/{contextId}/lineitems/{id}";

    public static async Task<TestLtiPlatform> StartAsync()
    {
        var platform = new TestLtiPlatform();
        try
        {
            await platform.StartServerAsync();
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>Prepares a launch and returns the login initiation's parameters (what the LMS's launch link sends the browser to the tool with).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> InitiateLogin(LtiLaunchPlan plan)
    {
        var hint = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        _plans[hint] = plan;
        return
        [
            new("iss", Issuer),
            new("login_hint", plan.Person.Subject),
            new("target_link_uri", ToolLaunchUrl),
            new("lti_message_hint", hint),
            new("client_id", ClientId),
            new("lti_deployment_id", DeploymentId),
        ];
    }

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddHttpClient();
        var app = builder.Build();
        _app = app;
        app.MapGet("/.well-known/jwks.json", () => Results.Json(new { keys = new[] { Jwk(_rsa, "platform-key-1") } }));
        app.MapMethods("/auth", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)AuthorizeAsync);
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)TokenAsync);
        app.MapGet("/contexts/{contextId}/lineitems", (string contextId, HttpContext context) => Service(context, "lineitem", () =>
        {
            var resourceLinkId = context.Request.Query["resource_link_id"].ToString();
            var items = _lineItems.Values.Where(i => i["contextId"]!.GetValue<string>() == contextId && (resourceLinkId.Length == 0 || i["resourceLinkId"]?.GetValue<string>() == resourceLinkId)).Select(Public).ToArray();
            return Results.Text(new JsonArray(items).ToJsonString(), "application/vnd.ims.lis.v2.lineitemcontainer+json");
        }));
        app.MapPost("/contexts/{contextId}/lineitems", async (string contextId, HttpContext context) => await ServiceAsync(context, "lineitem", async () =>
        {
            var item = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            if (item["scoreMaximum"]?.GetValue<double>() is not > 0 || string.IsNullOrEmpty(item["label"]?.GetValue<string>()))
            {
                return Refuse(400, "a line item needs a positive scoreMaximum and a label");
            }

            var id = CreateLineItem(contextId, item["label"]!.GetValue<string>(), item["scoreMaximum"]!.GetValue<double>(), item["resourceLinkId"]?.GetValue<string>());
            return Results.Text(Public(_lineItems[id]).ToJsonString(), "application/vnd.ims.lis.v2.lineitem+json", statusCode: 201);
        }));
        app.MapPost("/contexts/{contextId}/lineitems/{id}/scores", async (string contextId, string id, HttpContext context) => await ServiceAsync(context, "score", async () =>
        {
            if (!_lineItems.ContainsKey(LineItemUrl(contextId, id)))
            {
                return Refuse(404, "no such line item");
            }

            if (context.Request.ContentType?.StartsWith("application/vnd.ims.lis.v1.score+json", StringComparison.Ordinal) != true)
            {
                return Refuse(415, "scores are application/vnd.ims.lis.v1.score+json");
            }

            var score = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            string Text(string name) => score[name]?.GetValue<string>() ?? string.Empty;
            if (Text("userId").Length == 0 || Text("activityProgress") is not ("Initialized" or "Started" or "InProgress" or "Submitted" or "Completed")
                || Text("gradingProgress") is not ("FullyGraded" or "Pending" or "PendingManual" or "Failed" or "NotReady")
                || !DateTimeOffset.TryParse(Text("timestamp"), System.Globalization.CultureInfo.InvariantCulture, out _)
                || score["scoreGiven"]?.GetValue<double>() is not { } given || score["scoreMaximum"]?.GetValue<double>() is not { } maximum || given < 0 || maximum <= 0)
            {
                return Refuse(400, "a score needs userId, scoreGiven, scoreMaximum, activityProgress, gradingProgress and timestamp");
            }

            _scores.Enqueue(new ReceivedScore(LineItemUrl(contextId, id), Text("userId"), given, maximum, Text("activityProgress"), Text("gradingProgress"), Text("timestamp"), Text("comment")));
            return Results.NoContent();
        }));
        app.MapGet("/contexts/{contextId}/memberships", (string contextId, int? page, HttpContext context) => Service(context, "contextmembership.readonly", () =>
        {
            var all = _members.GetValueOrDefault(contextId) ?? [];
            var index = page ?? 0;
            var members = all.Skip(index * PageSize).Take(PageSize).Select(m => new JsonObject
            {
                ["user_id"] = m.Subject,
                ["name"] = m.Name,
                ["email"] = m.Email,
                ["status"] = m.Status,
                ["roles"] = new JsonArray(m.Roles.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            }).ToArray();
            if ((index + 1) * PageSize < all.Count)
            {
                context.Response.Headers.Append("Link", $"<{Issuer}/contexts/{contextId}/memberships?page={index + 1}>; rel=\"next\"");
            }

            var body = new JsonObject { ["id"] = $"{Issuer}/contexts/{contextId}/memberships", ["context"] = new JsonObject { ["id"] = contextId }, ["members"] = new JsonArray(members) };
            return Results.Text(body.ToJsonString(), "application/vnd.ims.lti-nrps.v2.membershipcontainer+json");
        }));
        app.MapPost("/deep-link-return", (Func<HttpContext, Task<IResult>>)DeepLinkReturnAsync);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = AuthUrl,
            ["token_endpoint"] = TokenUrl,
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["jwks_uri"] = JwksUrl,
            ["registration_endpoint"] = Issuer + "/register",
            ["scopes_supported"] = new JsonArray("openid", "https://purl.imsglobal.org/spec/lti-ags/scope/score", "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"),
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public", "pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["claims_supported"] = new JsonArray("sub", "iss", "name", "given_name", "family_name", "email"),
            ["https://purl.imsglobal.org/spec/lti-platform-configuration"] = new JsonObject
            {
                ["product_family_code"] = "masterypath-test-lms",
                ["version"] = "1.0",
                ["messages_supported"] = new JsonArray(new JsonObject { ["type"] = "LtiResourceLinkRequest" }, new JsonObject { ["type"] = "LtiDeepLinkingRequest" }),
            },
        }));
        app.MapPost("/register", (Func<HttpContext, Task<IResult>>)RegisterAsync);

        await app.StartAsync();
        Issuer = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
    }

    private string CreateLineItem(string contextId, string label, double scoreMaximum, string? resourceLinkId)
    {
        var url = LineItemUrl(contextId, Interlocked.Increment(ref _lineItemIds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _lineItems[url] = new JsonObject { ["id"] = url, ["label"] = label, ["scoreMaximum"] = scoreMaximum, ["resourceLinkId"] = resourceLinkId, ["contextId"] = contextId };
        return url;
    }

    private static JsonObject Public(JsonObject item)
    {
        var copy = item.DeepClone().AsObject();
        copy.Remove("contextId");
        return copy;
    }

    /// <summary>The OIDC authorization endpoint (response_mode form_post, LTI 1.3 Core §5.1.1.3 and the Security Framework §5.1.1).</summary>
    private async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var fields = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        string Field(string name) => fields.GetValueOrDefault(name) ?? string.Empty;
        if (Field("scope") != "openid" || Field("response_type") != "id_token" || Field("response_mode") != "form_post" || Field("prompt") != "none"
            || Field("client_id") != ClientId || Field("redirect_uri") != ToolLaunchUrl || Field("nonce").Length == 0 || Field("state").Length == 0)
        {
            return Refuse(400, "invalid_request: the authentication request does not follow LTI 1.3: " + string.Join("&", fields.Select(f => f.Key + "=" + f.Value)));
        }

        if (!_plans.TryRemove(Field("lti_message_hint"), out var plan) || plan.Person.Subject != Field("login_hint"))
        {
            return Refuse(400, "invalid_request: unknown lti_message_hint or login_hint");
        }

        var token = IdToken(plan, Field("nonce"));
        var html = new StringBuilder($"<!doctype html><html lang=\"en\"><head><title>LMS</title></head><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{WebUtility.HtmlEncode(Field("redirect_uri"))}\">");
        html.Append($"<input type=\"hidden\" name=\"id_token\" value=\"{WebUtility.HtmlEncode(token)}\">");
        html.Append($"<input type=\"hidden\" name=\"state\" value=\"{WebUtility.HtmlEncode(Field("state"))}\">");
        html.Append("</form></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private string IdToken(LtiLaunchPlan plan, string nonce)
    {
        var now = DateTimeOffset.UtcNow;
        var person = plan.Person;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = ClientId,
            ["sub"] = person.Subject,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["nonce"] = nonce,
            ["azp"] = ClientId,
            ["name"] = person.Name,
            ["https://purl.imsglobal.org/spec/lti/claim/message_type"] = plan.MessageType,
            ["https://purl.imsglobal.org/spec/lti/claim/version"] = "1.3.0",
            ["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] = DeploymentId,
            ["https://purl.imsglobal.org/spec/lti/claim/target_link_uri"] = ToolLaunchUrl,
            ["https://purl.imsglobal.org/spec/lti/claim/roles"] = person.Roles,
            ["https://purl.imsglobal.org/spec/lti/claim/context"] = new Dictionary<string, object> { ["id"] = plan.ContextId, ["label"] = "ALG1", ["title"] = "Algebra 1 – Period 3" },
            ["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"] = new Dictionary<string, object>
            {
                ["context_memberships_url"] = $"{Issuer}/contexts/{plan.ContextId}/memberships",
                ["service_versions"] = new[] { "2.0" },
            },
        };
        if (person.Email is not null)
        {
            claims["email"] = person.Email;
        }

        if (plan.MessageType == "LtiResourceLinkRequest")
        {
            claims["https://purl.imsglobal.org/spec/lti/claim/resource_link"] = new Dictionary<string, object> { ["id"] = plan.ResourceLinkId, ["title"] = "Mastery assignment" };
            claims["https://purl.imsglobal.org/spec/lti/claim/custom"] = plan.Custom;
            var ags = new Dictionary<string, object>
            {
                ["scope"] = new[] { "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", "https://purl.imsglobal.org/spec/lti-ags/scope/score" },
                ["lineitems"] = $"{Issuer}/contexts/{plan.ContextId}/lineitems",
            };
            if (plan.WithLineItem)
            {
                var existing = _lineItems.Values.FirstOrDefault(i => i["resourceLinkId"]?.GetValue<string>() == plan.ResourceLinkId && i["contextId"]!.GetValue<string>() == plan.ContextId);
                ags["lineitem"] = existing?["id"]!.GetValue<string>() ?? CreateLineItem(plan.ContextId, "Mastery assignment", 4, plan.ResourceLinkId);
            }

            claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = ags;
        }
        else
        {
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = new Dictionary<string, object>
            {
                ["deep_link_return_url"] = Issuer + "/deep-link-return",
                ["accept_types"] = new[] { "ltiResourceLink" },
                ["accept_presentation_document_targets"] = new[] { "iframe", "window" },
                ["accept_multiple"] = false,
                ["data"] = "opaque-platform-data-42",
            };
        }

        plan.Tamper?.Invoke(claims);
        var key = new RsaSecurityKey(plan.SignWithUnpublishedKey ? _unpublished : _rsa) { KeyId = "platform-key-1" };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(JsonSerializer.Serialize(claims), new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
    }

    /// <summary>The token endpoint: client_credentials with a JWT client assertion (RFC 7523) checked against the tool's JWKS.</summary>
    private async Task<IResult> TokenAsync(HttpContext context)
    {
        if (Down)
        {
            return Results.StatusCode(503);
        }

        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        {
            return Refuse(400, "unsupported_grant_type or client_assertion_type");
        }

        var result = await ValidateToolJwtAsync(form["client_assertion"].ToString(), TokenUrl, context);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken assertion || assertion.Issuer != ClientId || assertion.Subject != ClientId
            || !assertion.TryGetPayloadValue<string>("jti", out var jti) || string.IsNullOrEmpty(jti))
        {
            return Refuse(401, "invalid_client: the client assertion is not valid: " + result.Exception?.Message);
        }

        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        var scope = form["scope"].ToString();
        _accessTokens[token] = scope;
        return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600, scope });
    }

    private async Task<TokenValidationResult> ValidateToolJwtAsync(string jwt, string audience, HttpContext context)
    {
        using var http = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient();
        var keys = new JsonWebKeySet(await http.GetStringAsync(new Uri(ToolJwksUrl)));
        return await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = ClientId,
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });
    }

    /// <summary>The deep linking return: the tool's LtiDeepLinkingResponse (Deep Linking 2.0 §4.2) checked against the tool's JWKS.</summary>
    private async Task<IResult> DeepLinkReturnAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var result = await ValidateToolJwtAsync(form["JWT"].ToString(), Issuer, context);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return Refuse(400, "the deep linking response is not a valid JWT of the tool: " + result.Exception?.Message);
        }

        if (!token.TryGetPayloadValue<string>("https://purl.imsglobal.org/spec/lti/claim/message_type", out var type) || type != "LtiDeepLinkingResponse"
            || !token.TryGetPayloadValue<string>("https://purl.imsglobal.org/spec/lti/claim/version", out var version) || version != "1.3.0"
            || !token.TryGetPayloadValue<string>("https://purl.imsglobal.org/spec/lti/claim/deployment_id", out var deployment) || deployment != DeploymentId
            || !token.TryGetPayloadValue<string>("nonce", out _)
            || !token.TryGetPayloadValue<string>("https://purl.imsglobal.org/spec/lti-dl/claim/data", out var data) || data != "opaque-platform-data-42"
            || !token.TryGetPayloadValue<JsonElement>("https://purl.imsglobal.org/spec/lti-dl/claim/content_items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return Refuse(400, "the deep linking response misses a required claim or has a wrong value");
        }

        _deepLinks.Enqueue(token);
        return Results.Content("<!doctype html><html lang=\"en\"><head><title>LMS</title></head><body><p>The item was added.</p></body></html>", "text/html; charset=utf-8");
    }

    /// <summary>LTI Dynamic Registration 1.0 §3.5: the tool's client registration, with the registration token as bearer.</summary>
    private async Task<IResult> RegisterAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + RegistrationToken)
        {
            return Refuse(401, "the registration token is missing or wrong");
        }

        var registration = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        string? Text(string name) => registration[name]?.GetValue<string>();
        var tool = registration["https://purl.imsglobal.org/spec/lti-tool-configuration"]?.AsObject();
        if (Text("application_type") != "web" || Text("token_endpoint_auth_method") != "private_key_jwt" || Text("jwks_uri") is null
            || Text("initiate_login_uri") is null || registration["redirect_uris"] is not JsonArray { Count: > 0 }
            || registration["grant_types"]?.ToJsonString().Contains("client_credentials", StringComparison.Ordinal) != true
            || registration["response_types"]?.ToJsonString().Contains("id_token", StringComparison.Ordinal) != true
            || tool?["domain"] is null || tool["target_link_uri"] is null)
        {
            return Refuse(400, "invalid_client_metadata: the registration misses a required field");
        }

        Registration = registration;
        ToolJwksUrl = Text("jwks_uri")!;
        ToolLaunchUrl = tool["target_link_uri"]!.GetValue<string>();
        var answer = registration.DeepClone().AsObject();
        answer["client_id"] = ClientId;
        answer["https://purl.imsglobal.org/spec/lti-tool-configuration"]!["deployment_id"] = DeploymentId;
        return Results.Json(answer);
    }

    private IResult Service(HttpContext context, string scope, Func<IResult> handle) => ServiceAsync(context, scope, () => Task.FromResult(handle())).GetAwaiter().GetResult();

    private async Task<IResult> ServiceAsync(HttpContext context, string scope, Func<Task<IResult>> handle)
    {
        if (Down)
        {
            return Results.StatusCode(503);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.TryGetValue(header["Bearer ".Length..], out var scopes)
            || !scopes.Split(' ').Any(s => s.EndsWith("/scope/" + scope, StringComparison.Ordinal)))
        {
            return Refuse(401, $"the access token is missing or lacks the {scope} scope");
        }

        return await handle();
    }

    private IResult Refuse(int status, string why)
    {
        _refusals.Enqueue(why);
        return Results.Text(why, statusCode: status);
    }

    private static object Jwk(RSA rsa, string kid)
    {
        var p = rsa.ExportParameters(false);
        return new { kty = "RSA", alg = "RS256", use = "sig", kid, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) };
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _rsa.Dispose();
        _unpublished.Dispose();
    }
}
