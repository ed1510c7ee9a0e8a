using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// The Content-Security-Policy forbids inline scripts: the pages people use must still work under it in a real browser
/// (no violation reported, no script error), and an inline script planted on a page must really be blocked.
/// </summary>
public sealed class SecurityPolicyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [SkippableFact]
    public async Task Learner_teacher_and_admin_pages_run_under_the_content_security_policy_and_an_inline_script_is_blocked()
    {
        var page = await app.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"{page.Url}: script error {error}");
        var person = new Person(app, page, "csp");
        await person.RunAsync(async () =>
        {
            await person.SignInAsync("dev@example.com");
            await person.GoAsync("/courses/algebra-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Skip: start from the beginning" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Today");
            foreach (var url in new[] { "/", "/courses/algebra-1/map", "/courses/algebra-1/skills/place-value", "/courses/algebra-1/report", "/account" })
            {
                await VisitAsync(person, url);
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await person.SignInAsync("teacher@example.com");
            await page.Locator("#teaching").GetByRole(AriaRole.Link, new() { Name = "Period 1" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Period 1");

            // The class dashboard runs its own script file (live updates); it must have connected under the policy.
            await Expect(page.Locator("#live-status")).ToHaveTextAsync("updates as learners answer", new() { Timeout = 10_000 });
            await person.ScreenshotAsync("dashboard-under-csp");
            await VisitAsync(person, "/teach");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await person.SignInAsync("admin@example.com");
            foreach (var url in new[] { "/admin/school", "/admin/users", "/admin/audit" })
            {
                await VisitAsync(person, url);
            }

            await person.ScreenshotAsync("audit-under-csp");
            Assert.True(problems.Count == 0, "errors under the content security policy:\n" + string.Join("\n", problems));

            // The control: a planted inline script does not run, and the browser reports the violation.
            await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.planted = true'; document.body.appendChild(s); }");
            await page.WaitForTimeoutAsync(300);
            Assert.Null(await page.EvaluateAsync<bool?>("() => window.planted"));
            Assert.Contains(problems, p => p.Contains("Content Security Policy", StringComparison.Ordinal));
        });
    }

    private static async Task VisitAsync(Person person, string url)
    {
        var response = await person.GoAsync(url);
        Assert.True(response.Status == 200, $"{url}: {response.Status}");
        var headers = await response.AllHeadersAsync();
        Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        await person.Page.Locator("h1").First.WaitForAsync();
        await person.Page.WaitForTimeoutAsync(300);
    }
}
