using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>The learner pages on a phone (390×844): one column, nothing wider than the screen but the map's own scroll box.</summary>
public sealed class PhoneLayoutTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [SkippableFact]
    public async Task Lesson_practice_and_map_fit_a_phone_screen()
    {
        var learner = new Learner(app, await app.NewPageAsync(390, 844), "phone");
        await learner.RunAsync(() => PhoneAsync(learner));
    }

    private static async Task PhoneAsync(Learner learner)
    {
        var page = learner.Page;
        await learner.SignInAsync("cleo@example.com");
        await learner.GoAsync("/courses/algebra-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skip: start from the beginning" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Today");
        await AssertFitsAsync(page);
        await learner.ScreenshotAsync("today");

        await page.ClickAsync("#continue");
        await Expect(page.Locator("article.lesson")).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await learner.ScreenshotAsync("lesson");

        await page.ClickAsync("#practice");
        await Expect(page.Locator("#submit-answer")).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await learner.ScreenshotAsync("practice");

        await page.ClickAsync("#hint");
        await Expect(page.Locator("#hints .hint")).ToHaveCountAsync(1);
        await learner.AnswerWrongAsync();
        await AssertFitsAsync(page);
        await learner.ScreenshotAsync("practice-answered");

        await page.GetByRole(AriaRole.Link, new() { Name = "Map", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/courses/algebra-1/map$"));
        await Expect(page.Locator(".map-graph")).ToBeHiddenAsync();
        await Expect(page.Locator("ul.skill-list").First).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await learner.ScreenshotAsync("map");
    }

    /// <remarks>
    /// Measured again for up to five seconds: right after a navigation on a busy machine the stylesheet may not have
    /// been applied yet, and the unstyled map is as wide as its drawing. A layout that really overflows still fails.
    /// </remarks>
    private static async Task AssertFitsAsync(IPage page)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (scrollWidth, innerWidth) = (
                await page.EvaluateAsync<int>("document.documentElement.scrollWidth"),
                await page.EvaluateAsync<int>("window.innerWidth"));
            if (scrollWidth <= innerWidth + 1)
            {
                return;
            }

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"{new Uri(page.Url).AbsolutePath} is {scrollWidth}px wide on a {innerWidth}px screen");
            await page.WaitForTimeoutAsync(250);
        }
    }
}
