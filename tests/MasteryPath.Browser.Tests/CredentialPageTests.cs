using Deque.AxeCore.Playwright;
using MasteryPath.Data;
using MasteryPath.Web.Credentials;
using MasteryPath.Web.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// A credential's public page as a stranger and as its learner sees it: valid, with the learner's name only as issued,
/// free of serious accessibility problems, and revoked from the page. (The claim after a delayed review is
/// CredentialJourneyTests, on a clock the test moves.)
/// </summary>
public sealed class CredentialPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [SkippableFact]
    public async Task A_stranger_sees_a_valid_credential_and_its_learner_revokes_it_on_the_page()
    {
        TestChromium.RequireOrSkip();
        var id = await IssueForAdaAsync();
        var stranger = new Person(app, await app.NewPageAsync(), "credential-stranger");
        var ada = new Person(app, await app.NewPageAsync(), "credential-learner");
        await Person.RunAsync([stranger, ada], async () =>
        {
            await stranger.GoAsync($"/credentials/{id}");
            await Expect(stranger.Page.Locator("#credential-status")).ToContainTextAsync("Valid");
            await Expect(stranger.Page.Locator("#credential-learner")).ToHaveTextAsync("Ada Learner");
            await Expect(stranger.Page.Locator("#revoke-credential")).ToHaveCountAsync(0);
            var results = await stranger.Page.RunAxe();
            var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
            await stranger.ScreenshotAsync("valid");
            await stranger.ReadmeScreenshotAsync("credential.png");

            await ada.SignInAsync("ada@example.com");
            await ada.GoAsync($"/credentials/{id}");
            await ada.Page.FillAsync("#revoke-reason", "Shared by mistake");
            await ada.Page.ClickAsync("#revoke-credential");
            await Expect(ada.Page.Locator("#credential-status")).ToContainTextAsync("Revoked");
            var revokedResults = await ada.Page.RunAxe();
            Assert.DoesNotContain(revokedResults.Violations, v => v.Impact is "serious" or "critical");
            await ada.ScreenshotAsync("revoked");

            await stranger.ReloadAsync();
            await Expect(stranger.Page.Locator("#credential-status")).ToContainTextAsync("Revoked");
        });
    }

    /// <summary>Signs and stores a credential for Ada's first skill as the claim would (the claim's eligibility is the web tests' to check).</summary>
    private async Task<string> IssueForAdaAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        var keys = scope.ServiceProvider.GetRequiredService<SigningKeys>();
        var ada = await db.Users.SingleAsync(u => u.Email == "ada@example.com");
        var course = app.Course("algebra-1");
        var skill = course.SkillsById.Values.First();
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var facts = new CredentialFacts(
            CredentialService.CredentialUrl(app.BaseUrl, id), CredentialService.IssuerUrl(app.BaseUrl), "MasteryPath",
            $"{app.BaseUrl}/credentials/achievements/{course.Id}/{skill.Id.Value}", CredentialService.RevocationListUrl(app.BaseUrl),
            CredentialService.SubjectIdOf(ada.Id), ada.DisplayName, course, skill, now.AddDays(-1), now);
        db.SkillCredentials.Add(new SkillCredential
        {
            Id = id,
            UserId = ada.Id,
            CourseId = course.Id,
            SkillId = skill.Id.Value,
            ShownName = ada.DisplayName,
            MasteredAt = now.AddDays(-9),
            ReviewedAt = now.AddDays(-1),
            ReviewEventId = "browser-review",
            IssuedAt = now,
            Jwt = OpenBadgeCredential.Sign(OpenBadgeCredential.Build(facts), await keys.SigningCredentialsAsync()),
        });
        await db.SaveChangesAsync();
        return id;
    }
}
