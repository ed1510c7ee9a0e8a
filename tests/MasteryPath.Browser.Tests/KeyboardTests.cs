using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>Signing in without a mouse.</summary>
public sealed class KeyboardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [SkippableFact]
    public async Task The_sign_in_form_works_with_the_keyboard_alone()
    {
        var learner = new Learner(app, await app.NewPageAsync(), "keyboard");
        await learner.RunAsync(() => SignInWithKeysAsync(learner));
    }

    private static async Task SignInWithKeysAsync(Learner learner)
    {
        var page = learner.Page;
        await learner.GoAsync("/account/login");
        await Expect(page.Locator("#password")).ToBeVisibleAsync();
        for (var tabs = 0; await FocusedIdAsync(page) != "email"; tabs++)
        {
            Assert.True(tabs < 10, $"Tab never reached the email field (focus on '{await FocusedIdAsync(page)}')");
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.TypeAsync("ada@example.com");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("password", await FocusedIdAsync(page));
        await page.Keyboard.TypeAsync(BrowserApp.Password);
        await learner.ScreenshotAsync("typed");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("h1")).ToHaveTextAsync("My courses");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "ada@example.com" })).ToBeVisibleAsync();
        await learner.ScreenshotAsync("signed-in");
    }

    private static Task<string> FocusedIdAsync(IPage page) => page.EvaluateAsync<string>("document.activeElement?.id ?? ''");
}
