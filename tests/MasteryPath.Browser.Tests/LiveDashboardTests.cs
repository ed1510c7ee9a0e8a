using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// The class dashboard updates as learners answer without reloading: a learner who gets stuck appears under "Needs
/// help now" while the teacher is half-way through changing a filter, and the filter, its focus and the page stay.
/// </summary>
public sealed class LiveDashboardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [SkippableFact]
    public async Task A_stuck_learner_appears_without_a_reload_and_a_half_changed_filter_stays()
    {
        var series = new ScreenshotSeries("live-dashboard");
        var teacher = new Person(app, await app.NewPageAsync(), "teacher", series);
        var cleo = new Learner(app, await app.NewPageAsync(), "cleo", series);
        await Person.RunAsync([teacher, cleo], async () =>
        {
            var page = teacher.Page;
            await teacher.SignInAsync("teacher@example.com");
            await page.Locator("#teaching").GetByRole(AriaRole.Link, new() { Name = "Period 1" }).ClickAsync();
            await Expect(page.Locator("#live-status")).ToHaveTextAsync("updates as learners answer");
            await page.EvaluateAsync("() => { window.sameDocument = true; }");
            await page.SelectOptionAsync("#sort", "help");
            await page.FocusAsync("#sort");

            await cleo.SignInAsync("cleo@example.com");
            await cleo.SkipPlacementAsync("algebra-1");
            await cleo.GoAsync("/courses/algebra-1/skills/place-value/practice");
            for (var wrong = 1; wrong <= 4; wrong++)
            {
                if (wrong > 1)
                {
                    await cleo.NextAsync();
                }

                await cleo.AnswerWrongAsync();
            }

            var alert = page.Locator("li.help-alert").Filter(new() { HasText = "Cleo Learner" });
            await Expect(alert).ToContainTextAsync(new Regex("4 wrong answers in a row"), new() { Timeout = 15_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the dashboard reloaded instead of updating in place");
            Assert.Equal("help", await page.InputValueAsync("#sort"));
            await Expect(page.Locator("#sort")).ToBeFocusedAsync();
            await Expect(page.Locator("#live-updated")).ToContainTextAsync("Updated at");
            await Expect(page.Locator("#live-heatmap")).ToContainTextAsync("Cleo Learner");
            await teacher.ScreenshotAsync("updated-in-place");
        });
    }
}
