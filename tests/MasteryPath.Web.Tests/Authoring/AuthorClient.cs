using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Tests.Authoring;

/// <summary>What the authoring tests do through the pages' forms, as a browser without script would.</summary>
internal static class AuthorClient
{
    /// <summary>Posts a form found on <paramref name="pageUrl"/> and returns where it redirects.</summary>
    public static async Task<string> SubmitAsync(this LearnerClient client, string pageUrl, string action, params (string Name, string Value)[] fields)
    {
        using var response = await client.SubmitFormAsync(pageUrl, action, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    public static Task<string> CreateCourseAsync(this LearnerClient client, string courseId, string title) =>
        client.SubmitAsync("/author", "/forms/author/courses", ("courseId", courseId), ("title", title));

    public static Task<string> AddSkillAsync(this LearnerClient client, string courseId, string skillId, string title) =>
        client.SubmitAsync($"/author/{courseId}", $"/forms/author/{courseId}/skills", ("skillId", skillId), ("title", title), ("objective", $"Can {title.ToLowerInvariant()}."), ("unit", "unit-1"));

    public static Task<string> AddEdgeAsync(this LearnerClient client, string courseId, string skill, string prerequisite) =>
        client.SubmitAsync($"/author/{courseId}", $"/forms/author/{courseId}/edges", ("skill", skill), ("prerequisite", prerequisite));

    public static Task<string> AddTemplateAsync(this LearnerClient client, string courseId, string skill) =>
        client.SubmitAsync($"/author/{courseId}", $"/forms/author/{courseId}/templates", ("skill", skill));

    public static Task<string> PublishAsync(this LearnerClient client, string courseId, bool confirm = false) =>
        confirm
            ? client.SubmitAsync($"/author/{courseId}?confirm=1", $"/forms/author/{courseId}/publish", ("confirm", "yes"))
            : client.SubmitAsync($"/author/{courseId}", $"/forms/author/{courseId}/publish");

    /// <summary>Posts a file with the antiforgery token of <paramref name="pageUrl"/>; returns the response.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this LearnerClient client, string pageUrl, string action, string field, string fileName, byte[] content)
    {
        var page = await client.GetPageAsync(pageUrl);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Html.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(content), field, fileName },
        };
        var response = await client.Http.PostAsync(new Uri(action, UriKind.Relative), form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>The draft's files as the database holds them.</summary>
    public static Task<Dictionary<string, string>> DraftFilesAsync(this MasteryPathAppFactory app, string courseId) =>
        app.QueryAsync(db => db.CourseDraftFiles.Where(f => f.CourseId == courseId).ToDictionaryAsync(f => f.Path, f => Encoding.UTF8.GetString(f.Content)));

    public static Dictionary<string, string> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }

    public static string PathOf(string location) => new Uri(new Uri("http://localhost"), location).AbsolutePath;
}
