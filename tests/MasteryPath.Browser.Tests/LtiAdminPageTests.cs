using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// The admin's LTI platforms page in the app's layout: the addresses to give an LMS, a platform added by hand (a wrong
/// address refused with the field named, nothing lost), and the plain page an LMS launch that is refused shows.
/// </summary>
public sealed class LtiAdminPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [SkippableFact]
    public async Task An_admin_adds_a_platform_and_a_wrong_address_is_refused_with_the_field_named()
    {
        TestChromium.RequireOrSkip();
        var admin = new Person(app, await app.NewPageAsync(), "lti-admin");
        await admin.RunAsync(async () =>
        {
            var page = admin.Page;
            await admin.SignInAsync("admin@example.com");
            await page.GetByRole(AriaRole.Link, new() { Name = "LTI platforms" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("LTI platforms");
            await Expect(page.Locator("#lti-addresses")).ToContainTextAsync(app.BaseUrl + "/lti/launch");
            await Expect(page.Locator("#no-platform")).ToBeVisibleAsync();
            await AxeScan.AssertNoSeriousViolationsAsync(page);

            await FillAsync(page, ("name", "Moodle"), ("issuer", "https://moodle.example.edu"), ("client_id", "mp-tool-1"), ("deployment_ids", "1"),
                ("auth_login_url", "ftp://moodle.example.edu/mod/lti/auth.php"), ("token_url", "https://moodle.example.edu/mod/lti/token.php"), ("jwks_url", "https://moodle.example.edu/mod/lti/certs.php"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Add platform" }).ClickAsync();
            await Expect(page.Locator("#lti-error")).ToContainTextAsync("Authentication (OIDC auth) URL must be an https address");
            await AxeScan.AssertNoSeriousViolationsAsync(page);
            await admin.ScreenshotAsync("refused");

            // What was typed is still there: only the wrong field needs fixing.
            await Expect(page.Locator("#issuer-new")).ToHaveValueAsync("https://moodle.example.edu");
            await Expect(page.Locator("#deployment_ids-new")).ToHaveValueAsync("1");
            await Expect(page.Locator("#auth_login_url-new")).ToHaveValueAsync("ftp://moodle.example.edu/mod/lti/auth.php");
            await FillAsync(page, ("auth_login_url", "https://moodle.example.edu/mod/lti/auth.php"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Add platform" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Moodle", Exact = true })).ToBeVisibleAsync();
            await Expect(page.Locator("#lti-error")).ToHaveCountAsync(0);
            await Expect(page.Locator(".lti-platform input[name=issuer]")).ToHaveValueAsync("https://moodle.example.edu");
            await AxeScan.AssertNoSeriousViolationsAsync(page);
            await admin.ScreenshotAsync("added");

            await page.GetByRole(AriaRole.Button, new() { Name = "Remove Moodle" }).ClickAsync();
            await Expect(page.Locator("#no-platform")).ToBeVisibleAsync();
        });
    }

    [SkippableFact]
    public async Task A_refused_launch_shows_a_readable_page_without_serious_accessibility_problems()
    {
        TestChromium.RequireOrSkip();
        var visitor = new Person(app, await app.NewPageAsync(), "lti-refused");
        await visitor.RunAsync(async () =>
        {
            var response = await visitor.GoAsync("/lti/login?iss=https%3A%2F%2Funknown.example&login_hint=x&target_link_uri=" + Uri.EscapeDataString(app.BaseUrl + "/lti/launch"));
            Assert.Equal(400, response.Status);
            await Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("MasteryPath could not open this");
            await Expect(visitor.Page.Locator("[role=alert]")).Not.ToBeEmptyAsync();
            await AxeScan.AssertNoSeriousViolationsAsync(visitor.Page);
            await visitor.ScreenshotAsync("refused-launch");
        });
    }

    /// <summary>Fills the add form (the one whose ids end in "-new").</summary>
    private static async Task FillAsync(IPage page, params (string Field, string Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            await page.FillAsync($"#{field}-new", value);
        }
    }
}
