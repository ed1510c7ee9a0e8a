using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// A class-wide assignment with a due date, set on the assignments page, reaches two learners' home pages with the
/// teacher's announcement; one learner follows it to mastery and the teacher sees the completion.
/// </summary>
public sealed class AssignmentJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Title = "Place value warm-up";

    [SkippableFact]
    public async Task A_class_wide_assignment_reaches_two_learners_and_completion_shows()
    {
        var series = new ScreenshotSeries("assignments");
        var teacher = new Person(app, await app.NewPageAsync(), "teacher", series);
        var ben = new Learner(app, await app.NewPageAsync(), "ben", series);
        var cleo = new Learner(app, await app.NewPageAsync(), "cleo", series);
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);
        await Person.RunAsync([teacher, ben, cleo], async () =>
        {
            var page = teacher.Page;
            await teacher.SignInAsync("teacher@example.com");
            await page.Locator("#teaching").GetByRole(AriaRole.Link, new() { Name = "Period 1" }).ClickAsync();
            await page.ClickAsync("#assignments-link");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Assignments and announcements");

            await page.GetByText("Pick skills (a practice set)").ClickAsync();
            await page.Locator("input[name=skill][value=place-value]").CheckAsync();
            await Expect(page.GetByLabel("The whole class (learners who join later too)")).ToBeCheckedAsync();
            await page.FillAsync("#due", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.FillAsync("#title", Title);
            await page.FillAsync("#note", "Ten minutes a day until Friday.");
            await page.ClickAsync("#assign");
            await Expect(page.Locator("p.notice")).ToContainTextAsync("Assigned.");
            var card = page.Locator("article.assignment").Filter(new() { HasText = Title });
            await Expect(card.Locator(".completion")).ToHaveTextAsync("0 of 4 done");

            await page.FillAsync("#announcement", "Quiz on Friday.\nBring a pencil.");
            await page.ClickAsync("#announce");
            await Expect(page.Locator("p.notice")).ToContainTextAsync("Posted.");
            await teacher.ScreenshotAsync("assignments-page");

            foreach (var learner in new[] { ben, cleo })
            {
                await learner.SignInAsync($"{learner.Name}@example.com");
                var assigned = learner.Page.Locator("#assigned li").Filter(new() { HasText = Title });
                await Expect(assigned).ToContainTextAsync($"due {due.ToString("ddd d MMM", CultureInfo.InvariantCulture)}");
                await Expect(assigned).ToContainTextAsync("0 of 1 skill mastered");
                await Expect(learner.Page.Locator("#announcements")).ToContainTextAsync("Bring a pencil.");
            }

            await cleo.ScreenshotAsync("home");

            // Ben follows the assignment from his home page to mastery.
            await ben.SkipPlacementAsync("algebra-1");
            await ben.GoAsync("/");
            await ben.Page.Locator("#assigned").GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
            await Expect(ben.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/courses/algebra-1/skills/place-value$"));
            await ben.MasterFromSkillPageAsync();
            await ben.GoAsync("/");
            await Expect(ben.Page.Locator("#assigned details summary")).ToHaveTextAsync("Done (1)");
            await ben.ScreenshotAsync("home-done");

            await teacher.ReloadAsync();
            await Expect(card.Locator(".completion")).ToHaveTextAsync("1 of 4 done");
            await card.GetByText("Each learner").ClickAsync();
            await Expect(card.Locator("tr[data-standing=Done]")).ToContainTextAsync("Ben Learner");
            await Expect(card.Locator("tr[data-standing=NotStarted]")).ToHaveCountAsync(3);
            await teacher.ScreenshotAsync("completion");
            await page.ClickAsync("nav.crumbs >> text=Period 1");
            await Expect(page.Locator("#assignment-summary")).ToContainTextAsync($"{Title}: 1 of 4 done");
        });
    }
}
