using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// A lesson with a diagram in a real browser: the SVG from the course's media/ folder is served by the app and
/// really drawn (its natural width is known once loaded), with its alt text and size; the worked example is a labelled
/// region with its steps and answer; nothing is fetched from another site, and the page has no serious or critical
/// accessibility violation.
/// </summary>
public sealed class RichLessonTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Algebra = "algebra-1";

    [SkippableFact]
    public async Task The_lesson_diagram_is_served_by_the_app_and_drawn_with_its_alt_text()
    {
        var ben = new Learner(app, await app.NewPageAsync(), "rich-lesson");
        await ben.RunAsync(async () =>
        {
            var page = ben.Page;
            var elsewhere = new List<string>();
            page.Request += (_, request) =>
            {
                if (!request.Url.StartsWith(app.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                {
                    elsewhere.Add(request.Url);
                }
            };
            await ben.SignInAsync("ben@example.com");
            await ben.SkipPlacementAsync(Algebra);
            await ben.GoAsync($"/courses/{Algebra}/skills/place-value");

            var diagram = page.Locator("article.lesson img");
            await Expect(diagram).ToHaveAttributeAsync("src", $"/courses/{Algebra}/media/rounding-number-line.svg");
            await Expect(diagram).ToHaveAttributeAsync("alt", new System.Text.RegularExpressions.Regex("^A number line from 38,400 to 38,500"));
            await Expect(diagram).ToHaveAttributeAsync("loading", "lazy");
            await Expect(diagram).ToHaveAttributeAsync("width", "600");
            await Expect(diagram).ToHaveAttributeAsync("height", "130");
            await diagram.ScrollIntoViewIfNeededAsync();
            await page.WaitForFunctionAsync("() => { const i = document.querySelector('article.lesson img'); return i.complete && i.naturalWidth > 0; }");
            Assert.Equal(600, await diagram.EvaluateAsync<int>("i => i.naturalWidth"));
            Assert.True((await diagram.BoundingBoxAsync())!.Width > 100, "the diagram is drawn at a readable size");

            var example = page.GetByRole(AriaRole.Region, new() { Name = "Worked example" });
            await Expect(example.Locator("h3")).ToHaveTextAsync("Worked example: Round 38,462 to the nearest hundred");
            await Expect(example.Locator("ol.worked-example-steps > li")).ToHaveCountAsync(4);
            await Expect(example.Locator(".worked-example-answer")).ToContainTextAsync("Answer:");

            await AxeScan.AssertNoSeriousViolationsAsync(page);
            await ben.ScreenshotAsync("place-value-lesson-with-diagram");
            Assert.True(elsewhere.Count == 0, "requests to other sites: " + string.Join(", ", elsewhere));
        });
    }
}
