using System.Net;
using System.Net.Http.Json;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Tests;

/// <summary>A browser-like client of the app: cookies kept, redirects not followed, forms posted with their antiforgery token.</summary>
public sealed class LearnerClient(MasteryPathAppFactory app, HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public MasteryPathAppFactory App => app;

    /// <summary>Signs in through the sign-in form and returns the form's response (a redirect either way).</summary>
    public async Task<HttpResponseMessage> PostSignInAsync(string email, string password = DemoData.Password, string returnUrl = "/")
    {
        var page = await GetPageAsync("/account/login");
        var response = await PostFormAsync("/account/login", Html.AntiforgeryToken(page), ("email", email), ("password", password), ("returnUrl", returnUrl));
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith("/account/login", StringComparison.Ordinal) == false)
        {
            await UseApiTokenAsync();
        }

        return response;
    }

    /// <summary>Sends the signed-in user's antiforgery token (GET /api/antiforgery) with every later request, as an API client must for state changes.</summary>
    public async Task UseApiTokenAsync()
    {
        var token = await GetJsonAsync<Hardening.AntiforgeryTokenDto>("/api/antiforgery");
        http.DefaultRequestHeaders.Remove(token.HeaderName);
        http.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
    }

    public async Task SignInAsync(string email)
    {
        using var response = await PostSignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => http.GetAsync(new Uri(url, UriKind.Relative));

    /// <summary>GETs a page that must render (200) and returns its HTML.</summary>
    public async Task<string> GetPageAsync(string url)
    {
        using var response = await GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {response.Headers.Location}\n{body}");
        return body;
    }

    /// <summary>Follows the redirect a link answers with and returns where it leads.</summary>
    public async Task<string> RedirectTargetAsync(string url)
    {
        using var response = await GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {url}: {(int)response.StatusCode}, expected a redirect");
        return response.Headers.Location!.OriginalString;
    }

    public Task<HttpResponseMessage> PostFormAsync(string action, string? token, params (string Name, string Value)[] fields)
    {
        IEnumerable<(string Name, string Value)> all = token is null ? fields : fields.Append(("__RequestVerificationToken", token));
        return http.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(all.Select(f => KeyValuePair.Create(f.Name, f.Value))));
    }

    /// <summary>Opens <paramref name="pageUrl"/>, checks it has a form posting to <paramref name="action"/>, and posts it with the page's token.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string pageUrl, string action, params (string Name, string Value)[] fields)
    {
        var page = await GetPageAsync(pageUrl);
        Assert.Contains($"action=\"{action}\"", page, StringComparison.Ordinal);
        return await PostFormAsync(action, Html.AntiforgeryToken(page), fields);
    }

    public async Task<T> GetJsonAsync<T>(string url)
    {
        using var response = await GetAsync(url);
        await EnsureOkAsync(response, "GET", url);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public Task<HttpResponseMessage> PostJsonAsync(string url, object? body) =>
        http.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);

    public Task<HttpResponseMessage> PutJsonAsync(string url, object? body) =>
        http.PutAsJsonAsync(new Uri(url, UriKind.Relative), body);

    public async Task<T> PostJsonAsync<T>(string url, object? body)
    {
        using var response = await PostJsonAsync(url, body);
        await EnsureOkAsync(response, "POST", url);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public async Task SkipPlacementAsync(string courseId)
    {
        using var response = await PostJsonAsync($"/api/courses/{courseId}/placement/skip", null);
        await EnsureOkAsync(response, "POST", "placement/skip");
    }

    public Task<AttemptView> OpenAttemptAsync(string courseId, string skillId, string mode = "Practice") =>
        PostJsonAsync<AttemptView>($"/api/courses/{courseId}/skills/{skillId}/attempts", new { mode });

    public Task<AnswerResponse> AnswerAsync(string attemptId, string response) =>
        PostJsonAsync<AnswerResponse>($"/api/attempts/{attemptId}/answer", new { response });

    public async Task<AnswerResponse> AnswerCorrectlyAsync(string attemptId) => await AnswerAsync(attemptId, await app.CorrectResponseAsync(attemptId));

    public async Task<AnswerResponse> AnswerWronglyAsync(string attemptId) => await AnswerAsync(attemptId, await app.WrongResponseAsync(attemptId));

    public Task<CourseMapDto> MapAsync(string courseId) => GetJsonAsync<CourseMapDto>($"/api/courses/{courseId}/map");

    public async Task<SkillStateDto> SkillAsync(string courseId, string skillId) => (await MapAsync(courseId)).Skills.Single(s => s.Id == skillId);

    public void Dispose() => http.Dispose();

    private static async Task EnsureOkAsync(HttpResponseMessage response, string method, string url)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"{method} {url}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        }
    }
}
