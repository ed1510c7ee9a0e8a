using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// A teacher's day, clicked and typed through in Chromium next to two learners, each in their own browser context:
/// a new class, a roster upload (a bad one first), the dashboard filling as learners answer, a learner's drill-down,
/// a project scored with its rubric, sent back, revised and accepted, and the class's mastery CSV.
/// </summary>
public sealed partial class TeacherJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string ClassName = "Period 3: algebra and writing";
    private const string Algebra = "algebra-1";
    private const string Writing = "argument-writing";
    private const string Ada = "Ada Learner";
    private const string Fay = "Fay Newcomer";
    private const string Gus = "Gus Newcomer";
    private const string Dev = "Dev Learner";

    [SkippableFact]
    public async Task A_teacher_sets_up_a_class_watches_it_learn_scores_a_project_and_downloads_the_report()
    {
        var series = new ScreenshotSeries("teacher-journey");
        var teacher = new Person(app, await app.NewPageAsync(), "teacher", series);
        var ada = new Learner(app, await app.NewPageAsync(), "ada", series);
        var fay = new Learner(app, await app.NewPageAsync(), "fay", series);
        await Person.RunAsync([teacher, ada, fay], () => JourneyAsync(teacher, ada, fay, series));
    }

    private async Task JourneyAsync(Person teacher, Learner ada, Learner fay, ScreenshotSeries series)
    {
        var page = teacher.Page;
        var algebra = app.Course(Algebra);
        var writing = app.Course(Writing);
        var placeValue = algebra.SkillsById[Domain.Skills.SkillId.Parse("place-value")];

        // 1. The teacher signs in, creates a class with both courses and a mastery bar of 0.90, and lands on it.
        await teacher.SignInAsync("teacher@example.com");
        await Expect(page.Locator("#teaching li")).ToHaveTextAsync(["Period 1 4 learners"]);
        await teacher.ScreenshotAsync("signed-in");
        await page.Locator("#teaching").GetByRole(AriaRole.Link, new() { Name = "My classes" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("My classes");
        await Expect(page.Locator("article.card h2")).ToHaveTextAsync(["Period 1"]);
        await page.GetByRole(AriaRole.Link, new() { Name = "New class" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("New class");
        await page.GetByLabel("Class name").FillAsync(ClassName);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = algebra.Title }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = writing.Title }).CheckAsync();
        await page.Locator("#mastery-probability").FillAsync("0.90");
        await teacher.ScreenshotAsync("new-class");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the class" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Roster of {ClassName}");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The class was created.");
        await Expect(page.Locator("main > p.muted").First).ToHaveTextAsync($"0 learners · {algebra.Title}, {writing.Title}");
        var classPath = new Uri(page.Url).AbsolutePath[..^"/roster".Length];
        Assert.Matches(@"^/teach/classes/\d+$", classPath);

        // 2a. A roster with a bad row imports nothing and names the file and line.
        await UploadRosterAsync(page, "period-3-draft.csv", """
            email,name
            ada@example.com,Ada Learner
            fay.example.com,Fay Newcomer
            """);
        await Expect(page.Locator("#outcome-h")).ToHaveTextAsync("Nothing was imported");
        await Expect(page.Locator("#outcome [role=alert]")).ToContainTextAsync("1 problem(s)");
        await Expect(page.Locator("#outcome ul.problems li")).ToHaveTextAsync(["period-3-draft.csv:3 bad email 'fay.example.com'"]);
        await Expect(page.Locator("#members-h + p")).ToHaveTextAsync("No learner yet.");
        await Expect(page.Locator("main > p.muted").First).ToHaveTextAsync($"0 learners · {algebra.Title}, {writing.Title}");
        await teacher.ScreenshotAsync("roster-refused");

        // 2b. The corrected roster: two existing learner accounts, two new ones (one with a password from the file).
        await UploadRosterAsync(page, "period-3.csv", """
            email,name,password
            ada@example.com,Ada Learner,
            dev@example.com,Dev Learner,
            fay@example.com,Fay Newcomer,
            gus@example.com,Gus Newcomer,gus-chose-this-1
            """);
        await Expect(page.Locator("#outcome-h")).ToHaveTextAsync("4 learner(s) invited");
        await Expect(page.Locator("#outcome p.notice")).ToContainTextAsync("4 invited, 0 already in the class.");
        await Expect(page.Locator("#outcome .banner.warning")).ToContainTextAsync("Copy the codes now");
        var outcome = page.Locator("#outcome table.roster-table tbody tr");
        await Expect(outcome).ToHaveCountAsync(4);

        // Ada and Dev had accounts, Fay had none: the teacher sees the same row for each, with a code of the same form.
        await Expect(outcome.Locator("td:nth-child(3)")).ToHaveTextAsync(["invited", "invited", "invited", "invited"]);
        await Expect(outcome.Nth(3).Locator("td")).ToHaveTextAsync([Gus, "gus@example.com", "invited", "password from the file", "period-3.csv:5"]);
        var codes = new List<string>();
        for (var row = 0; row < 3; row++)
        {
            codes.Add(await outcome.Nth(row).Locator("code.password").InnerTextAsync());
            Assert.Matches("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$", codes[^1]);
        }

        var fayPassword = codes[2];
        await Expect(page.Locator("#invitations tbody tr td:first-child")).ToHaveTextAsync([Ada, Dev, Fay, Gus]);
        await Expect(page.Locator("main > p.muted").First).ToContainTextAsync("0 learners, 4 invited");
        await teacher.ScreenshotAsync("roster-imported");

        // 2c. Each learner takes up the invitation: Ada accepts on her Join page, Dev types his personal code, and the
        //     new accounts join at their first sign-in (Fay with the code as her first password, then her own).
        await ada.SignInAsync("ada@example.com");
        await Expect(ada.Page.Locator("#invited")).ToContainTextAsync($"invites you to the class {ClassName}");
        await ada.Page.Locator("#invited").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(ada.Page.Locator("#invitations li")).ToContainTextAsync(ClassName);
        await ada.ScreenshotAsync("invitation");
        await ada.Page.GetByRole(AriaRole.Button, new() { Name = $"Accept the invitation to {ClassName}" }).ClickAsync();
        await Expect(ada.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"You joined {ClassName}.");
        var dev = new Learner(app, await app.NewPageAsync(), "dev", series);
        await dev.SignInAsync("dev@example.com");
        await dev.GoAsync("/join");
        await dev.Page.GetByLabel("Class code or personal code from your teacher").FillAsync(codes[1]);
        await dev.Page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Expect(dev.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"You joined {ClassName}.");
        var gus = new Learner(app, await app.NewPageAsync(), "gus", series);
        await gus.SignInAsync("gus@example.com", "gus-chose-this-1");
        await Expect(gus.Page.Locator("h1")).ToHaveTextAsync("My courses");

        // The teacher's temporary password leads first to choosing her own.
        await fay.SignInAsync("fay@example.com", fayPassword);
        await Expect(fay.Page.Locator("h1")).ToHaveTextAsync("Account");
        await Expect(fay.Page.Locator("#must-change")).ToBeVisibleAsync();
        await fay.Page.GetByLabel("Current password").FillAsync(fayPassword);
        await fay.Page.GetByLabel("New password").FillAsync("fay-own-pass-42");
        await fay.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(fay.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your password was changed.");
        await fay.ScreenshotAsync("password-changed");
        await page.ReloadAsync();
        await Expect(page.Locator("table.roster-table").Last.Locator("tbody tr td:first-child")).ToHaveTextAsync([Ada, Dev, Fay, Gus]);
        await Expect(page.Locator("main > p.muted").First).ToContainTextAsync("4 learners");
        await Expect(page.Locator("#invitations")).ToHaveCountAsync(0);

        // 3a. The dashboard: four learners, no progress anywhere.
        await page.Locator("nav.crumbs").GetByRole(AriaRole.Link, new() { Name = ClassName }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(ClassName);
        await Expect(page.Locator("main > p.muted").First).ToContainTextAsync($"{algebra.Title} · 4 learners");
        await Expect(page.Locator("main > p.muted").First).ToContainTextAsync("mastery bar 0.90");
        await Expect(HeatmapRows(page).Locator("th")).ToHaveTextAsync([Ada, Dev, Fay, Gus]);
        await Expect(HeatmapRows(page).Locator("td:not(.cell)")).ToHaveTextAsync(["0", "0", "0", "0"]);
        var roots = algebra.Skills.Count(s => s.Prerequisites.Count == 0);
        await Expect(page.Locator(".heatmap td.cell.state-ready")).ToHaveCountAsync(4 * roots);
        await Expect(page.Locator(".heatmap td.cell.state-locked")).ToHaveCountAsync(4 * (algebra.Skills.Count - roots));
        await Expect(page.Locator("#help-h + p")).ToHaveTextAsync("Nobody is stuck.");
        await Expect(page.Locator("#ready-h + p")).ToHaveTextAsync("Nobody is waiting for a mastery check.");
        var priorTitle = await Cell(page, Fay, placeValue.Title).GetAttributeAsync("title");
        Assert.Contains("○ Ready", priorTitle, StringComparison.Ordinal);
        var prior = Probability(priorTitle);
        await teacher.ScreenshotAsync("dashboard-empty");

        // 3b. Fay, new, skips the placement and practises place value: wrong, wrong, right.
        await fay.GoAsync("/");
        await Expect(fay.Page.Locator("h1")).ToHaveTextAsync("My courses");
        await Expect(fay.Page.Locator("article.card").Filter(new() { HasText = algebra.Title })).ToContainTextAsync($"0 of {algebra.Skills.Count} skills mastered");
        await StartPracticeAsync(fay, algebra.Title, placeValue.Title);
        var fayAnswers = new List<(string Response, bool Correct)>
        {
            (await AsShownAsync(fay, await fay.AnswerWrongAsync()), false),
        };
        await fay.NextAsync();
        fayAnswers.Add((await AsShownAsync(fay, await fay.AnswerWrongAsync()), false));
        await fay.NextAsync();
        fayAnswers.Add((await AsShownAsync(fay, await fay.AnswerRightAsync()), true));
        var fayMeter = await MeterAsync(fay.Page);
        await fay.ScreenshotAsync("practised");

        // 3c. Ada skips the placement and practises place value until the mastery check is offered.
        await ada.SignInAsync("ada@example.com");
        await StartPracticeAsync(ada, algebra.Title, placeValue.Title);
        var adaAnswers = 0;
        for (; adaAnswers == 0 || await ada.Page.Locator("#next").InnerTextAsync() != "Take the mastery check"; adaAnswers++)
        {
            Assert.True(adaAnswers < 30, "no mastery check offered after 30 right answers");
            if (adaAnswers > 0)
            {
                await ada.NextAsync();
            }

            await ada.AnswerRightAsync();
        }

        var adaMeter = await MeterAsync(ada.Page);
        Assert.True(adaMeter >= 90, $"Ada's meter is at {adaMeter}% when the check is offered; the class bar is 90%");
        await ada.ScreenshotAsync("ready-for-check");

        // 3d. The teacher reloads: both learners' place-value cells are in progress with their meters' P, Ada waits for her check.
        await teacher.ReloadAsync();
        await Expect(Cell(page, Fay, placeValue.Title)).ToHaveClassAsync(new Regex(@"\bstate-inprogress\b"));
        await Expect(Cell(page, Ada, placeValue.Title)).ToHaveClassAsync(new Regex(@"\bstate-inprogress\b"));
        var fayP = Probability(await Cell(page, Fay, placeValue.Title).GetAttributeAsync("title"));
        var adaP = Probability(await Cell(page, Ada, placeValue.Title).GetAttributeAsync("title"));
        Assert.NotEqual(prior, fayP);
        Assert.InRange(fayP * 100, fayMeter - 1, fayMeter + 1);
        Assert.InRange(adaP * 100, adaMeter - 1, adaMeter + 1);
        Assert.True(adaP >= 0.90 && adaP > fayP, $"Ada P = {adaP}, Fay P = {fayP}");
        await Expect(Cell(page, Fay, placeValue.Title)).ToHaveTextAsync(fayMeter.ToString(CultureInfo.InvariantCulture));
        await Expect(Cell(page, Ada, placeValue.Title)).ToHaveTextAsync(adaMeter.ToString(CultureInfo.InvariantCulture));
        await Expect(Cell(page, Fay, placeValue.Title)).ToHaveAttributeAsync("style", Shade(fayP));
        await Expect(Cell(page, Ada, placeValue.Title)).ToHaveAttributeAsync("style", Shade(adaP));
        await Expect(page.Locator("#ready-h ~ ul li")).ToHaveTextAsync([$"{Ada}: mastery check on {placeValue.Title}"]);
        await Expect(HeatmapRows(page).Locator("td:not(.cell)")).ToHaveTextAsync(["0", "0", "0", "0"]);
        await Expect(Row(page, Dev).Locator("td.cell.state-inprogress")).ToHaveCountAsync(0);
        await teacher.ScreenshotAsync("dashboard-filling");

        // 3e. Ada passes the check; the teacher reloads: one skill mastered, and what it unlocks opens for Ada alone.
        await ada.NextAsync();
        await Expect(ada.Page.Locator("h1")).ToHaveTextAsync($"Mastery check: {placeValue.Title}");
        for (var question = 1; !await ada.Page.Locator("#check-passed").IsVisibleAsync(); question++)
        {
            Assert.True(question <= 5, "the check was not passed after 5 right answers");
            if (question > 1)
            {
                await ada.NextAsync();
            }

            await ada.AnswerRightAsync();
            adaAnswers++;
        }

        await ada.ScreenshotAsync("check-passed");
        await teacher.ReloadAsync();
        await Expect(Cell(page, Ada, placeValue.Title)).ToHaveClassAsync(new Regex(@"\bstate-mastered\b"));
        await Expect(Cell(page, Ada, placeValue.Title)).ToHaveTextAsync("★");
        await Expect(HeatmapRows(page).Locator("td:not(.cell)")).ToHaveTextAsync(["1", "0", "0", "0"]);
        await Expect(page.Locator("#ready-h + p")).ToHaveTextAsync("Nobody is waiting for a mastery check.");
        var unlocked = algebra.Skills.Where(s => s.Prerequisites.Count > 0 && s.Prerequisites.All(p => p == placeValue.Id)).ToList();
        Assert.NotEmpty(unlocked);
        foreach (var skill in unlocked)
        {
            await Expect(Cell(page, Ada, skill.Title)).ToHaveClassAsync(new Regex(@"\bstate-ready\b"));
            await Expect(Cell(page, Fay, skill.Title)).ToHaveClassAsync(new Regex(@"\bstate-locked\b"));
        }

        await teacher.ScreenshotAsync("dashboard-mastered");

        // 4. Fay's drill-down: her three answers on place value, in order, with how each moved P.
        await Row(page, Fay).GetByRole(AriaRole.Link, new() { Name = Fay }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Fay);
        await Expect(page.Locator("main > p.muted").First).ToContainTextAsync("fay@example.com · 3 answers");
        await page.Locator("ul.skill-list").GetByRole(AriaRole.Link, new() { Name = placeValue.Title, Exact = true }).ClickAsync();
        await Expect(page.Locator("#timeline-h")).ToHaveTextAsync(placeValue.Title);
        var timeline = page.Locator("table.timeline tbody tr");
        await Expect(timeline).ToHaveCountAsync(fayAnswers.Count);
        await Expect(timeline.Locator("td:nth-child(2)")).ToHaveTextAsync(fayAnswers.Select(_ => "Practice").ToArray());
        await Expect(timeline.Locator("td:nth-child(3)")).ToHaveTextAsync(fayAnswers.Select(a => a.Correct ? "✔ right" : "✘ wrong").ToArray());
        await Expect(timeline.Locator("td:nth-child(4)")).ToHaveTextAsync(fayAnswers.Select(a => a.Response).ToArray());
        await Expect(timeline.Last.Locator("td:nth-child(5)")).ToHaveTextAsync(new Regex($@"→ {Regex.Escape(fayP.ToString("0.00", CultureInfo.InvariantCulture))}$"));
        await Expect(page.Locator("#figures")).ToContainTextAsync($"P(knows) {fayP.ToString("0.00", CultureInfo.InvariantCulture)} (best");
        await Expect(page.Locator("#figures")).ToContainTextAsync("· 3 answers ·");
        await Expect(page.Locator("#story")).ToContainTextAsync(fayAnswers[0].Correct ? "right" : "wrong");
        await teacher.ScreenshotAsync("drill-down");

        // 5a. Ada opens the writing project and hands in a paragraph.
        var task = writing.Tasks.Single(t => t.Id == "argumentative-paragraph");
        var page2 = ada.Page;
        await MainMenu(page2, "My courses").ClickAsync();
        await page2.GetByRole(AriaRole.Link, new() { Name = writing.Title, Exact = true }).ClickAsync();
        await page2.GetByRole(AriaRole.Button, new() { Name = "Skip: start from the beginning" }).ClickAsync();
        await Expect(page2.Locator("h1")).ToHaveTextAsync("Today");
        await page2.ClickAsync("#projects");
        await Expect(page2.Locator("h1")).ToHaveTextAsync("Projects");
        await page2.GetByRole(AriaRole.Link, new() { Name = task.Title }).ClickAsync();
        await Expect(page2.Locator("h1")).ToHaveTextAsync(task.Title);
        await Expect(page2.Locator("#submit-h")).ToHaveTextAsync("Hand in your work");
        await page2.GetByLabel("Your work", new() { Exact = true }).FillAsync(FirstDraft);
        await ada.ScreenshotAsync("task-typed");
        await page2.ClickAsync("#submit-work");
        await Expect(page2.Locator("#submitted")).ToContainTextAsync("Version 1 handed in");
        await Expect(page2.Locator("#submit")).ToContainTextAsync("Your version 1 is waiting for your teacher's scoring.");

        // 5b. The teacher scores it: evidence below the bar, with a comment; it goes back to Ada.
        await page.Locator("nav.crumbs").GetByRole(AriaRole.Link, new() { Name = ClassName }).ClickAsync();
        await page.ClickAsync("#submissions");
        await Expect(page.Locator("#awaiting-h")).ToHaveTextAsync("Awaiting scoring (1)");
        var awaiting = page.Locator("#awaiting tbody tr");
        await Expect(awaiting).ToHaveCountAsync(1);
        await Expect(awaiting.Locator("th")).ToHaveTextAsync(Ada);
        await Expect(awaiting.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await awaiting.GetByRole(AriaRole.Link, new() { Name = "Score" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"{task.Title}: {Ada}");
        await Expect(page.Locator("#work-text")).ToHaveTextAsync(FirstDraft);
        await ScoreAsync(page, new() { ["claim"] = 3, ["evidence"] = 2, ["reasoning"] = 3, ["cohesion"] = 3 }, Comment);
        await teacher.ScreenshotAsync("scored-v1");
        await page.ClickAsync("#save-score");
        await Expect(page.Locator("#scored")).ToHaveTextAsync($"Saved: {Ada}'s version 1 of “{task.Title}” was sent back for revision.");
        await Expect(page.Locator("#awaiting-h")).ToHaveTextAsync("Awaiting scoring (0)");
        await Expect(page.Locator("#others tbody tr td").Nth(1)).ToHaveTextAsync("Version 1 sent back for revision");
        await teacher.ScreenshotAsync("sent-back");

        // 5c. Ada sees it sent back with the comment, revises her text, adds a photo of her labelled draft, resubmits.
        await ada.ReloadAsync();
        await Expect(page2.Locator("#submitted")).ToHaveCountAsync(0);
        await Expect(page2.GetByRole(AriaRole.Status).Filter(new() { HasText = "sent back" })).ToContainTextAsync("Version 1 was sent back for revision");
        var version1 = page2.Locator("#version-1");
        await Expect(version1.Locator("blockquote.comment")).ToHaveTextAsync($"Teacher's comment: {Comment}");
        await Expect(version1.Locator("p.revise")).ToHaveTextAsync("To revise: Relevant evidence.");
        await Expect(version1.Locator("tr.below-bar th")).ToHaveTextAsync(["Relevant evidence"]);
        await Expect(page2.Locator("#submit-h")).ToHaveTextAsync("Hand in version 2");
        await Expect(page2.GetByLabel("Your work", new() { Exact = true })).ToHaveValueAsync(FirstDraft);
        await ada.ScreenshotAsync("sent-back");
        await page2.GetByLabel("Your work", new() { Exact = true }).FillAsync(Revision);
        var photo = await page2.Locator("#versions").ScreenshotAsync();
        await page2.GetByLabel("Or upload a file").SetInputFilesAsync(new FilePayload { Name = "labelled-draft.png", MimeType = "image/png", Buffer = photo });
        await page2.ClickAsync("#submit-work");
        await Expect(page2.Locator("#submitted")).ToContainTextAsync("Version 2 handed in");
        await Expect(page2.Locator("#version-2")).ToContainTextAsync("labelled-draft.png");

        // 5d. The teacher finds version 2 (with the file) next to version 1, scores it above the bar, accepts it.
        await page.Locator("nav.crumbs").GetByRole(AriaRole.Link, new() { Name = ClassName }).ClickAsync();
        await page.ClickAsync("#submissions");
        await Expect(page.Locator("#awaiting-h")).ToHaveTextAsync("Awaiting scoring (1)");
        await Expect(awaiting.Locator("td").Nth(1)).ToHaveTextAsync("2");
        await awaiting.GetByRole(AriaRole.Link, new() { Name = "Score" }).ClickAsync();
        await Expect(page.Locator("#work-h")).ToContainTextAsync("Version 2");
        await Expect(page.Locator("#work-text")).ToHaveTextAsync(Revision);
        var file = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#work-file"));
        Assert.Equal("labelled-draft.png", file.SuggestedFilename);
        Assert.Equal(photo, await File.ReadAllBytesAsync(await file.PathAsync()));
        await Expect(page.Locator("#version-1")).ToContainTextAsync("Version 1 sent back for revision");
        await ScoreAsync(page, new() { ["claim"] = 4, ["evidence"] = 3, ["reasoning"] = 3, ["cohesion"] = 3 }, "Both sources are named now. Accepted.");
        await page.ClickAsync("#save-score");
        await Expect(page.Locator("#scored")).ToHaveTextAsync($"Saved: {Ada}'s version 2 of “{task.Title}” is accepted; its skills are mastered.");
        await Expect(page.Locator("#others tbody tr td").Nth(1)).ToHaveTextAsync("★ Version 2 accepted");
        await teacher.ScreenshotAsync("accepted");

        // 5e. Ada: the project is accepted and its four skills are mastered on her map.
        await ada.ReloadAsync();
        await Expect(page2.Locator("#submitted")).ToHaveCountAsync(0);
        await Expect(page2.Locator("#submit")).ToContainTextAsync("Your work was accepted");
        await Expect(page2.Locator("main > p .badge").First).ToHaveTextAsync("★ Version 2 accepted");
        await page2.Locator("nav.crumbs").GetByRole(AriaRole.Link, new() { Name = "Projects" }).ClickAsync();
        var tagged = page2.Locator("table.projects tbody tr").Filter(new() { HasText = task.Title }).Locator("ul.tagged-skills li");
        await Expect(tagged).ToHaveTextAsync(task.Skills.Select(s => writing.SkillsById[s].Title + " ★").ToArray());
        await page2.GetByRole(AriaRole.Link, new() { Name = "Course map" }).ClickAsync();
        await Expect(page2.Locator("#progress-summary")).ToContainTextAsync($"{task.Skills.Count} of {writing.Skills.Count} skills mastered");
        foreach (var skill in writing.Skills)
        {
            var node = page2.Locator($"ul.skill-list li[data-skill='{skill.Id.Value}']");
            if (task.Skills.Contains(skill.Id))
            {
                await Expect(node).ToHaveAttributeAsync("data-state", "Mastered");
            }
            else
            {
                await Expect(node).Not.ToHaveAttributeAsync("data-state", "Mastered");
            }
        }

        await ada.ScreenshotAsync("map");

        // 6. The teacher switches the dashboard to the writing course and downloads its mastery CSV, then algebra's.
        await page.Locator("nav.crumbs").GetByRole(AriaRole.Link, new() { Name = ClassName }).ClickAsync();
        await page.GetByLabel("Course", new() { Exact = true }).SelectOptionAsync(writing.Id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("main > p.muted").First).ToContainTextAsync($"{writing.Title} · 4 learners");
        await Expect(HeatmapRows(page).Locator("td:not(.cell)")).ToHaveTextAsync([task.Skills.Count.ToString(CultureInfo.InvariantCulture), "0", "0", "0"]);
        await teacher.ScreenshotAsync("dashboard-writing");
        var writingCsv = await DownloadMasteryCsvAsync(page, writing);
        var learners = new[] { "ada@example.com", "dev@example.com", "fay@example.com", "gus@example.com" };
        Assert.Equal(learners, writingCsv.Keys.Order(StringComparer.Ordinal));
        foreach (var skill in writing.Skills)
        {
            Assert.Equal(task.Skills.Contains(skill.Id) ? "Mastered" : "Ready or Locked", Describe(writingCsv["ada@example.com"][skill.Id.Value]));
            Assert.All(learners.Skip(1), l => Assert.Equal("Ready or Locked", Describe(writingCsv[l][skill.Id.Value])));
        }

        await page.GetByLabel("Course", new() { Exact = true }).SelectOptionAsync(algebra.Id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("main > p.muted").First).ToContainTextAsync($"{algebra.Title} · 4 learners");
        var algebraCsv = await DownloadMasteryCsvAsync(page, algebra);
        Assert.Equal(learners, algebraCsv.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Mastered", algebraCsv["ada@example.com"]["place-value"]);
        Assert.Equal("InProgress", algebraCsv["fay@example.com"]["place-value"]);
        Assert.Equal("Ready", algebraCsv["dev@example.com"]["place-value"]);
        Assert.Equal("Ready", algebraCsv["gus@example.com"]["place-value"]);
        Assert.All(unlocked, s => Assert.Equal("Ready", algebraCsv["ada@example.com"][s.Id.Value]));
        Assert.All(unlocked, s => Assert.Equal("Locked", algebraCsv["fay@example.com"][s.Id.Value]));
        Assert.Equal(1, algebraCsv.Values.Sum(row => row.Values.Count(v => v == "Mastered")));
    }

    private const string Comment = "Good claim and reasoning. Your second piece of evidence has no source: say where the 40% figure comes from.";

    private const string FirstDraft =
        "[C] Our school should start classes at 9:00 instead of 8:00 because students learn better when they are rested. "
        + "[E] The American Academy of Pediatrics says teenagers need 8 to 10 hours of sleep a night. "
        + "[R] Starting later would let students get that sleep instead of losing it to an early bus. "
        + "[E] In addition, schools that started later saw 40% fewer students late to first period. "
        + "[R] As a result, more class time would be used for learning.";

    private const string Revision =
        "[C] Our school should start classes at 9:00 instead of 8:00 because students learn better when they are rested. "
        + "[E] The American Academy of Pediatrics says teenagers need 8 to 10 hours of sleep a night. "
        + "[R] Starting later would let students get that sleep instead of losing it to an early bus. "
        + "[E] In addition, a University of Minnesota study of seven high schools found 40% fewer students late to first period after a later start. "
        + "[R] As a result, more class time would be used for learning.";

    private static async Task UploadRosterAsync(IPage page, string fileName, string csv)
    {
        await page.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv.ReplaceLineEndings("\n") + "\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import the CSV" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/roster\?outcome=[0-9a-f]+#outcome$"));
    }

    /// <summary>From "My courses": the course, the placement skipped, today's plan, the first skill's lesson, practice.</summary>
    private static async Task StartPracticeAsync(Learner learner, string course, string skill)
    {
        var page = learner.Page;
        await MainMenu(page, "My courses").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = course, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/placement$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Skip: start from the beginning" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Today");
        await Expect(page.Locator("#continue")).ToContainTextAsync(skill);
        await page.ClickAsync("#continue");
        await page.ClickAsync("#practice");
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Practice: {skill}");
    }

    /// <summary>Clicks the level of each criterion on the rubric (its label, as a teacher would) and types the comment.</summary>
    private static async Task ScoreAsync(IPage page, Dictionary<string, int> scores, string comment)
    {
        foreach (var (criterion, score) in scores)
        {
            await page.Locator($"label[for='score-{criterion}-{score}']").ClickAsync();
            await Expect(page.Locator($"#score-{criterion}-{score}")).ToBeCheckedAsync();
        }

        await page.GetByLabel("Comment for the learner").FillAsync(comment);
    }

    /// <summary>
    /// Clicks the dashboard's "Mastery CSV" link and reads the file (learner, id, email, then one column per skill
    /// headed by its title, states in words): email → skill id → state, as the state's name.
    /// </summary>
    private static async Task<Dictionary<string, Dictionary<string, string>>> DownloadMasteryCsvAsync(IPage page, Course course)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Mastery CSV", Exact = true }).ClickAsync());
        Assert.EndsWith("mastery.csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Contains(course.Id, download.SuggestedFilename, StringComparison.Ordinal);
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(await download.PathAsync(), System.Text.Encoding.UTF8) { TextFieldType = Microsoft.VisualBasic.FileIO.FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields() ?? []);
        }

        var header = rows[0];
        var order = course.Graph.TopologicalOrder;
        string[] expected = ["Learner", "Learner id", "Email or username", .. order.Select(s => course.SkillsById[s].Title)];
        Assert.Equal(expected, header);
        var states = Enum.GetValues<SkillState>().ToDictionary(s => Web.Learning.SkillExplanations.StateLabel(s), s => s.ToString(), StringComparer.Ordinal);
        return rows.Skip(1)
            .Select(fields =>
            {
                Assert.Equal(header.Length, fields.Length);
                return (Email: fields[2], States: order.Zip(fields.Skip(3)).ToDictionary(p => p.First.Value, p => states[p.Second], StringComparer.Ordinal));
            })
            .ToDictionary(r => r.Email, r => r.States, StringComparer.Ordinal);
    }

    /// <summary>The shade of a cell in progress: its band among the default bands, darker for a higher one.</summary>
    private static string Shade(double p)
    {
        var bands = Web.Teaching.ClassBands.Defaults;
        var band = Enumerable.Range(0, bands.Count).Last(i => i == 0 || p >= bands[i].Min);
        return $"--shade: {((band + 1.0) / bands.Count).ToString("0.##", CultureInfo.InvariantCulture)}";
    }

    private static string Describe(string state) => state is "Ready" or "Locked" ? "Ready or Locked" : state;

    private static ILocator MainMenu(IPage page, string link) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = link, Exact = true });

    private static ILocator HeatmapRows(IPage page) => page.Locator(".heatmap tbody tr");

    private static ILocator Row(IPage page, string learner) =>
        HeatmapRows(page).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = learner, Exact = true }) });

    private static ILocator Cell(IPage page, string learner, string skill) => Row(page, learner).Locator($"td.cell[title^=\"{learner} · {skill}:\"]");

    private static double Probability(string? title)
    {
        var match = ProbabilityInTitle().Match(title ?? string.Empty);
        Assert.True(match.Success, $"no P in the cell's title '{title}'");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<int> MeterAsync(IPage page) =>
        int.Parse(await page.Locator(".meter").GetAttributeAsync("aria-valuenow") ?? "-1", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"P = (\d\.\d\d)")]
    private static partial Regex ProbabilityInTitle();

    /// <summary>What the learner answered as a teacher should read it: a choice's text (its key is random per attempt), or what was typed.</summary>
    private static async Task<string> AsShownAsync(Learner learner, string response)
    {
        var picked = await learner.Page.Locator("#verdict .picked-choice").AllInnerTextsAsync();
        return picked.Count == 0 ? response : string.Join("; ", picked.Select(p => p.Trim()));
    }
}
