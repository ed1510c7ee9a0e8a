using MasteryPath.Data;
using MasteryPath.Web.Families;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// "A parent signs in and sees a child's week": Ada masters a skill and has homework due, makes a parent code on her
/// account page; her parent makes an account with it at /family/join and reads Ada's week in plain words. The parent
/// pages have no serious or critical accessibility violations.
/// </summary>
public sealed class FamilyJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Homework = "Weekend homework";

    [SkippableFact]
    public async Task A_parent_joins_with_the_learners_code_and_sees_the_childs_week()
    {
        TestChromium.RequireOrSkip();
        var series = new ScreenshotSeries("family");
        var ada = new Learner(app, await app.NewPageAsync(), "ada", series);
        var parent = new Person(app, await app.NewPageAsync(), "parent", series);
        var course = app.Course("algebra-1");
        var homework = course.SkillsById.Values.First(s => s.Id.Value != "place-value");
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        await Person.RunAsync([ada, parent], async () =>
        {
            await ada.SignInAsync("ada@example.com");
            await ada.SkipPlacementAsync(course.Id);
            await ada.GoAsync($"/courses/{course.Id}/skills/place-value");
            await ada.MasterFromSkillPageAsync();
            await AssignToPeriod1Async(course.Id, homework.Id.Value, due);

            await ada.GoAsync("/account");
            await ada.Page.ClickAsync("#issue-family-code");
            var code = await ada.Page.Locator("#family-code").InnerTextAsync();
            Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
            await ada.ScreenshotAsync("code-issued");

            await parent.GoAsync("/family/join");
            await parent.Page.FillAsync("#family-code", code);
            await parent.Page.FillAsync("#parent-name", "Robin Guardian");
            await parent.Page.FillAsync("#parent-email", "robin@example.com");
            await parent.Page.FillAsync("#parent-password", "Robin-guardian-1");
            await parent.ScreenshotAsync("join");
            await parent.Page.ClickAsync("#family-join");
            await Expect(parent.Page.Locator("h1")).ToHaveTextAsync("Ada Learner's week");
            await Expect(parent.Page.Locator("#mastered-this-week")).ToHaveTextAsync($"This week Ada mastered 1 skill: {course.SkillsById.Values.Single(s => s.Id.Value == "place-value").Title}.");
            await Expect(parent.Page.Locator("ul.due li").First).ToHaveTextAsync($"Due: {homework.Title} ({Homework}) by {FamilyWording.Day(due)}");
            await AssertNoSeriousViolationsAsync(parent.Page);
            await parent.ScreenshotAsync("childs-week");

            await parent.Page.GetByRole(AriaRole.Link, new() { Name = "My children" }).First.ClickAsync();
            await Expect(parent.Page.Locator("h1")).ToHaveTextAsync("My children");
            await Expect(parent.Page.Locator("#children")).ToContainTextAsync("Ada Learner");
            await AssertNoSeriousViolationsAsync(parent.Page);
            await parent.ScreenshotAsync("family-home");

            // Ada sees who follows her on her account page.
            await ada.GoAsync("/account");
            await Expect(ada.Page.Locator("#family-parents")).ToContainTextAsync("Robin Guardian");
            await Expect(ada.Page.Locator("#family-code")).ToHaveCountAsync(0);
        });
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var results = await AxeScan.AssertNoSeriousViolationsAsync(page);
        Assert.True(results.Passes.Length > 10, $"axe checked almost nothing on {page.Url}");
    }

    /// <summary>Homework for the whole of Period 1 with a due day, as the assignments page makes it (that page is AssignmentJourneyTests' to check).</summary>
    private async Task AssignToPeriod1Async(string courseId, string skillId, DateOnly due)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        var period1 = await db.Classes.SingleAsync(c => c.Name == "Period 1");
        db.ClassAssignments.Add(new ClassAssignment
        {
            ClassId = period1.Id,
            CourseId = courseId,
            Title = Homework,
            ForWholeClass = true,
            DueOn = due,
            AssignedById = period1.TeacherId,
            AssignedAt = DateTimeOffset.UtcNow,
            Skills = [new ClassAssignmentSkill { SkillId = skillId, Position = 0 }],
        });
        await db.SaveChangesAsync();
    }
}
