using System.Text.Json;
using MasteryPath.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>The browser app with a test LMS (<see cref="TestLtiPlatform"/>) registered and approved, over real HTTP on loopback.</summary>
public sealed class LtiBrowserApp : BrowserApp
{
    private TestLtiPlatform? _platform;

    public TestLtiPlatform Platform => _platform ?? throw new InvalidOperationException("The test LMS has not started.");

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["MasteryPath:Lti:AllowHttp"] = "true" });

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (TestChromium.ExecutablePath is null)
        {
            return;
        }

        _platform = await TestLtiPlatform.StartAsync();
        _platform.ToolLaunchUrl = BaseUrl + "/lti/launch";
        _platform.ToolJwksUrl = BaseUrl + "/lti/jwks";
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        db.LtiPlatforms.Add(_platform.AsRegisteredPlatform("Lincoln LMS"));
        await db.SaveChangesAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>
/// A teacher adds MasteryPath to an LMS assignment in a real browser: the LMS's launch goes through the OIDC login, the
/// picker lists courses, units and skills (free of serious accessibility problems), and the chosen skill goes back to
/// the LMS as a signed Deep Linking response the LMS accepts.
/// </summary>
public sealed class LtiDeepLinkingTests(LtiBrowserApp app) : IClassFixture<LtiBrowserApp>
{
    [SkippableFact]
    public async Task A_teacher_picks_a_skill_for_an_lms_assignment_and_the_lms_receives_it()
    {
        TestChromium.RequireOrSkip();
        var teacher = new Person(app, await app.NewPageAsync(), "lti-deep-link");
        await teacher.RunAsync(async () =>
        {
            var page = teacher.Page;
            var person = new LtiPerson("lms-teacher-9", "Tess Teacher", "tess@lincoln.example", LtiPerson.Instructor);
            var plan = new LtiLaunchPlan(person, "LtiDeepLinkingRequest", "course-section-3", "link-1", new Dictionary<string, string>());
            var query = string.Join('&', app.Platform.InitiateLogin(plan).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));

            // The LMS's link: the tool's login initiation, the LMS's authorization page, its form posted to the launch.
            await teacher.GoAsync("/lti/login?" + query);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Pick what this LMS assignment opens", new() { Timeout = 30_000 });
            await Expect(page.Locator("main")).ToContainTextAsync("the same score as the gradebook export");
            await AxeScan.AssertNoSeriousViolationsAsync(page);
            await teacher.ScreenshotAsync("picker");

            await page.GetByLabel("Skill: Place value and rounding").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to the LMS" }).ClickAsync();
            await Expect(page.Locator("body")).ToContainTextAsync("The item was added.", new() { Timeout = 30_000 });

            var response = Assert.Single(app.Platform.DeepLinkResponses);
            Assert.True(response.TryGetPayloadValue<JsonElement>("https://purl.imsglobal.org/spec/lti-dl/claim/content_items", out var items));
            var item = Assert.Single(items.EnumerateArray().ToList());
            Assert.Equal("Place value and rounding", item.GetProperty("title").GetString());
            Assert.Equal("place-value", item.GetProperty("custom").GetProperty("masterypath_skill").GetString());
            Assert.Equal(app.BaseUrl + "/lti/launch", item.GetProperty("url").GetString());
        });
    }
}
