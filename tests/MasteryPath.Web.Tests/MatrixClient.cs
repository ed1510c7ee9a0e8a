using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MasteryPath.Web.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MasteryPath.Web.Tests;

/// <summary>
/// One actor's browser: cookies and the antiforgery token are kept by hand and never updated from answers, so that a
/// sign-out, a renewed cookie or a new antiforgery cookie in one answer changes nothing for the next request.
/// </summary>
internal sealed class MatrixClient(Actor actor, string? email, HttpClient http) : IDisposable
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public Actor Actor => actor;

    public string? Email => email;

    /// <summary>An antiforgery request token for this actor's identity, from a page they may open.</summary>
    public string Token { get; private set; } = string.Empty;

    public static async Task<MatrixClient> StartAsync(MasteryPathAppFactory app, Actor actor, string? email)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var client = new MatrixClient(actor, email, http);
        try
        {
            client.Token = Html.AntiforgeryToken(await client.PageAsync("/account/login"));
            if (email is not null)
            {
                using var signIn = await client.SendAsync(
                    HttpMethod.Post,
                    "/account/login",
                    new FormUrlEncodedContent([new("email", email), new("password", DemoData.Password), new("returnUrl", "/"), new("__RequestVerificationToken", client.Token)]));
                Assert.True(signIn.StatusCode == HttpStatusCode.Redirect && signIn.Headers.Location?.OriginalString == "/", $"{email} could not sign in: {(int)signIn.StatusCode} {signIn.Headers.Location}");
                client.Keep(signIn);
                client.Token = Html.AntiforgeryToken(await client.PageAsync("/account"));
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        if (Token.Length > 0 && !request.RequestUri!.OriginalString.StartsWith("/account/login", StringComparison.Ordinal))
        {
            request.Headers.Add(Hardening.ApiAntiforgery.HeaderName, Token);
        }

        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        // Headers first: an event stream (the live dashboard) answers its headers and then never ends.
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Sends JSON during the setup; the answer must have <paramref name="expected"/> status.</summary>
    public async Task<T> JsonAsync<T>(HttpMethod method, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(method, url, JsonContent.Create(body));
        return await ReadAsync<T>(response, expected, $"{method} {url}");
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{what}: {(int)response.StatusCode}, expected {(int)expected}\n{text}");
        return JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web)!;
    }

    public void Dispose() => http.Dispose();

    private async Task<string> PageAsync(string url)
    {
        using var response = await SendAsync(HttpMethod.Get, url, null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} as {actor}: {(int)response.StatusCode}\n{body}");
        Keep(response);
        return body;
    }

    private void Keep(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            var pair = value.Split(';', 2)[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                _cookies[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
            }
        }
    }
}
