using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>The browser app on a clock the test moves, so a learner can come back after a delayed review.</summary>
public sealed class ClockedBrowserApp : BrowserApp
{
    /// <summary>Starts at the real time (cookies stay fresh for the browser) and moves only when told.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider Clock => Time;
}

/// <summary>
/// A learner masters a skill by practice and a check, comes back a month later, keeps it through the review, claims a
/// credential on the skill page, and a stranger opens its public page: valid, with the name the learner chose to show.
/// </summary>
public sealed class CredentialJourneyTests(ClockedBrowserApp app) : IClassFixture<ClockedBrowserApp>
{
    private const string Course = "/courses/algebra-1";
    private const string Skill = "place-value";
    private const string SkillTitle = "Place value and rounding";

    [SkippableFact]
    public async Task A_learner_earns_a_credential_after_a_delayed_review_and_a_stranger_sees_it_valid()
    {
        TestChromium.RequireOrSkip();
        var learner = new Learner(app, await app.NewPageAsync(), "credential-journey");
        var stranger = new Person(app, await app.NewPageAsync(), "credential-journey-stranger");
        await Person.RunAsync([learner, stranger], async () =>
        {
            var page = learner.Page;
            await learner.SignInAsync("cleo@example.com");
            await learner.SkipPlacementAsync("algebra-1");
            await learner.GoAsync($"{Course}/skills/{Skill}");
            await learner.MasterFromSkillPageAsync();
            await Expect(page.Locator("#check-passed")).ToContainTextAsync(SkillTitle);

            await learner.GoAsync($"{Course}/skills/{Skill}");
            await Expect(page.Locator("h1")).ToContainTextAsync(SkillTitle);
            await Expect(page.Locator("#credential")).ToHaveCountAsync(0);

            // A month later the review is due; the sign-in of a month ago has expired.
            app.Time.Advance(TimeSpan.FromDays(35));
            await learner.SignInAsync("cleo@example.com");
            await learner.GoAsync(Course);
            var review = page.Locator(".plan li a").Filter(new() { HasText = "Review" }).Filter(new() { HasText = SkillTitle });
            await Expect(review).ToHaveCountAsync(1);
            await learner.ScreenshotAsync("review-due");
            await review.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/attempts/"));
            await learner.AnswerRightAsync();
            await learner.ScreenshotAsync("review-kept");

            await learner.GoAsync($"{Course}/skills/{Skill}");
            var section = page.Locator("#credential");
            await Expect(section).ToContainTextAsync("delayed review");
            await AxeScan.AssertNoSeriousViolationsAsync(page);
            await learner.ScreenshotAsync("claim-offered");
            await page.Locator("#show-name").CheckAsync();
            await section.GetByRole(AriaRole.Button).ClickAsync();
            var link = page.Locator("#credential-link");
            await Expect(link).ToBeVisibleAsync();
            await learner.ScreenshotAsync("claimed");
            var credentialUrl = await link.GetAttributeAsync("href") ?? throw new InvalidOperationException("the credential link has no address");

            await stranger.GoAsync(credentialUrl);
            await Expect(stranger.Page.Locator("#credential-status")).ToContainTextAsync("Valid");
            await Expect(stranger.Page.Locator("#credential-learner")).ToHaveTextAsync("Cleo Learner");
            await Expect(stranger.Page.Locator("main")).ToContainTextAsync(SkillTitle);
            await AxeScan.AssertNoSeriousViolationsAsync(stranger.Page);
            await stranger.ScreenshotAsync("public-page");

            var vc = await stranger.Page.APIRequest.GetAsync($"{credentialUrl}/vc");
            Assert.Equal(200, vc.Status);
            var json = JsonNode.Parse(await vc.TextAsync())!;
            Assert.Equal("valid", (string?)json["status"]);
            Assert.Equal("Cleo Learner", (string?)json["credential"]!["credentialSubject"]!["identifier"]![0]!["identityHash"]);
            var achievement = json["credential"]!["credentialSubject"]!["achievement"]!;
            Assert.Contains(SkillTitle, (string)achievement["name"]!, StringComparison.Ordinal);
        });
    }
}
