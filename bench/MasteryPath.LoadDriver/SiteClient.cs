using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace MasteryPath.LoadDriver;

/// <summary>The answer of a timed request: its status, how long it took (body read included), and the body if it was 2xx.</summary>
internal sealed record Timed<T>(HttpStatusCode Status, TimeSpan Elapsed, T? Body, string? Failure)
{
    public bool Ok => Failure is null;
}

/// <summary>
/// One browser-like client of the app: its own connection and cookie container, redirects not followed, the sign-in
/// form posted with its antiforgery token; after sign-in every request carries the user's API antiforgery token
/// (GET /api/antiforgery), which the API requires for state changes.
/// </summary>
internal sealed partial class SiteClient : IDisposable
{
    private readonly HttpClient _http;

    public SiteClient(Uri baseAddress, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }

    /// <summary>Signs in through /account/login as a person would: GET the form (antiforgery cookie and token), POST it.</summary>
    public async Task SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var page = await _http.GetStringAsync(new Uri("/account/login", UriKind.Relative), cancellationToken);
        var token = AntiforgeryToken(page) ?? throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = token,
        });
        using var response = await _http.PostAsync(new Uri("/account/login", UriKind.Relative), form, cancellationToken);
        var location = response.Headers.Location?.OriginalString;
        if (response.StatusCode != HttpStatusCode.Redirect || location != "/")
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode} → {location}");
        }

        var api = Require(await GetAsync<ApiToken>("/api/antiforgery", cancellationToken), "Getting the API antiforgery token");
        _http.DefaultRequestHeaders.Remove(api.HeaderName);
        _http.DefaultRequestHeaders.Add(api.HeaderName, api.Token);
    }

    private sealed record ApiToken(string HeaderName, string Token);

    public Task<Timed<T>> GetAsync<T>(string url, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);

    public Task<Timed<T>> PostAsync<T>(string url, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) }, cancellationToken);

    /// <summary>A GET whose body is read and dropped: the ceiling's request.</summary>
    public async Task<Timed<bool>> GetRawAsync(string url, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start);
            return response.IsSuccessStatusCode
                ? new Timed<bool>(response.StatusCode, elapsed, true, null)
                : new Timed<bool>(response.StatusCode, elapsed, false, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new Timed<bool>(0, Stopwatch.GetElapsedTime(start), false, ex.GetType().Name);
        }
    }

    /// <summary>The JSON body of a 2xx answer; throws with the status and body otherwise (for the setup, not the timed loop).</summary>
    public static T Require<T>(Timed<T> result, string what) =>
        result.Ok && result.Body is not null ? result.Body : throw new InvalidOperationException($"{what} failed: {result.Failure}");

    public void Dispose() => _http.Dispose();

    private async Task<Timed<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return new Timed<T>(response.StatusCode, Stopwatch.GetElapsedTime(start), default, text.Length == 0 ? status : $"{status} {Shorten(text)}");
                }

                var body = await response.Content.ReadFromJsonAsync<T>(cancellationToken);
                return new Timed<T>(response.StatusCode, Stopwatch.GetElapsedTime(start), body, null);
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return new Timed<T>(0, Stopwatch.GetElapsedTime(start), default, ex.GetType().Name);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>The value of the page's antiforgery hidden input, or null.</summary>
    public static string? AntiforgeryToken(string html)
    {
        var input = TokenInput().Match(html);
        if (!input.Success)
        {
            return null;
        }

        var value = ValueAttribute().Match(input.Value);
        return value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : null;
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ValueAttribute();
}
