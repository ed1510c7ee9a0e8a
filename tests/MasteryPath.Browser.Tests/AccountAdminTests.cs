using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>An admin creates a teacher in the browser, hands over the temporary password, and the teacher must choose their own before anything else.</summary>
public sealed class AccountAdminTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [SkippableFact]
    public async Task An_admin_creates_a_teacher_who_chooses_a_password_at_first_sign_in_and_the_audit_log_shows_it()
    {
        var admin = new Person(app, await app.NewPageAsync(), "accounts-admin");
        var teacher = new Person(app, await app.NewPageAsync(), "accounts-teacher");
        await Person.RunAsync([admin, teacher], async () =>
        {
            var page = admin.Page;
            await admin.SignInAsync("admin@example.com");
            await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Users");
            await page.FillAsync("#new-email", "nia.teacher@example.com");
            await page.FillAsync("#new-name", "Nia Teacher");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            var temporary = page.Locator("#temporary-password");
            await Expect(temporary).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$"));
            var password = await temporary.TextContentAsync();
            await admin.ScreenshotAsync("account-created");

            // The teacher signs in with it and is led to choose their own; until then the class pages stay shut.
            var t = teacher.Page;
            await teacher.SignInAsync("nia.teacher@example.com", password!);
            await Expect(t.Locator("#must-change")).ToBeVisibleAsync();
            await teacher.ScreenshotAsync("must-change-password");
            await teacher.GoAsync("/teach");
            await Expect(t.Locator("#must-change")).ToBeVisibleAsync();
            await t.FillAsync("#current", password!);
            await t.FillAsync("#next", "Nia-own-password-7");
            await t.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
            await Expect(t.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password was changed.");
            await teacher.GoAsync("/teach");
            await Expect(t.Locator("h1")).ToHaveTextAsync("My classes");

            // The admin deactivates the account; the audit log lists both changes.
            await page.Locator("#users").GetByRole(AriaRole.Link, new() { Name = "nia.teacher@example.com" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Nia Teacher");
            await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate account" }).ClickAsync();
            await Expect(page.Locator("#done")).ToHaveTextAsync("The account is deactivated.");
            await page.GetByRole(AriaRole.Link, new() { Name = "What was done to this account (audit log)" }).ClickAsync();
            await Expect(page.Locator("#audit tbody tr")).ToHaveCountAsync(2);
            await Expect(page.Locator("#audit tbody tr").First).ToHaveAttributeAsync("data-action", "account-deactivate");
            await admin.ScreenshotAsync("audit-log");
        });
    }
}
