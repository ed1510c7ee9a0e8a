using System.Text.RegularExpressions;
using MasteryPath.Domain.Items;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>What a learner does in the browser: sign in, type or tick an answer, move on. Screenshots along the way.</summary>
public sealed class Learner(BrowserApp app, IPage page, string name, ScreenshotSeries? series = null) : Person(app, page, name, series)
{
    public Item CurrentItem() => App.ItemOn(Page);

    /// <summary>Opens a course for the first time and skips its placement: the learner lands on Today.</summary>
    public async Task SkipPlacementAsync(string courseId)
    {
        await GoAsync($"/courses/{courseId}");
        await Expect(Page).ToHaveURLAsync(new Regex("/placement$"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Skip: start from the beginning" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Today");
    }

    /// <summary>Ticks the choices (comma-separated keys) or types the answer, then submits and waits for the verdict.</summary>
    public async Task AnswerAsync(string response)
    {
        await Expect(Page.Locator("#submit-answer")).ToBeVisibleAsync();
        var choices = Page.Locator("input[name=response][type=radio], input[name=response][type=checkbox]");
        var keys = response.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var isChoice = await choices.CountAsync() > 0;
        if (isChoice)
        {
            foreach (var key in keys)
            {
                await Page.Locator($"input[name=response][value='{key}']").CheckAsync();
            }
        }
        else
        {
            await Page.FillAsync("#response", response);
        }

        await Page.ClickAsync("#submit-answer");
        await Expect(Page.Locator("#verdict")).ToBeVisibleAsync();
        if (isChoice)
        {
            await Expect(Page.Locator("#verdict .picked-choice")).ToHaveCountAsync(keys.Length);
        }
    }

    /// <summary>Gives the right answer and waits for "Correct"; returns the answer given.</summary>
    public async Task<string> AnswerRightAsync()
    {
        var response = CurrentItem().Key.CanonicalResponse;
        await AnswerAsync(response);
        await Expect(Page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bcorrect\b"));
        await Expect(Page.Locator("#verdict .verdict-title")).ToContainTextAsync("Correct");
        return response;
    }

    /// <summary>Gives a wrong answer and waits for the verdict; returns the answer given.</summary>
    public async Task<string> AnswerWrongAsync()
    {
        var response = Oracle.Wrong(CurrentItem());
        await AnswerAsync(response);
        await Expect(Page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bincorrect\b"));
        return response;
    }

    /// <summary>Ticks or types <paramref name="response"/> in the "Try again" form and waits for the second verdict.</summary>
    public async Task RetryAsync(string response)
    {
        var form = Page.Locator("#retry-form");
        await Expect(form).ToBeVisibleAsync();
        var choices = form.Locator("input[name=response][type=radio], input[name=response][type=checkbox]");
        if (await choices.CountAsync() > 0)
        {
            foreach (var key in response.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await form.Locator($"input[name=response][value='{key}']").CheckAsync();
            }
        }
        else
        {
            await Page.FillAsync("#retry-response", response);
        }

        await Page.ClickAsync("#submit-retry");
        await Expect(Page.Locator("#retry-verdict")).ToBeVisibleAsync();
    }

    /// <summary>Presses "I don't know" on an unanswered question; the caller waits for what it should bring (a hint, a verdict).</summary>
    public Task DontKnowAsync() => Page.ClickAsync("#dont-know");

    public async Task NextAsync()
    {
        var before = Page.Url;
        await Page.ClickAsync("#next");
        await Expect(Page).Not.ToHaveURLAsync(before);
    }

    /// <summary>From a skill's page: practises with right answers until the mastery check opens, then passes it.</summary>
    public async Task MasterFromSkillPageAsync()
    {
        var page = Page;
        await page.ClickAsync("#practice");
        for (var answered = 0; await page.Locator("#next").CountAsync() == 0 || await page.Locator("#next").InnerTextAsync() != "Take the mastery check"; answered++)
        {
            Assert.True(answered < 30, "no mastery check offered after 30 right answers");
            if (await page.Locator("#next").CountAsync() > 0)
            {
                await NextAsync();
            }

            await AnswerRightAsync();
        }

        await NextAsync();
        for (var question = 0; !await page.Locator("#check-passed").IsVisibleAsync(); question++)
        {
            Assert.True(question < 5, "the check was not passed after 5 right answers");
            if (await page.Locator("#verdict").CountAsync() > 0)
            {
                await NextAsync();
            }

            await AnswerRightAsync();
        }
    }
}
