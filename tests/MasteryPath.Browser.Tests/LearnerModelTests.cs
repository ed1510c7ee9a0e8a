using System.Text.RegularExpressions;
using MasteryPath.Data;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// An admin fits the algebra course's learner model from the admin page, watches the fit and then the rebuild of every
/// learner's state run to the end, puts the new version in force, and reads the model card with its reliability plot.
/// </summary>
public sealed class LearnerModelTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Algebra = "algebra-1";

    [SkippableFact]
    public async Task An_admin_fits_a_model_puts_it_in_force_and_reads_its_model_card()
    {
        var page = await app.NewPageAsync(1280, 900);
        var admin = new Person(app, page, "learner-models");
        await SeedClassAsync(learners: 12, seed: 3);
        await admin.RunAsync(async () =>
        {
            await admin.SignInAsync("admin@example.com");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Learner models" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Learner models");
            await page.GetByRole(AriaRole.Row).Filter(new() { HasText = app.Course(Algebra).Title }).GetByRole(AriaRole.Link, new() { Name = "Manage" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync($"Learner models of {app.Course(Algebra).Title}");
            await Expect(page.Locator("#in-force")).ToContainTextAsync("The cold start");

            // The fit runs in the background; the page shows its progress and updates itself until it is done.
            await page.GetByRole(AriaRole.Button, new() { Name = "Fit a new model" }).ClickAsync();
            // On a quiet machine the fit can finish before the page is drawn: then the page shows the result at once.
            await Expect(page.Locator("#fit-job progress").Or(page.Locator("#fit-job .notice"))).ToBeVisibleAsync();
            if (await page.Locator("#fit-job progress").IsVisibleAsync())
            {
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Fit a new model" })).ToBeDisabledAsync();
            }

            await admin.ScreenshotAsync("fitting");
            await Expect(page.Locator("#fit-job .notice")).ToContainTextAsync("Fitted version 1 on", new() { Timeout = 180_000 });
            await Expect(page.Locator("#versions tbody tr")).ToHaveCountAsync(2);
            await Expect(page.Locator("#in-force")).ToContainTextAsync("The cold start");
            await admin.ScreenshotAsync("fitted");

            // Using it rebuilds every learner's state in the background, with its own progress bar.
            await page.GetByRole(AriaRole.Button, new() { Name = "Use version 1" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Version 1 is in force" })).ToBeVisibleAsync();
            await Expect(page.Locator("#rebuild-job progress").Or(page.Locator("#rebuild-job .notice"))).ToBeVisibleAsync();
            await admin.ScreenshotAsync("rebuilding");
            await Expect(page.Locator("#rebuild-job .notice")).ToContainTextAsync("under version 1", new() { Timeout = 120_000 });
            await Expect(page.Locator("#in-force")).ToContainTextAsync("Version 1");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use the cold start" })).ToBeEnabledAsync();
            await admin.ScreenshotAsync("in-force");

            // The model card: the version in force, its scores next to the cold start's, and the reliability plot.
            await page.GetByRole(AriaRole.Link, new() { Name = "The model card" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync($"Model card: {app.Course(Algebra).Title}");
            await Expect(page.Locator("#in-force")).ToContainTextAsync("Version 1");
            var plot = page.GetByRole(AriaRole.Img, new() { Name = "Reliability of version 1 and the cold start" });
            await Expect(plot).ToBeVisibleAsync();
            Assert.True(await plot.Locator("circle.marker.fitted").CountAsync() >= 2);
            Assert.True(await plot.Locator("rect.marker.cold").CountAsync() >= 2);
            await Expect(plot.Locator("line.diagonal").First).ToBeVisibleAsync();
            await Expect(page.Locator("table.model-scores tbody th")).ToHaveTextAsync([new Regex("^AUC"), new Regex("^ECE"), new Regex("^Log loss"), new Regex("^RMSE"), new Regex("^Answers predicted")]);
            await admin.ScreenshotAsync("model-card");
            await page.GetByText("The plot's figures as a table").ClickAsync();
            await Expect(page.Locator(".reliability-table tbody tr")).ToHaveCountAsync(10);
            await admin.ScreenshotAsync("model-card-table");

            // The class dashboard names the model in force and links to the card.
            await admin.GoAsync("/teach/classes/1");
            await Expect(page.Locator("#model-in-force")).ToContainTextAsync("Learner model: version 1");

            // The school overview, from the admin navigation: every class with its figures, and each course once.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "School" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("School overview");
            var algebraRow = page.Locator($"table.school-courses tbody tr[data-course='{Algebra}']");
            await Expect(algebraRow).ToHaveCountAsync(1);
            // The simulated learners are in no class; the demo classes' learners are counted, each with every skill.
            var learners = int.Parse(await algebraRow.GetAttributeAsync("data-learners") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(learners >= 1, $"{learners} learners in {Algebra}");
            Assert.Equal(learners * app.Course(Algebra).Graph.TopologicalOrder.Count, int.Parse(await algebraRow.GetAttributeAsync("data-pairs") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(await page.Locator("table.school-classes tbody tr").CountAsync() >= 1);
            await admin.ScreenshotAsync("school-overview");
        });
    }

    private async Task SeedClassAsync(int learners, ulong seed)
    {
        var course = app.Course(Algebra);
        var answers = new AnswerLogSimulator(course.Graph) { MaxSkillsPerLearner = 8 }.Simulate(learners, seed);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        foreach (var learner in answers.GroupBy(a => a.Learner))
        {
            var id = $"sim-{learner.Key}";
            db.Users.Add(new AppUser { Id = id, UserName = $"{id}@example.com", NormalizedUserName = $"{id}@EXAMPLE.COM", Email = $"{id}@example.com", NormalizedEmail = $"{id}@EXAMPLE.COM", DisplayName = learner.Key, SecurityStamp = Guid.NewGuid().ToString() });
            db.Enrollments.Add(new Enrollment { UserId = id, CourseId = Algebra, EnrolledAt = learner.First().At });
            db.AnswerEvents.AddRange(learner.Select((a, i) => new AnswerEventRecord { EventId = $"e{i}", UserId = id, CourseId = Algebra, SkillId = a.Skill.Value, Correct = a.Correct, Kind = EvidenceKind.Practice, At = a.At }));
        }

        await db.SaveChangesAsync();
    }
}
