using System.IO.Compression;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// A teacher uploads the SIS's OneRoster .zip with three classes in Chromium: the roster page asks which class is
/// this one, the teacher picks it, uploads again and sees the students invited (one by username) and what was not used.
/// </summary>
public sealed class OneRosterUploadTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static string Fixtures => Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Web.Tests", "Fixtures", "Roster", "oneroster-1.1-bulk");

    [SkippableFact]
    public async Task The_teacher_chooses_the_class_of_a_bundle_with_several_and_imports_it()
    {
        var series = new ScreenshotSeries("oneroster-upload");
        var teacher = new Person(app, await app.NewPageAsync(), "teacher", series);
        await Person.RunAsync([teacher], async () =>
        {
            var page = teacher.Page;
            await teacher.SignInAsync("teacher@example.com");
            await page.GotoAsync("/teach/classes/new");
            await page.GetByLabel("Class name").FillAsync("Maths 7");
            await page.GetByRole(AriaRole.Checkbox).First.CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Create the class" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Roster of Maths 7");

            await UploadAsync(page);
            await Expect(page.Locator("#outcome-h")).ToHaveTextAsync("Nothing was imported");
            var choices = page.GetByRole(AriaRole.Group, new() { Name = "Which OneRoster class is Maths 7?" });
            await Expect(choices.GetByRole(AriaRole.Radio)).ToHaveCountAsync(3);
            await teacher.ScreenshotAsync("choose-class");

            await choices.GetByRole(AriaRole.Radio, new() { Name = "Mathematics 7 - Period 1" }).CheckAsync();
            await UploadAsync(page);
            await Expect(page.Locator("#outcome-h")).ToHaveTextAsync("3 learner(s) invited");
            await Expect(page.Locator("#outcome table.roster-table tbody tr td:nth-child(2)")).ToHaveTextAsync(["amelia.alvarez@students.riverside.example.org", "bnguyen32", "cthompson33"]);
            await Expect(page.Locator("#outcome")).ToContainTextAsync("Files not used");
            await teacher.ScreenshotAsync("imported");
        });
    }

    private static async Task UploadAsync(IPage page)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(Fixtures).Order(StringComparer.Ordinal))
            {
                using var stream = zip.CreateEntry(Path.GetFileName(file)).Open();
                stream.Write(File.ReadAllBytes(file));
            }
        }

        await page.GetByLabel("The .zip your SIS exported").SetInputFilesAsync(new FilePayload { Name = "riverside.zip", MimeType = "application/zip", Buffer = buffer.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import the OneRoster files" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/roster\?outcome=[0-9a-f]+#outcome$"));
    }
}
