using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// Feedback that teaches, clicked through in Chromium: "I don't know" in the placement, a second try and then the
/// worked solution in practice, and the review of a failed mastery check. Screenshots at each step.
/// </summary>
public sealed partial class FeedbackTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Course = "/courses/algebra-1";

    [SkippableFact]
    public async Task A_learner_says_I_dont_know_in_the_placement_and_it_goes_on_to_the_end()
    {
        var learner = new Learner(app, await app.NewPageAsync(), "feedback-placement");
        await learner.RunAsync(() => PlacementAsync(learner));
    }

    [SkippableFact]
    public async Task A_wrong_practice_answer_gets_a_second_try_then_the_answer_and_the_worked_solution()
    {
        var learner = new Learner(app, await app.NewPageAsync(), "feedback-retry");
        await learner.RunAsync(() => RetryAsync(learner));
    }

    [SkippableFact]
    public async Task A_failed_mastery_check_shows_a_review_of_every_question_only_once_it_is_over()
    {
        var learner = new Learner(app, await app.NewPageAsync(), "feedback-review");
        await learner.RunAsync(() => ReviewAsync(learner));
    }

    private static async Task PlacementAsync(Learner learner)
    {
        var page = learner.Page;
        await learner.SignInAsync("ada@example.com");
        await learner.GoAsync(Course);
        await page.ClickAsync("#start-placement");
        await Expect(page.Locator("#question-progress")).ToHaveTextAsync("Question 1 of at most 25");
        await Expect(page.Locator("#dont-know")).ToBeVisibleAsync();
        await learner.ScreenshotAsync("first-question");

        // Typing "I don't know" in an answer box is read as what it is, with a plain message; nothing is recorded.
        var choiceShown = false;
        for (var question = 1; ; question++)
        {
            Assert.True(question <= 30, "the placement did not end after 30 questions");
            await Expect(page.Locator("#question-progress")).ToHaveTextAsync($"Question {question} of at most 25");
            if (!choiceShown && await page.Locator("label.choice").CountAsync() > 0)
            {
                choiceShown = true;
                await learner.ScreenshotAsync("choice-question");
            }

            if (question <= 3 && await page.Locator("#response[type=text]").CountAsync() > 0 && !learner.Page.Url.Contains("response=", StringComparison.Ordinal))
            {
                await page.FillAsync("#response", "I don't know");
                await page.ClickAsync("#submit-answer");
                var alert = page.Locator("#unreadable");
                await Expect(alert).ToContainTextAsync("I don't know");
                Assert.DoesNotContain("'''", await alert.InnerTextAsync(), StringComparison.Ordinal);
                Assert.DoesNotContain("Unexpected", await alert.InnerTextAsync(), StringComparison.Ordinal);
                await Expect(page.Locator("#question-progress")).ToHaveTextAsync($"Question {question} of at most 25");
                await learner.ScreenshotAsync("typed-i-dont-know");
            }

            await learner.DontKnowAsync();
            await Expect(page.Locator("#verdict .verdict-title")).ToHaveTextAsync("You said you don't know");
            await Expect(page.Locator("#answer")).ToHaveCountAsync(0);
            await Expect(page.Locator(".meter")).ToHaveCountAsync(0);
            if (question == 1)
            {
                await learner.ScreenshotAsync("said-i-dont-know");
            }

            await learner.NextAsync();
            if (!new Uri(page.Url).AbsolutePath.StartsWith("/attempts/", StringComparison.Ordinal))
            {
                break;
            }
        }

        await Expect(page).ToHaveURLAsync(new Regex("/courses/algebra-1/placement$"));
        await Expect(page.Locator("main")).ToContainTextAsync("The placement is done");
        await learner.ScreenshotAsync("placement-done");
    }

    private static async Task RetryAsync(Learner learner)
    {
        var page = learner.Page;
        await learner.SignInAsync("ben@example.com");
        await learner.GoAsync(Course);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skip: start from the beginning" }).ClickAsync();
        await learner.GoAsync($"{Course}/skills/place-value/practice");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Practice: Place value and rounding");

        // "I don't know" in practice shows the first hint and records nothing.
        var hinted = learner.CurrentItem();
        await learner.DontKnowAsync();
        await Expect(page.Locator("#hints .hint")).ToHaveCountAsync(1);
        await Expect(page.Locator("#hints .hint").First).ToContainTextAsync(FirstWords(hinted.Hints[0]));
        await Expect(page.Locator("#answer-form")).ToBeVisibleAsync();
        await learner.ScreenshotAsync("dont-know-hint");
        await learner.AnswerRightAsync();
        await learner.NextAsync();

        // A first wrong answer: feedback and a second try, but no answer yet.
        var item = learner.CurrentItem();
        var wrong = Oracle.Wrong(item);
        await learner.AnswerAsync(wrong);
        await Expect(page.Locator("#verdict .verdict-title")).ToHaveTextAsync("✘ Not quite");
        await Expect(page.Locator("#retry h3")).ToHaveTextAsync("Try again");
        await Expect(page.Locator("#show-answer")).ToBeVisibleAsync();
        await Expect(page.Locator("#answer")).ToHaveCountAsync(0);
        await Expect(page.Locator("#solution")).ToHaveCountAsync(0);
        await learner.ScreenshotAsync("first-miss");

        // The second try misses too: now the answer and the worked solution.
        await learner.RetryAsync(wrong);
        await Expect(page.Locator("#retry-verdict .verdict-title")).ToHaveTextAsync("✘ Still not right");
        await Expect(page.Locator("#answer")).ToBeVisibleAsync();
        await Expect(page.Locator("#answer")).ToContainTextAsync("The answer:");
        await Expect(page.Locator("#solution")).ToBeVisibleAsync();
        await Expect(page.Locator("#solution")).ToContainTextAsync("Worked solution");
        await Expect(page.Locator("#retry-form")).ToHaveCountAsync(0);
        await learner.ScreenshotAsync("second-miss-solution");

        // A right second try is praised, and shows no answer it does not need.
        await learner.NextAsync();
        var next = learner.CurrentItem();
        await learner.AnswerAsync(Oracle.Wrong(next));
        await learner.RetryAsync(next.Key.CanonicalResponse);
        await Expect(page.Locator("#retry-verdict .verdict-title")).ToHaveTextAsync("✔ Correct on your second try");
        await Expect(page.Locator("#answer")).ToHaveCountAsync(0);
        await learner.ScreenshotAsync("second-try-right");
    }

    private static async Task ReviewAsync(Learner learner)
    {
        var page = learner.Page;
        await learner.SignInAsync("cleo@example.com");
        await learner.GoAsync(Course);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skip: start from the beginning" }).ClickAsync();
        await learner.GoAsync($"{Course}/skills/place-value/practice");
        var next = page.Locator("#next");
        for (var answered = 0; answered == 0 || await next.InnerTextAsync() != "Take the mastery check"; answered++)
        {
            Assert.True(answered < 30, "no mastery check offered after 30 right answers");
            if (answered > 0)
            {
                await learner.NextAsync();
            }

            await learner.AnswerRightAsync();
        }

        await learner.NextAsync();
        for (var question = 1; !await page.Locator("#check-failed").IsVisibleAsync(); question++)
        {
            Assert.True(question <= 5, "the check did not end after 5 wrong answers");
            if (question > 1)
            {
                await learner.NextAsync();
            }

            await Expect(page.Locator("#question-progress")).ToHaveTextAsync($"Question {question} of 5");
            await learner.AnswerWrongAsync();
            if (await page.Locator("#check-failed").IsVisibleAsync())
            {
                break;
            }

            // While the check goes on: no answer, no solution, no review, no second try.
            await Expect(page.Locator("#answer")).ToHaveCountAsync(0);
            await Expect(page.Locator("#solution")).ToHaveCountAsync(0);
            await Expect(page.Locator("#check-review")).ToHaveCountAsync(0);
            await Expect(page.Locator("#retry-form")).ToHaveCountAsync(0);
            await learner.ScreenshotAsync($"check-question-{question}");
        }

        var review = page.Locator("#check-review");
        await Expect(review).ToBeVisibleAsync();
        var questions = review.Locator(".review-question");
        Assert.InRange(await questions.CountAsync(), 2, 5);
        await Expect(review.Locator(".review-question.incorrect")).ToHaveCountAsync(await questions.CountAsync());
        await Expect(review.Locator(".review-right").First).ToContainTextAsync("The answer:");
        await Expect(review.Locator(".review-question .solution[open]").First).ToBeVisibleAsync();
        await Expect(review.Locator(".review-yours").First).ToContainTextAsync("Your answer:");
        await Expect(page.Locator("#check-review-summary")).ToContainTextAsync($"0 of {await questions.CountAsync()} right; 4 of 5 were needed.");
        await learner.ScreenshotAsync("check-review");
    }

    private static string FirstWords(string markdown) =>
        string.Join(' ', WhiteSpace().Replace(markdown.Replace("**", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal), " ").Trim().Split(' ').Take(4));

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
