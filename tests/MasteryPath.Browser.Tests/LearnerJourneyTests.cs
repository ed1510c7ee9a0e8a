using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>A new learner's first session, clicked and typed through in Chromium: placement, lesson, practice, check, map.</summary>
public sealed partial class LearnerJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Course = "/courses/algebra-1";
    private const string Email = "ben@example.com";

    [SkippableFact]
    public async Task A_new_learner_places_practises_masters_a_skill_and_unlocks_the_next()
    {
        var learner = new Learner(app, await app.NewPageAsync(), "journey");
        await learner.RunAsync(() => JourneyAsync(learner));
    }

    private static async Task JourneyAsync(Learner learner)
    {
        var page = learner.Page;

        // 1. Sign in.
        await learner.SignInAsync(Email);
        await Expect(page.Locator("h1")).ToHaveTextAsync("My courses");
        await learner.ScreenshotAsync("signed-in");

        // 2. The course starts with the placement; every answer is wrong until it ends.
        await learner.GoAsync(Course);
        await Expect(page).ToHaveURLAsync(new Regex("/courses/algebra-1/placement$"));
        await learner.ScreenshotAsync("placement-intro");
        await page.ClickAsync("#start-placement");
        var placementQuestions = 0;
        while (new Uri(page.Url).AbsolutePath.StartsWith("/attempts/", StringComparison.Ordinal))
        {
            Assert.True(++placementQuestions <= 40, "the placement did not end after 40 questions");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Placement");
            await Expect(page.Locator("#hint")).ToHaveCountAsync(0);
            await learner.AnswerWrongAsync();
            if (placementQuestions == 1)
            {
                await learner.ScreenshotAsync("placement-answered");
            }

            await learner.NextAsync();
        }

        Assert.True(placementQuestions >= 3, $"only {placementQuestions} placement questions");
        await Expect(page).ToHaveURLAsync(new Regex("/courses/algebra-1/placement$"));
        await Expect(page.Locator("main")).ToContainTextAsync("The placement is done");
        await learner.ScreenshotAsync("placement-result");

        // 3. Today's plan starts with the first skill; its lesson renders, math as MathML.
        await page.ClickAsync("#go-today");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Today");
        await learner.ScreenshotAsync("today");
        // The plan starts with the first skill: a new skill, or practice when the placement already asked about it.
        var first = page.Locator(".plan li a").First;
        await Expect(first).ToContainTextAsync(new Regex("(New skill|Practice).*Place value and rounding"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Course map" }).First.ClickAsync();
        await page.Locator(".skill-map a[data-skill='place-value']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/courses/algebra-1/skills/place-value$"));
        var lesson = page.Locator("article.lesson");
        await Expect(lesson).ToContainTextAsync("Worked example");
        await Expect(lesson.Locator("table")).ToBeVisibleAsync();
        Assert.True(await lesson.Locator("math").CountAsync() > 0, "the lesson's formulas are not MathML");
        await Expect(lesson.Locator("math").First).ToBeVisibleAsync();
        Assert.DoesNotContain("$", await lesson.InnerTextAsync(), StringComparison.Ordinal);
        await learner.ScreenshotAsync("lesson");

        // 4. Practice: a misconception gets its own feedback, a hint shows, a right answer moves the meter up.
        await page.ClickAsync("#practice");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Practice: Place value and rounding");
        for (var drawn = 1; ; drawn++)
        {
            Assert.True(drawn <= 10, "no question with a misconception in 10 draws");
            if (Oracle.Misconception(learner.CurrentItem()) is { } misconception)
            {
                await learner.AnswerAsync(misconception.Response);
                await Expect(page.Locator("#verdict .verdict-title")).ToContainTextAsync("Not quite");
                await Expect(page.Locator("#feedback")).ToContainTextAsync(Plain(misconception.Feedback));
                break;
            }

            await learner.AnswerRightAsync();
            await learner.NextAsync();
        }

        var afterWrong = await MeterAsync(page);
        await learner.ScreenshotAsync("misconception-feedback");

        await learner.NextAsync();
        var hinted = learner.CurrentItem();
        await page.ClickAsync("#hint");
        await Expect(page.Locator("#hints .hint")).ToHaveCountAsync(1);
        await Expect(page.Locator("#hints .hint").First).ToBeVisibleAsync();
        await Expect(page.Locator("#hints .hint").First).ToContainTextAsync(FirstWords(hinted.Hints[0]));
        await learner.ScreenshotAsync("hint");
        await learner.AnswerRightAsync();
        await Expect(page.Locator(".meter-label .up")).ToBeVisibleAsync();
        Assert.True(await MeterAsync(page) > afterWrong, "the mastery meter did not move up after a right answer");
        await Expect(page.Locator("#hints .hint")).ToHaveCountAsync(1);
        await learner.ScreenshotAsync("hint-then-correct");

        // 5. Right answers until the mastery check is offered; the check is passed and unlocks a skill.
        var next = page.Locator("#next");
        for (var answered = 0; await next.InnerTextAsync() != "Take the mastery check"; answered++)
        {
            Assert.True(answered < 30, "no mastery check offered after 30 right answers");
            await learner.NextAsync();
            await learner.AnswerRightAsync();
        }

        await Expect(page.Locator(".meter-fill.meter-ready")).ToBeVisibleAsync();
        await learner.ScreenshotAsync("ready-for-check");
        await learner.NextAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mastery check: Place value and rounding");
        await Expect(page.Locator("#hint")).ToHaveCountAsync(0);
        for (var question = 1; !await page.Locator("#check-passed").IsVisibleAsync(); question++)
        {
            Assert.True(question <= 5, "the check was not passed after 5 right answers");
            if (question > 1)
            {
                await learner.NextAsync();
            }

            await learner.AnswerRightAsync();
        }

        await Expect(page.Locator("#check-passed")).ToContainTextAsync("Place value and rounding");
        var unlocked = await page.Locator("#unlocked strong").InnerTextAsync();
        Assert.False(string.IsNullOrWhiteSpace(unlocked));
        await learner.ScreenshotAsync("check-passed");

        // 6. The map: the skill is mastered, what it unlocked is ready.
        await learner.NextAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/courses/algebra-1/map$"));
        var nodes = await MapNodesAsync(page);
        Assert.Contains("state-mastered", nodes["place-value"].Class, StringComparison.Ordinal);
        var opened = nodes.Values.Where(n => unlocked.Split(", ").Contains(n.Title)).ToList();
        Assert.NotEmpty(opened);
        var asked = learner.App.PlacementSkills(Email);
        Assert.All(opened, n => Assert.Contains(asked.Contains(n.Skill) ? "state-inprogress" : "state-ready", n.Class, StringComparison.Ordinal));
        await Expect(page.Locator($".skill-map a[data-skill='{opened[0].Skill}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#progress-summary")).ToContainTextAsync("1 of");
        await learner.ScreenshotAsync("map");

        // 7. A locked skill's address is refused with 403 and a readable reason.
        var locked = nodes.Values.Last(n => n.Class.Contains("state-locked", StringComparison.Ordinal));
        var response = await learner.GoAsync($"{Course}/skills/{locked.Skill}");
        Assert.Equal(403, response.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Skill locked");
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("is locked: master");
        await learner.ScreenshotAsync("locked-refused");
    }

    /// <summary>
    /// With UPDATE_SCREENSHOTS=1, writes the README's docs/screenshots: a learner masters two skills by practice
    /// and checks, then a practice question shows a hint and the feedback on a common mistake, and the map.
    /// </summary>
    [SkippableFact]
    public async Task Readme_screenshots()
    {
        Skip.IfNot(Learner.UpdateReadmeScreenshots, "set UPDATE_SCREENSHOTS=1 to write docs/screenshots");
        var learner = new Learner(app, await app.NewPageAsync(), "readme");
        await learner.RunAsync(() => ReadmeAsync(learner));
    }

    private static async Task ReadmeAsync(Learner learner)
    {
        var page = learner.Page;
        await learner.SignInAsync("dev@example.com");
        await learner.GoAsync(Course);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skip: start from the beginning" }).ClickAsync();
        for (var skill = 0; skill < 2; skill++)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Course map" }).First.ClickAsync();
            await page.Locator(".skill-map a.state-ready").First.ClickAsync();
            await page.ClickAsync("#practice");
            while (await page.Locator("#next").CountAsync() == 0 || await page.Locator("#next").InnerTextAsync() != "Take the mastery check")
            {
                if (await page.Locator("#next").CountAsync() > 0)
                {
                    await learner.NextAsync();
                }

                await learner.AnswerRightAsync();
            }

            await learner.NextAsync();
            while (!await page.Locator("#check-passed").IsVisibleAsync())
            {
                if (await page.Locator("#verdict").CountAsync() > 0)
                {
                    await learner.NextAsync();
                }

                await learner.AnswerRightAsync();
            }

            await page.GetByRole(AriaRole.Link, new() { Name = "Today" }).ClickAsync();
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Course map" }).First.ClickAsync();
        await page.Locator(".skill-map a.state-ready").First.ClickAsync();
        await page.ClickAsync("#practice");
        for (var drawn = 1; Oracle.Misconception(learner.CurrentItem()) is null; drawn++)
        {
            Assert.True(drawn <= 10, "no question with a misconception in 10 draws");
            await learner.AnswerRightAsync();
            await learner.NextAsync();
        }

        await page.ClickAsync("#hint");
        await Expect(page.Locator("#hints .hint")).ToHaveCountAsync(1);
        await learner.AnswerAsync(Oracle.Misconception(learner.CurrentItem())!.Value.Response);
        await Expect(page.Locator("#feedback")).ToBeVisibleAsync();
        await learner.ReadmeScreenshotAsync("practice.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Map", Exact = true }).ClickAsync();
        await Expect(page.Locator(".skill-map")).ToBeVisibleAsync();
        await learner.ReadmeScreenshotAsync("map.png");
    }

    private static async Task<int> MeterAsync(IPage page) =>
        int.Parse(await page.Locator(".meter").GetAttributeAsync("aria-valuenow") ?? "-1", CultureInfo.InvariantCulture);

    private static async Task<Dictionary<string, MapNode>> MapNodesAsync(IPage page)
    {
        var rows = await page.Locator(".skill-map [data-skill]").EvaluateAllAsync<string[][]>(
            "els => els.map(e => [e.dataset.skill, e.getAttribute('class'), e.dataset.title])");
        return rows.Select(r => new MapNode(r[0], r[1], r[2])).ToDictionary(n => n.Skill, StringComparer.Ordinal);
    }

    /// <summary>Markdown source as the learner reads it, roughly: emphasis marks gone, spaces collapsed.</summary>
    private static string Plain(string markdown) =>
        WhiteSpace().Replace(markdown.Replace("**", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal), " ").Trim();

    private static string FirstWords(string markdown) => string.Join(' ', Plain(markdown).Split(' ').Take(4));

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    private sealed record MapNode(string Skill, string Class, string Title);
}
