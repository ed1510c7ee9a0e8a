using System.Text.RegularExpressions;
using MasteryPath.Domain.Items;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>What a learner does in the browser: sign in, type or tick an answer, move on. Screenshots along the way.</summary>
public sealed class Learner(BrowserApp app, IPage page, string name)
{
    private int _shots;

    public BrowserApp App => app;

    public IPage Page => page;

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static string ArtifactFolder => Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    public static bool UpdateReadmeScreenshots => Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1";

    public async Task SignInAsync(string email)
    {
        await GoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", BrowserApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    public Item CurrentItem() => app.ItemOn(page);

    /// <summary>Ticks the choices (comma-separated keys) or types the answer, then submits and waits for the verdict.</summary>
    public async Task AnswerAsync(string response)
    {
        await Expect(page.Locator("#submit-answer")).ToBeVisibleAsync();
        var choices = page.Locator("input[name=response][type=radio], input[name=response][type=checkbox]");
        var keys = response.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var isChoice = await choices.CountAsync() > 0;
        if (isChoice)
        {
            foreach (var key in keys)
            {
                await page.Locator($"input[name=response][value='{key}']").CheckAsync();
            }
        }
        else
        {
            await page.FillAsync("#response", response);
        }

        await page.ClickAsync("#submit-answer");
        await Expect(page.Locator("#verdict")).ToBeVisibleAsync();
        if (isChoice)
        {
            await Expect(page.Locator("#verdict .picked-choice")).ToHaveCountAsync(keys.Length);
        }
    }

    public async Task AnswerRightAsync()
    {
        await AnswerAsync(CurrentItem().Key.CanonicalResponse);
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bcorrect\b"));
        await Expect(page.Locator("#verdict .verdict-title")).ToContainTextAsync("Correct");
    }

    public async Task AnswerWrongAsync()
    {
        await AnswerAsync(Oracle.Wrong(CurrentItem()));
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bincorrect\b"));
    }

    public async Task NextAsync()
    {
        var before = page.Url;
        await page.ClickAsync("#next");
        await Expect(page).Not.ToHaveURLAsync(before);
    }

    /// <summary>
    /// Opens an address and returns once the response has arrived; what follows waits for elements, not for load
    /// events (this Chromium reports those to the driver unreliably).
    /// </summary>
    public async Task<IResponse> GoAsync(string url) =>
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit })
        ?? throw new InvalidOperationException($"No response for {url}.");

    /// <summary>Runs a scenario; on failure, saves a screenshot of where it stopped and names the address.</summary>
    public async Task RunAsync(Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception ex) when (ex is not Xunit.SkipException)
        {
            await ScreenshotAsync("failed");
            throw new InvalidOperationException($"{name} failed on {page.Url}: {ex.Message}", ex);
        }
    }

    /// <summary>Saves a full-page screenshot as TestResults/screenshots/name-NN-step.png and copies it to artifacts/.</summary>
    public async Task ScreenshotAsync(string step)
    {
        if (_shots++ == 0)
        {
            foreach (var old in new[] { ScreenshotFolder, ArtifactFolder }.Where(Directory.Exists).SelectMany(f => Directory.GetFiles(f, $"{name}-*.png")))
            {
                File.Delete(old);
            }
        }

        var file = $"{name}-{_shots:00}-{step}.png";
        var path = Path.Combine(ScreenshotFolder, file);
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Directory.CreateDirectory(ArtifactFolder);
        File.Copy(path, Path.Combine(ArtifactFolder, file), overwrite: true);
    }

    /// <summary>With UPDATE_SCREENSHOTS=1, saves what is in the viewport as docs/screenshots/name.png.</summary>
    public async Task ReadmeScreenshotAsync(string file)
    {
        if (!UpdateReadmeScreenshots)
        {
            return;
        }

        var folder = Path.Combine(RepositoryPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, file) });
    }
}
