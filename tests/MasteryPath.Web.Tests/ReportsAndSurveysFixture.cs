using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>Helpers of the report, export and survey tests: the demo class, extra accounts, and ProblemDetails checks.</summary>
internal static class ReportsAndSurveysFixture
{
    public const long DemoClass = 1;
    public const string Teacher = "teacher@example.com";
    public const string Admin = "admin@example.com";
    public const string Ada = "ada@example.com";
    public const string Ben = "ben@example.com";
    public const string Cleo = "cleo@example.com";
    public const string Dev = "dev@example.com";

    /// <summary>Creates an account with <paramref name="role"/> that is in no class.</summary>
    public static async Task CreateAccountAsync(this MasteryPathAppFactory app, string email, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    /// <summary>Sends <paramref name="body"/> as JSON and reads the answer, which must have <paramref name="expected"/> status.</summary>
    public static async Task<T> SendJsonAsync<T>(this LearnerClient client, HttpMethod method, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        using var response = await client.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url}: {(int)response.StatusCode}, expected {(int)expected}\n{text}");
        return JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web)!;
    }

    public static async Task<string> BodyAsync(this LearnerClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: {(int)response.StatusCode}, expected {(int)expected}\n{body}");
        return body;
    }

    public static async Task<byte[]> DownloadAsync(this LearnerClient client, string url, string mediaType)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task AssertStatusAsync(this LearnerClient client, string url, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(url);
        if (url.StartsWith("/api/", StringComparison.Ordinal))
        {
            await Journeys.AssertProblemAsync(response, expected);
            return;
        }

        Assert.True(response.StatusCode == expected, $"GET {url}: {(int)response.StatusCode}, expected {(int)expected}");
    }

    /// <summary>A page a learner may not open: the sign-in cookie's access-denied redirect to the 403 page.</summary>
    public static async Task AssertAccessDeniedAsync(this LearnerClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {url}: {(int)response.StatusCode}, expected the access-denied redirect");
        Assert.StartsWith("/error/403", new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery, StringComparison.Ordinal);
    }
}
