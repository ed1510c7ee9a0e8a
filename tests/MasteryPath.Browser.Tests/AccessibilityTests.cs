using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// Every page a learner, a teacher and an admin reach, scanned with axe-core in Chromium: no serious or critical
/// violation anywhere. The list names each page, so a new page without a scan is easy to spot in review.
/// </summary>
public sealed partial class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Algebra = "algebra-1";

    [SkippableFact]
    public async Task Learner_pages_have_no_serious_or_critical_violations()
    {
        var ben = new Learner(app, await app.NewPageAsync(), "axe-learner");
        await ben.RunAsync(async () =>
        {
            var page = ben.Page;
            var problems = new List<string>();
            await ScanAsync(ben, "/account/login", problems);
            await ScanAsync(ben, "/account/forgot", problems);
            await ben.SignInAsync("ben@example.com");
            await ScanAsync(ben, "/", problems);
            await ben.GoAsync($"/courses/{Algebra}");
            await Expect(page).ToHaveURLAsync(PlacementPage());
            await ScanAsync(ben, page.Url, problems);
            await page.GetByRole(AriaRole.Button, new() { Name = "Skip: start from the beginning" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Today");
            await ScanAsync(ben, $"/courses/{Algebra}", problems);
            await ScanAsync(ben, $"/courses/{Algebra}/map", problems);
            await ScanAsync(ben, $"/courses/{Algebra}/skills/place-value", problems);
            await ben.GoAsync($"/courses/{Algebra}/skills/place-value/practice");
            await Expect(page.Locator("#submit-answer")).ToBeVisibleAsync();
            await ScanAsync(ben, page.Url, problems);
            await ben.AnswerWrongAsync();
            await ScanAsync(ben, page.Url, problems);
            await ScanAsync(ben, $"/courses/{Algebra}/report", problems);
            await ScanAsync(ben, "/join", problems);
            await ScanAsync(ben, "/surveys", problems);
            await ScanAsync(ben, "/account", problems);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        });
    }

    [SkippableFact]
    public async Task Teacher_and_admin_pages_have_no_serious_or_critical_violations()
    {
        var teacher = new Person(app, await app.NewPageAsync(), "axe-teacher");
        var admin = new Person(app, await app.NewPageAsync(), "axe-admin");
        var learner = new Person(app, await app.NewPageAsync(), "axe-assigned-learner");
        await Person.RunAsync([teacher, admin, learner], async () =>
        {
            var page = teacher.Page;
            var problems = new List<string>();
            await teacher.SignInAsync("teacher@example.com");
            await ScanAsync(teacher, "/", problems);
            await page.Locator("#teaching").GetByRole(AriaRole.Link, new() { Name = "Period 1" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Period 1");
            var dashboard = new Uri(page.Url).AbsolutePath;
            await ScanAsync(teacher, dashboard, problems);
            foreach (var part in new[] { "roster", "settings", "submissions", "surveys", "ratings", "assignments" })
            {
                await ScanAsync(teacher, $"{dashboard}/{part}", problems);
            }

            // The assignments page and a learner's home page again, with an assignment and an announcement on them.
            await page.GetByText("Pick skills (a practice set)").ClickAsync();
            await page.Locator("input[name=skill][value=place-value]").CheckAsync();
            await page.ClickAsync("#assign");
            await page.FillAsync("#announcement", "Axe announcement");
            await page.ClickAsync("#announce");
            await ScanAsync(teacher, page.Url, problems);
            await ScanAsync(teacher, dashboard, problems);
            await learner.SignInAsync("dev@example.com");
            await Expect(learner.Page.Locator("#assigned")).ToBeVisibleAsync();
            await ScanAsync(learner, "/", problems);

            await teacher.GoAsync(dashboard);
            await page.Locator("table.heatmap tbody th a").First.ClickAsync();
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            await ScanAsync(teacher, page.Url, problems);
            await ScanAsync(teacher, "/teach", problems);
            await ScanAsync(teacher, "/teach/classes/new", problems);

            await admin.SignInAsync("admin@example.com");
            foreach (var path in new[] { "/admin/users", "/admin/audit", "/admin/school", "/admin/models", "/admin/lrs", "/admin/lti" })
            {
                await ScanAsync(admin, path, problems);
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        });
    }

    [SkippableFact]
    public async Task Parent_pages_have_no_serious_or_critical_violations()
    {
        var parent = new Person(app, await app.NewPageAsync(), "axe-parent");
        await parent.RunAsync(async () =>
        {
            var problems = new List<string>();
            await parent.SignInAsync("parent@example.com");
            await ScanAsync(parent, "/family", problems);
            await parent.Page.Locator("#children a").First.ClickAsync();
            await Expect(parent.Page.Locator("h1")).ToHaveTextAsync("Ada Learner's week");
            await ScanAsync(parent, new Uri(parent.Page.Url).PathAndQuery, problems);
            await ScanAsync(parent, "/family/join", problems);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        });
    }

    /// <summary>Opens the page (unless it is open), waits for its heading, and adds every serious or critical violation to <paramref name="problems"/>.</summary>
    private static async Task ScanAsync(Person person, string url, List<string> problems)
    {
        var page = person.Page;
        if (page.Url != url && new Uri(page.Url).PathAndQuery != url)
        {
            var response = await person.GoAsync(url);
            Assert.True(response.Ok, $"{url} answered {response.Status}");
        }

        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        var results = await page.RunAxe();
        Assert.True(results.Passes.Length > 10, $"axe checked almost nothing on {page.Url}");
        problems.AddRange(results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{new Uri(page.Url).PathAndQuery}: {v.Impact} {v.Id} — {v.Help} ({v.Nodes.Length}×, e.g. {v.Nodes.FirstOrDefault()?.Html})"));
    }

    [GeneratedRegex("/placement$")]
    private static partial Regex PlacementPage();
}
