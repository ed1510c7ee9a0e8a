using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MasteryPath.Data;
using MasteryPath.Web.Hardening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>
/// 1EdTech LTI Dynamic Registration 1.0: the LMS opens /lti/register with its openid_configuration URL and a
/// registration token; the tool reads the configuration, posts its client registration, stores the platform (waiting
/// for an admin's approval unless <see cref="LtiOptions.AutoApproveDynamicRegistrations"/>) and asks the LMS to close
/// the window (postMessage org.imsglobal.lti.close).
/// </summary>
public sealed class LtiRegistration(MasteryPathDb db, IHttpClientFactory http, TimeProvider time, IOptions<LtiOptions> options)
{
    public const string ActionRegister = "lti-platform-register";

    public async Task<LtiPlatform> RegisterAsync(string? configurationUrl, string? registrationToken, Func<string, string> toolUrl, CancellationToken cancellationToken)
    {
        var configurationUri = CheckUrl(configurationUrl, "openid_configuration");
        using var client = http.CreateClient(LtiSetup.HttpClientName);
        JsonObject configuration;
        try
        {
            configuration = JsonNode.Parse(await client.GetStringAsync(configurationUri, cancellationToken))?.AsObject() ?? throw new JsonException();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            throw new LtiRefusedException($"The LMS's configuration could not be read from {configurationUri}.");
        }

        string Field(string name) => configuration[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length is > 0 and <= 1000
            ? text
            : throw new LtiRefusedException($"The LMS's configuration has no '{name}'.");
        var issuer = Field("issuer");
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) || issuerUri.Host != configurationUri.Host)
        {
            throw new LtiRefusedException("The LMS's issuer is not on the host its configuration came from.");
        }

        var registrationEndpoint = CheckUrl(Field("registration_endpoint"), "registration_endpoint");
        var authorization = CheckUrl(Field("authorization_endpoint"), "authorization_endpoint");
        var token = CheckUrl(Field("token_endpoint"), "token_endpoint");
        var jwks = CheckUrl(Field("jwks_uri"), "jwks_uri");
        var launch = toolUrl("/lti/launch");
        var registration = new JsonObject
        {
            ["application_type"] = "web",
            ["response_types"] = new JsonArray("id_token"),
            ["grant_types"] = new JsonArray("implicit", "client_credentials"),
            ["initiate_login_uri"] = toolUrl("/lti/login"),
            ["redirect_uris"] = new JsonArray(launch),
            ["client_name"] = "MasteryPath",
            ["jwks_uri"] = toolUrl("/lti/jwks"),
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["scope"] = string.Join(' ', LtiClaims.ScopeLineItem, LtiClaims.ScopeScore, LtiClaims.ScopeResultReadOnly, LtiClaims.ScopeMemberships),
            ["https://purl.imsglobal.org/spec/lti-tool-configuration"] = new JsonObject
            {
                ["domain"] = new Uri(launch).Authority,
                ["target_link_uri"] = launch,
                ["description"] = "Mastery learning: skills practised to mastery, with the standards-based score in the gradebook.",
                ["claims"] = new JsonArray("iss", "sub", "name", "given_name", "family_name", "email"),
                ["messages"] = new JsonArray(new JsonObject { ["type"] = LtiClaims.DeepLinkingRequest, ["target_link_uri"] = launch, ["label"] = "MasteryPath" }),
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, registrationEndpoint) { Content = new StringContent(registration.ToJsonString(), Encoding.UTF8, "application/json") };
        if (!string.IsNullOrEmpty(registrationToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registrationToken);
        }

        JsonObject answer;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new LtiRefusedException($"The LMS refused the registration ({(int)response.StatusCode}): {OutboxRetry.Shorten(body)}");
            }

            answer = JsonNode.Parse(body)?.AsObject() ?? throw new JsonException();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            throw new LtiRefusedException("The LMS did not answer the registration with a client id.");
        }

        var clientId = answer["client_id"]?.GetValue<string>() ?? throw new LtiRefusedException("The LMS did not answer the registration with a client id.");
        var deployment = answer["https://purl.imsglobal.org/spec/lti-tool-configuration"]?["deployment_id"]?.GetValue<string>();
        var platform = await db.LtiPlatforms.SingleOrDefaultAsync(p => p.Issuer == issuer && p.ClientId == clientId, cancellationToken);
        if (platform is null)
        {
            var name = LtiLaunchService.Clean(configuration["https://purl.imsglobal.org/spec/lti-platform-configuration"]?["product_family_code"]?.GetValue<string>(), 100) ?? issuerUri.Host;
            platform = new LtiPlatform { Name = $"{name} ({issuerUri.Host})", Issuer = issuer, ClientId = clientId, AuthLoginUrl = authorization.ToString(), TokenUrl = token.ToString(), JwksUrl = jwks.ToString(), CreatedAt = time.GetUtcNow() };
            db.LtiPlatforms.Add(platform);
        }

        platform.RegisteredDynamically = true;
        platform.Approved = platform.Approved || options.Value.AutoApproveDynamicRegistrations;
        platform.TokenAudience = configuration["authorization_server"] is JsonValue audience && audience.TryGetValue<string>(out var aud) ? aud : null;
        if (deployment is not null && !platform.Deployments.Contains(deployment, StringComparer.Ordinal))
        {
            platform.DeploymentIds = string.Join('\n', platform.Deployments.Append(deployment));
        }

        await db.SaveChangesAsync(cancellationToken);
        return platform;
    }

    private Uri CheckUrl(string? url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && options.Value.AllowHttp)))
        {
            throw new LtiRefusedException($"The LMS's {what} must be an https address.");
        }

        return uri;
    }
}

public static class LtiRegistrationEndpoints
{
    public static IEndpointRouteBuilder MapLtiRegistration(this IEndpointRouteBuilder app)
    {
        app.MapGet("/lti/register", async (string? openid_configuration, string? registration_token, HttpContext context, LtiRegistration registration, CancellationToken cancellationToken) =>
        {
            try
            {
                var platform = await registration.RegisterAsync(openid_configuration, registration_token, path => LtiEndpoints.ToolUrl(context, path), cancellationToken);
                context.Items[SecurityHeaders.FrameAncestorItem] = new Uri(platform.Issuer).GetLeftPart(UriPartial.Authority);
                var next = platform.Approved ? "It can be used at once." : "A MasteryPath admin approves it on the LTI platforms page before the first launch.";
                return LtiPages.Page("Registered", $"<h1>MasteryPath is registered</h1><p>{LtiPages.Encode(platform.Name)} can now add MasteryPath. {LtiPages.Encode(next)}</p>", script: "/lti-register-close.js");
            }
            catch (LtiRefusedException refused)
            {
                return LtiPages.Refused(refused.Message);
            }
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
