using System.Globalization;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// Practice without a mouse: the answer typed or an option picked by its number, Enter checks it, focus lands on the
/// verdict and the next Tab on "Next question"; N goes on; the shortcuts can be turned off and stay off.
/// </summary>
public sealed partial class PracticeKeyboardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [SkippableFact]
    public async Task A_learner_answers_practice_questions_with_the_keyboard_alone_and_can_turn_the_shortcuts_off()
    {
        var ben = new Learner(app, await app.NewPageAsync(), "keyboard-practice");
        await ben.RunAsync(async () =>
        {
            var page = ben.Page;
            await ben.SignInAsync("ben@example.com");
            await StartPracticeAsync(ben);
            await Expect(page.Locator("#keys-legend")).ToBeVisibleAsync();
            for (var question = 1; question <= 4; question++)
            {
                var before = page.Url;
                await AnswerRightWithKeysAsync(ben);
                await Expect(page.Locator("#verdict")).ToBeFocusedAsync();
                if (question == 1)
                {
                    await ben.ScreenshotAsync("verdict-focused");
                }

                if (question % 2 == 1)
                {
                    await page.Keyboard.PressAsync("Tab");
                    await Expect(page.Locator("#next")).ToBeFocusedAsync();
                    await page.Keyboard.PressAsync("Enter");
                }
                else
                {
                    await Expect(page.Locator("#keys-legend")).ToContainTextAsync("N ");
                    await page.Keyboard.PressAsync("n");
                }

                await Expect(page).Not.ToHaveURLAsync(before);
                if (await page.Locator("#next").CountAsync() > 0 && await page.Locator("#submit-answer").CountAsync() == 0)
                {
                    break;
                }

                await Expect(page.Locator("#submit-answer")).ToBeVisibleAsync();
            }

            // Turned off, N does nothing, and it stays off on the next page (remembered in this browser).
            await ben.GoAsync("/courses/algebra-1/skills/place-value/practice");
            await Expect(page.Locator("#submit-answer")).ToBeVisibleAsync();
            await page.ClickAsync("#keys-toggle");
            await Expect(page.Locator("#keys-toggle")).ToHaveAttributeAsync("aria-pressed", "false");
            await Expect(page.Locator("#keys-legend")).ToBeHiddenAsync();
            await ben.AnswerRightAsync();
            var answered = page.Url;
            await page.Locator("#verdict").FocusAsync();
            await page.Keyboard.PressAsync("n");
            await page.WaitForTimeoutAsync(500);
            Assert.Equal(answered, page.Url);
            await ben.ReloadAsync();
            await Expect(page.Locator("#keys-toggle")).ToHaveAttributeAsync("aria-pressed", "false");
            await ben.ScreenshotAsync("shortcuts-off");
        });
    }

    private static async Task StartPracticeAsync(Learner learner)
    {
        var page = learner.Page;
        await learner.SkipPlacementAsync("algebra-1");
        await learner.GoAsync("/courses/algebra-1/skills/place-value/practice");
        await Expect(page.Locator("#submit-answer")).ToBeVisibleAsync();
    }

    /// <summary>Types the right answer into the focused box, or presses the numbers of the right options; then Enter.</summary>
    private static async Task AnswerRightWithKeysAsync(Learner learner)
    {
        var page = learner.Page;
        var response = learner.CurrentItem().Key.CanonicalResponse;
        var text = page.Locator("#answer-form input[type=text]");
        if (await text.CountAsync() > 0)
        {
            await Expect(text).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(response);
        }
        else
        {
            var values = await page.Locator("#answer-form input[name=response]").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
            foreach (var key in response.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var position = Array.IndexOf(values, key) + 1;
                Assert.InRange(position, 1, 9);
                await page.Keyboard.PressAsync(position.ToString(CultureInfo.InvariantCulture));
            }
        }

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(CorrectVerdict());
    }

    [GeneratedRegex(@"\bcorrect\b")]
    private static partial Regex CorrectVerdict();
}
