using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// A teacher adds a passkey on the account page, signs in with it, removes it, and then cannot sign in with it: the
/// browser's WebAuthn calls answered by Chromium's virtual authenticator (a platform authenticator with user
/// verification), on "localhost", since WebAuthn refuses an IP address.
/// </summary>
public sealed class PasskeyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [SkippableFact]
    public async Task A_teacher_adds_a_passkey_signs_in_with_it_and_after_removing_it_cannot()
    {
        var teacher = new Person(app, await app.NewPageAsync(byHostName: true), "passkey-teacher");
        await teacher.RunAsync(async () =>
        {
            var page = teacher.Page;
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await AddVirtualAuthenticatorAsync(page);

            await teacher.SignInAsync("teacher@example.com");
            await teacher.GoAsync("/account");
            await Expect(page.Locator("#no-passkeys")).ToBeVisibleAsync();
            await page.FillAsync("#passkey-name", "Work laptop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
            await Expect(page.Locator("#passkey-added")).ToBeVisibleAsync();
            await Expect(page.Locator("#passkey-list tbody tr")).ToHaveCountAsync(1);
            await Expect(page.Locator("#passkey-list tbody tr").First).ToContainTextAsync("Work laptop");
            await teacher.ScreenshotAsync("passkey-added");

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" })).ToBeVisibleAsync();
            await teacher.ScreenshotAsync("sign-in-page");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "My classes" })).ToBeVisibleAsync();
            await teacher.ScreenshotAsync("signed-in-with-passkey");

            await teacher.GoAsync("/account");
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
            await Expect(page.Locator("#passkey-removed")).ToBeVisibleAsync();
            await Expect(page.Locator("#no-passkeys")).ToBeVisibleAsync();
            await teacher.ScreenshotAsync("passkey-removed");

            // The authenticator still holds the credential and offers it; the server no longer knows it.
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await Expect(page.Locator("#passkey-error")).ToHaveTextAsync(PasskeyService.UnknownPasskeyMessage);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
            await teacher.ScreenshotAsync("removed-passkey-refused");

            Assert.Equal([PasskeyService.ActionAdd, PasskeyService.ActionRemove], await AuditActionsAsync("teacher@example.com"));
        });
    }

    [SkippableFact]
    public async Task On_a_bare_ip_address_the_sign_in_page_leads_to_localhost_for_passkeys()
    {
        var visitor = new Person(app, await app.NewPageAsync(), "passkey-by-ip");
        await visitor.RunAsync(async () =>
        {
            var page = visitor.Page;
            await visitor.GoAsync("/account/login?returnUrl=%2Fteach");
            var link = page.GetByRole(AriaRole.Link, new() { Name = "Sign in with a passkey" });
            await Expect(link).ToHaveAttributeAsync("href", app.HostNameUrl + "/account/login?returnUrl=%2Fteach");
            await visitor.ScreenshotAsync("sign-in-by-ip");
            await link.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" })).ToBeVisibleAsync();
            Assert.StartsWith(app.HostNameUrl + "/account/login", page.Url, StringComparison.Ordinal);
        });
    }

    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("WebAuthn.enable");
        await session.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }

    private async Task<List<string>> AuditActionsAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.AuditLog.Where(a => a.SubjectUserId == userId && a.Action.StartsWith("passkey-")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }
}
