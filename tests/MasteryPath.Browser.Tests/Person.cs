using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// Someone using the app in their own browser context (a learner, a teacher): signs in, opens pages, takes
/// screenshots. Several people in one scenario can share a <see cref="ScreenshotSeries"/> so that their
/// screenshots number in the order they were taken.
/// </summary>
public class Person(BrowserApp app, IPage page, string name, ScreenshotSeries? series = null)
{
    private readonly ScreenshotSeries _series = series ?? new ScreenshotSeries(name);
    private readonly bool _shared = series is not null;

    public BrowserApp App => app;

    public IPage Page => page;

    public string Name => name;

    public static string ScreenshotFolder => ScreenshotSeries.Folder;

    public static string ArtifactFolder => ScreenshotSeries.ArtifactFolder;

    public static bool UpdateReadmeScreenshots => Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1";

    /// <summary>Signs in through the form (with the demo password unless another is given) and waits for the signed-in header.</summary>
    public async Task SignInAsync(string email, string password = BrowserApp.Password)
    {
        await GoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Opens an address and returns once the response has arrived; what follows waits for elements, not for load
    /// events (this Chromium reports those to the driver unreliably).
    /// </summary>
    public Task<IResponse> GoAsync(string url) =>
        RetryWhenInterruptedAsync(() => page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit }), () => $"No response for {url}.");

    /// <summary>Reloads the page and returns once the response has arrived, like <see cref="GoAsync"/>.</summary>
    public Task<IResponse> ReloadAsync() =>
        RetryWhenInterruptedAsync(() => page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Commit }), () => $"No response reloading {page.Url}.");

    /// <summary>
    /// A navigation that meets another one the page started itself (a form's redirect still arriving) is aborted by the
    /// browser (net::ERR_ABORTED) or merged into it (no response of its own), and is simply made again.
    /// </summary>
    private static async Task<IResponse> RetryWhenInterruptedAsync(Func<Task<IResponse?>> navigate, Func<string> noResponse)
    {
        const int attempts = 4;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await navigate();
                if (response is not null)
                {
                    return response;
                }

                if (attempt == attempts)
                {
                    throw new InvalidOperationException(noResponse());
                }
            }
            catch (PlaywrightException ex) when (attempt < attempts && ex.Message.Contains("ERR_ABORTED", StringComparison.Ordinal))
            {
            }

            await Task.Delay(200 * attempt);
        }
    }

    /// <summary>Runs a scenario; on failure, saves a screenshot of where it stopped and names the address.</summary>
    public Task RunAsync(Func<Task> scenario) => RunAsync([this], scenario);

    /// <summary>Runs a scenario of several people; on failure, saves a screenshot of each one's page and names their addresses.</summary>
    public static async Task RunAsync(IReadOnlyList<Person> people, Func<Task> scenario)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(scenario);
        try
        {
            await scenario();
        }
        catch (Exception ex) when (ex is not Xunit.SkipException)
        {
            foreach (var person in people)
            {
                await person.ScreenshotAsync("failed");
            }

            var where = string.Join("; ", people.Select(p => $"{p.Name} on {p.Page.Url}"));
            throw new InvalidOperationException($"{string.Join(", ", people.Select(p => p.Name))} failed ({where}): {ex.Message}", ex);
        }
    }

    /// <summary>Saves a full-page screenshot (see <see cref="ScreenshotSeries"/>), named after the person when the series is shared.</summary>
    public Task ScreenshotAsync(string step) => _series.TakeAsync(page, _shared ? $"{name}-{step}" : step);

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

/// <summary>
/// Numbered full-page screenshots saved as TestResults/screenshots/name-NN-step.png and copied to artifacts/;
/// the first one removes the files an earlier run of the series left.
/// </summary>
public sealed class ScreenshotSeries(string name)
{
    private int _shots;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static string ArtifactFolder => Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    public async Task TakeAsync(IPage page, string step)
    {
        ArgumentNullException.ThrowIfNull(page);
        var shot = Interlocked.Increment(ref _shots);
        if (shot == 1)
        {
            foreach (var old in new[] { Folder, ArtifactFolder }.Where(Directory.Exists).SelectMany(f => Directory.GetFiles(f, $"{name}-*.png")))
            {
                File.Delete(old);
            }
        }

        var file = $"{name}-{shot:00}-{step}.png";
        var path = Path.Combine(Folder, file);
        Directory.CreateDirectory(Folder);
        // A page that updates itself while the app works hard (a model fit, a rebuild: a meta refresh every two seconds)
        // can be caught mid-reload on two busy cores, and the capture then waits on a document that is going away (seen
        // in CI: 60 s without a picture). The screenshot is evidence, not a timing check: try again on the next document.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled, Timeout = 20_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                await page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = 30_000 });
            }
        }

        Directory.CreateDirectory(ArtifactFolder);
        File.Copy(path, Path.Combine(ArtifactFolder, file), overwrite: true);
    }
}
