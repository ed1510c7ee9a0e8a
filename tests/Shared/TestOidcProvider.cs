using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MasteryPath.Tests;

/// <summary>Someone with an account at the test provider; <see cref="EmailVerified"/> null sends no "email_verified" claim.</summary>
public sealed record OidcPerson(string Subject, string Email, string Name, bool? EmailVerified = true);

/// <summary>
/// A real OpenID Connect provider for the tests: an OpenIddict server on Kestrel at 127.0.0.1 (code flow with PKCE,
/// discovery, signed id tokens, its own SQLite store). Its sign-in page is a form asking which of its people signs in,
/// with a Cancel button that answers access_denied, as a real provider's would.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "masterypath-tests";
    public const string ClientSecret = "a-test-client-secret-1";

    private readonly ConcurrentDictionary<string, OidcPerson> _people = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _folder = Directory.CreateTempSubdirectory("masterypath-oidc.").FullName;
    private WebApplication? _app;
    private int _signIns;

    /// <summary>The issuer, e.g. http://127.0.0.1:41234/.</summary>
    public string Authority { get; private set; } = string.Empty;

    /// <summary>How many people signed in at the provider (tokens it handed out through its sign-in form).</summary>
    public int SignIns => _signIns;

    public void Add(OidcPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        _people[person.Email] = person;
    }

    /// <summary>Changes what the provider says about a person (same subject id), e.g. a new address.</summary>
    public void Replace(string email, OidcPerson person)
    {
        _people.TryRemove(email, out _);
        Add(person);
    }

    public static async Task<TestOidcProvider> StartAsync()
    {
        var provider = new TestOidcProvider();
        try
        {
            await provider.StartServerAsync();
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers the site as a confidential client that may come back to these addresses.</summary>
    public async Task RegisterClientAsync(params string[] redirectUris)
    {
        var app = _app ?? throw new InvalidOperationException("The provider has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(ClientId) is { } existing)
        {
            await applications.DeleteAsync(existing);
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "MasteryPath (tests)",
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri));
        }

        await applications.CreateAsync(descriptor);
    }

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var database = Path.Combine(_folder, "provider.db");
        builder.Services.AddDbContext<ProviderDb>(o => o.UseSqlite($"Data Source={database};Pooling=false").UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.Email, Scopes.Profile);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication();

        var app = builder.Build();
        _app = app;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        }

        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, IResult>)Authorize);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Authority = address.TrimEnd('/') + "/";

        // The first requests compile the server's code paths and open its store; on a busy machine that takes seconds,
        // which a browser's navigation to the provider should not have to wait for.
        using var warm = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using (await warm.GetAsync(new Uri(Authority + ".well-known/openid-configuration")))
        using (await warm.GetAsync(new Uri(Authority + "connect/authorize?client_id=warm-up&response_type=code&scope=openid")))
        {
        }
    }

    private IResult Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.GetParameter("login_cancel") is not null)
        {
            return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The person cancelled.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var email = request.GetParameter("login_email")?.ToString();
        if (email is null || !_people.TryGetValue(email.Trim(), out var person))
        {
            return Results.Content(SignInPage(request, email is null ? null : $"No account for {email} here."), "text/html; charset=utf-8");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Subject).SetClaim(Claims.Email, person.Email).SetClaim(Claims.Name, person.Name);
        if (person.EmailVerified is { } verified)
        {
            identity.SetClaim(Claims.EmailVerified, verified);
        }

        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        Interlocked.Increment(ref _signIns);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static string SignInPage(OpenIddictRequest request, string? error)
    {
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Test school sign-in</title></head><body>");
        html.Append("<h1>Test school sign-in</h1>");
        if (error is not null)
        {
            html.Append("<p role=\"alert\">").Append(WebUtility.HtmlEncode(error)).Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"/connect/authorize\">");
        foreach (var (name, value) in request.GetParameters())
        {
            if (name is "login_email" or "login_cancel")
            {
                continue;
            }

            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name)).Append("\" value=\"").Append(WebUtility.HtmlEncode(value.ToString())).Append("\">");
        }

        html.Append("<label for=\"login_email\">School email</label> <input id=\"login_email\" name=\"login_email\" type=\"email\">");
        html.Append(" <button type=\"submit\">Continue</button> <button type=\"submit\" name=\"login_cancel\" value=\"1\">Cancel</button></form></body></html>");
        return html.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}
