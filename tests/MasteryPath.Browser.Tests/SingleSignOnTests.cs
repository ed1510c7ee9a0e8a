using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>The app with a school's OpenID Connect provider (a real OpenIddict server at 127.0.0.1) configured.</summary>
public sealed class SingleSignOnBrowserApp : BrowserApp
{
    private TestOidcProvider? _provider;

    public TestOidcProvider Provider => _provider ?? throw new InvalidOperationException("The provider has not started.");

    protected override async Task<IReadOnlyDictionary<string, string>> SettingsAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _provider.Add(new OidcPerson("sub-zoe", "zoe@lincoln.example", "Zoe Park"));
        const string prefix = "MasteryPath:SingleSignOn:Providers:school:";
        return new Dictionary<string, string>
        {
            [prefix + "DisplayName"] = "Lincoln High",
            [prefix + "Authority"] = _provider.Authority,
            [prefix + "ClientId"] = TestOidcProvider.ClientId,
            [prefix + "ClientSecret"] = TestOidcProvider.ClientSecret,
            [prefix + "RequireHttpsMetadata"] = "false",
        };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }
}

/// <summary>A learner signs in with her school account in Chromium: the button, the provider's page, back signed in.</summary>
public sealed class SingleSignOnTests(SingleSignOnBrowserApp app) : IClassFixture<SingleSignOnBrowserApp>
{
    [SkippableFact]
    public async Task A_learner_signs_in_with_her_school_account_and_her_account_page_says_so()
    {
        var zoe = new Person(app, await app.NewPageAsync(), "single-sign-on");
        await zoe.RunAsync(async () =>
        {
            await app.Provider.RegisterClientAsync($"{app.BaseUrl}/signin-sso/school");
            var page = zoe.Page;
            await zoe.GoAsync("/account/login");
            var button = page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Lincoln High" });
            await Expect(button).ToBeVisibleAsync();
            await zoe.ScreenshotAsync("sign-in-page");

            // The first click also reads the provider's discovery document over the network: slow on a busy machine.
            await button.ClickAsync(new() { Timeout = 30_000 });
            await Expect(page.Locator("h1")).ToHaveTextAsync("Test school sign-in", new() { Timeout = 30_000 });
            Assert.StartsWith(app.Provider.Authority, page.Url, StringComparison.Ordinal);
            await page.FillAsync("#login_email", "zoe@lincoln.example");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync(new() { Timeout = 30_000 });

            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            Assert.StartsWith(app.BaseUrl, page.Url, StringComparison.Ordinal);
            await zoe.ScreenshotAsync("signed-in");

            await zoe.GoAsync("/account");
            await Expect(page.Locator("#sso-logins")).ToContainTextAsync("You sign in with Lincoln High.");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change password" })).ToHaveCountAsync(0);
            await zoe.ScreenshotAsync("account-page");
        });
    }
}
