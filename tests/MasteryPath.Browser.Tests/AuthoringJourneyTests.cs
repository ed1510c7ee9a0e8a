using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// "An author creates a skill, adds a prerequisite, writes a lesson with an image and math, adds a template, sees its
/// variants, publishes; a learner practises it" (docs/authoring.md). The authoring pages have no serious or critical
/// accessibility violations.
/// </summary>
public sealed class AuthoringJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Course = "fractions-lab";

    /// <summary>A 24×12 PNG: a blue half and an orange half.</summary>
    private static readonly byte[] Bars = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAABgAAAAMCAIAAAD3UuoiAAAAHElEQVR4nGPQyr9NEH1dpkwQMYwaNGrQqEH4EACVbMwwco2McAAAAABJRU5ErkJggg==");

    [SkippableFact]
    public async Task An_author_writes_and_publishes_a_course_and_a_learner_practises_it()
    {
        TestChromium.RequireOrSkip();
        var series = new ScreenshotSeries("authoring");
        var author = new Person(app, await app.NewPageAsync(), "author", series);
        var ada = new Learner(app, await app.NewPageAsync(), "ada", series);
        await Person.RunAsync([author, ada], async () =>
        {
            var page = author.Page;
            await author.SignInAsync("author@example.com");
            await page.GetByRole(AriaRole.Link, new() { Name = "Author", Exact = true }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Author courses");
            await AssertNoSeriousViolationsAsync(page);
            await page.FillAsync("#new-id", Course);
            await page.FillAsync("#new-title", "Fractions lab");
            await page.ClickAsync("#create-course");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Fractions lab");

            // Two skills, and the second needs the first.
            await AddSkillAsync(page, "compare-fractions", "Compare fractions");
            await AddSkillAsync(page, "add-fractions", "Add fractions");
            await page.SelectOptionAsync("#edge-skill", "add-fractions");
            await page.SelectOptionAsync("#edge-prerequisite", "compare-fractions");
            await page.ClickAsync("#add-edge");
            await Expect(page.Locator("#skill-add-fractions")).ToContainTextAsync("compare-fractions");

            // A cycle is refused, and the cycle is shown.
            await page.SelectOptionAsync("#edge-skill", "compare-fractions");
            await page.SelectOptionAsync("#edge-prerequisite", "add-fractions");
            await page.ClickAsync("#add-edge");
            await Expect(page.Locator("#author-error")).ToContainTextAsync("compare-fractions -> add-fractions -> compare-fractions");
            await AssertNoSeriousViolationsAsync(page);
            await author.ScreenshotAsync("graph-and-cycle-refused");

            // The lesson: an uploaded image with alt text and math, previewed live as it is typed.
            await page.ClickAsync("#skill-add-fractions a");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Add fractions");
            await page.SetInputFilesAsync("#media-file", new FilePayload { Name = "bars.png", MimeType = "image/png", Buffer = Bars });
            await page.ClickAsync("#upload-media");
            await Expect(page.Locator("#uploaded")).ToContainTextAsync("media/bars.png");
            await page.FillAsync("#lesson", "To add $\\frac{1}{2} + \\frac{1}{3}$, write both over the common denominator $6$.\n\n![A bar in two halves beside a bar in thirds](media/bars.png)");
            var preview = page.Locator("#preview-lesson");
            await Expect(preview.Locator("math").First).ToBeVisibleAsync();
            await Expect(preview.Locator("mfrac")).ToHaveCountAsync(2);
            await Expect(preview.Locator("img[alt='A bar in two halves beside a bar in thirds']")).ToBeVisibleAsync();
            Assert.True(await preview.Locator("img").EvaluateAsync<int>("img => img.naturalWidth") == 24, "the uploaded image did not load in the preview");
            await AssertNoSeriousViolationsAsync(page);
            await author.ScreenshotAsync("lesson-live-preview");
            await page.ClickAsync("#save-skill");
            await Expect(page.Locator("#saved")).ToBeVisibleAsync();

            // A template per skill; its variants show with their answers, and follow an edit before it is saved.
            foreach (var skill in new[] { "add-fractions", "compare-fractions" })
            {
                await author.GoAsync($"/author/{Course}");
                await page.SelectOptionAsync("#template-skill", skill);
                await page.ClickAsync("#add-template");
                await Expect(page.Locator("#variants > li")).ToHaveCountAsync(5);
            }

            await Expect(page.Locator("#variants .author-answer").First).ToHaveTextAsync(new Regex(@"^\d+$"));
            var yaml = await page.InputValueAsync("#items-text");
            await page.FillAsync("#items-text", yaml.Replace("'Work out $[[a]] + [[b]]$.'", "'Add [[a]] and [[b]] tenths.'", StringComparison.Ordinal));
            await Expect(page.Locator("#variants .prompt").First).ToContainTextAsync("tenths");
            await Expect(page.Locator("#items-ok")).ToBeVisibleAsync();
            foreach (var variant in await page.Locator("#variants > li").AllAsync())
            {
                var numbers = Regex.Matches(await variant.Locator(".prompt").InnerTextAsync(), @"\d+").Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Equal((numbers[0] + numbers[1]).ToString(System.Globalization.CultureInfo.InvariantCulture), await variant.Locator(".author-answer").InnerTextAsync());
            }

            await AssertNoSeriousViolationsAsync(page);
            await author.ScreenshotAsync("template-variants");
            await page.ClickAsync("#save-items");
            await Expect(page.Locator("#saved")).ToBeVisibleAsync();

            // Publish: the checker passes and version 1 is served.
            await author.GoAsync($"/author/{Course}");
            await page.ClickAsync("#publish-course");
            await Expect(page.Locator("#published")).ToContainTextAsync("Version 1 is published");
            await Expect(page.Locator("#versions")).ToContainTextAsync("Version 1, by Ari Author");
            await AssertNoSeriousViolationsAsync(page);
            await author.ScreenshotAsync("published");

            // A learner practises the new skill and answers a question.
            await ada.SignInAsync("ada@example.com");
            await ada.SkipPlacementAsync(Course);
            await ada.GoAsync($"/courses/{Course}/skills/compare-fractions");
            await ada.Page.ClickAsync("#practice");
            await Expect(ada.Page.Locator(".prompt")).ToContainTextAsync("tenths");
            await ada.AnswerRightAsync();
            await ada.ScreenshotAsync("practises-published-skill");
        });
    }

    private static async Task AddSkillAsync(IPage page, string id, string title)
    {
        await page.FillAsync("#skill-id", id);
        await page.FillAsync("#skill-title", title);
        await page.FillAsync("#skill-objective", $"Can {title.ToLowerInvariant()} with like and unlike denominators.");
        await page.ClickAsync("#add-skill");
        await Expect(page.Locator($"#skill-{id}")).ToContainTextAsync(title);
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var results = await AxeScan.AssertNoSeriousViolationsAsync(page);
        Assert.True(results.Passes.Length > 10, $"axe checked almost nothing on {page.Url}");
    }
}
