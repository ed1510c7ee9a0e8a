using System.Net;
using System.Text.RegularExpressions;
using MasteryPath.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Tests;

/// <summary>The app on Kestrel and a test LMS (<see cref="TestLtiPlatform"/>) that know each other, and a browser's way through an LTI launch.</summary>
internal sealed partial class LtiWorld : IAsyncDisposable
{
    public const string Course = Journeys.Algebra;
    public const string Skill = Journeys.RootSkill;

    private LtiWorld(TestLtiPlatform platform, MasteryPathAppFactory app)
    {
        Platform = platform;
        App = app;
    }

    public TestLtiPlatform Platform { get; }

    public MasteryPathAppFactory App { get; }

    public static LtiPerson Teacher { get; } = new("lms-teacher-7", "Tess Teacher", "tess@lincoln.example", LtiPerson.Instructor);

    public static LtiPerson Learner { get; } = new("lms-learner-1", "Lee Learner", "lee@lincoln.example", LtiPerson.Learner);

    /// <summary>Starts both; with <paramref name="register"/> an admin has entered the LMS (approved) as the docs say.</summary>
    public static async Task<LtiWorld> StartAsync(TestDatabase database, bool register = true)
    {
        var platform = await TestLtiPlatform.StartAsync();
        try
        {
            var app = await MasteryPathAppFactory.StartAsync(database, kestrel: true, settings: new Dictionary<string, string>
            {
                ["MasteryPath:Lti:AllowHttp"] = "true",
                ["MasteryPath:Lti:ScoreScanSeconds"] = "0.2",
                ["MasteryPath:Lti:OutboxPollSeconds"] = "0.2",
                ["MasteryPath:Lti:RetryFirstSeconds"] = "30",
            });
            platform.ToolLaunchUrl = app.BaseUrl + "/lti/launch";
            platform.ToolJwksUrl = app.BaseUrl + "/lti/jwks";
            var world = new LtiWorld(platform, app);
            if (register)
            {
                await world.App.QueryAsync(async db =>
                {
                    db.LtiPlatforms.Add(platform.AsRegisteredPlatform("Lincoln LMS"));
                    return await db.SaveChangesAsync();
                });
            }

            return world;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    public static LtiLaunchPlan Plan(LtiPerson person, string contextId = "course-section-3", string resourceLinkId = "link-1", string? skill = Skill, string messageType = "LtiResourceLinkRequest")
    {
        var custom = new Dictionary<string, string> { ["masterypath_course"] = Course };
        if (skill is not null)
        {
            custom["masterypath_skill"] = skill;
        }

        return new LtiLaunchPlan(person, messageType, contextId, resourceLinkId, custom);
    }

    /// <summary>What the browser ends with after the launch: the tool's answer to the posted id_token.</summary>
    public sealed record LaunchAnswer(HttpStatusCode Status, string? Location, string Body);

    /// <summary>
    /// A browser's launch: the LMS link sends it to /lti/login, the tool redirects it to the LMS's authorization
    /// endpoint, whose page posts the id_token and state to the tool's launch URL. <paramref name="intercept"/> may
    /// change the posted fields (a forged or replayed state).
    /// </summary>
    public async Task<LaunchAnswer> LaunchAsync(LearnerClient browser, LtiLaunchPlan plan, Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>>? intercept = null, bool getLogin = false)
    {
        var fields = await PlatformFormAsync(browser, plan, getLogin);
        fields = intercept?.Invoke(fields) ?? fields;
        using var answer = await browser.Http.PostAsync(new Uri("/lti/launch", UriKind.Relative), new FormUrlEncodedContent(fields));
        return new LaunchAnswer(answer.StatusCode, answer.Headers.Location?.OriginalString, await answer.Content.ReadAsStringAsync());
    }

    /// <summary>Up to the LMS's auto-posting form; returns its fields (id_token, state) after checking it posts to the tool.</summary>
    public async Task<List<KeyValuePair<string, string>>> PlatformFormAsync(LearnerClient browser, LtiLaunchPlan plan, bool getLogin = false)
    {
        var initiation = Platform.InitiateLogin(plan);
        using var login = getLogin
            ? await browser.Http.GetAsync(new Uri("/lti/login?" + string.Join('&', initiation.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value))), UriKind.Relative))
            : await browser.Http.PostAsync(new Uri("/lti/login", UriKind.Relative), new FormUrlEncodedContent(initiation));
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, $"/lti/login answered {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
        var toPlatform = login.Headers.Location!;
        Assert.Equal(Platform.AuthUrl, toPlatform.GetLeftPart(UriPartial.Path));

        using var lms = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var page = await lms.GetAsync(toPlatform);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"the LMS refused the authentication request: {html}");
        Assert.Equal(Platform.ToolLaunchUrl, WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value));
        return HiddenField().Matches(html).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
    }

    /// <summary>A launch that must succeed: returns where the tool sends the browser.</summary>
    public async Task<string> LaunchOkAsync(LearnerClient browser, LtiLaunchPlan plan)
    {
        var answer = await LaunchAsync(browser, plan);
        Assert.True(answer.Status == HttpStatusCode.Redirect, $"the launch was refused ({(int)answer.Status}): {Html.Text(answer.Body)}");
        return answer.Location!;
    }

    public Task<T> QueryAsync<T>(Func<MasteryPathDb, Task<T>> query) => App.QueryAsync(query);

    public Task<string> UserIdBySubjectAsync(string subject) => App.QueryAsync(db => db.UserLogins.Where(l => l.ProviderKey == subject).Select(l => l.UserId).SingleAsync());

    /// <summary>Waits (real time) until <paramref name="condition"/> holds, up to <paramref name="seconds"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, double seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return condition();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Platform.DisposeAsync();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    public static partial Regex HiddenField();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\"")]
    public static partial Regex FormAction();
}
