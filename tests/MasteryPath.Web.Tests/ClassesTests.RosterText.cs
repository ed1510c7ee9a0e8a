using System.Net;
using System.Text;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The text of rosters and names: encodings other than UTF-8 and invisible characters are refused on every path, accents are kept exactly.</summary>
public abstract partial class ClassesTests
{
    private static string NotUtf8(string badByte) => $"the file is not UTF-8 (byte {badByte} on this line): save it as 'CSV UTF-8' in Excel, or as UTF-8 in your editor";

    [SkippableFact]
    public async Task A_latin1_roster_is_refused_with_its_line_by_upload_and_zip_and_nothing_is_stored()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var schoolClass = await CreateClassAsync(teacher, "Algebra 1 - Period 2", [Algebra]);
        var before = await CountsAsync(app);

        using (var upload = await UploadAsync(teacher, schoolClass.Id, "csv", [], [], ("csv", "roster.csv", RosterFixtures.Latin1Csv)))
        {
            var text = Html.Text(await teacher.GetPageAsync(upload.Headers.Location!.OriginalString));
            Assert.Contains("Nothing was imported", text, StringComparison.Ordinal);
            Assert.Contains("roster.csv:3 " + NotUtf8("0xFC"), text, StringComparison.Ordinal);
        }

        var users = Encoding.Latin1.GetBytes(RosterFixtures.Text("oneroster/users.csv").Replace("Sanchez", "Sánchez", StringComparison.Ordinal));
        using (var zip = await teacher.PostJsonAsync($"/api/teach/classes/{schoolClass.Id}/roster", new RosterImportRequest(null, null, null, null, Convert.ToBase64String(RosterFixtures.Zip("oneroster", users)), "c-alg-2")))
        {
            await AssertProblemAsync(zip, HttpStatusCode.BadRequest);
            Assert.Equal(new Problem(RosterFiles.UsersFile, 2, NotUtf8("0xE1")), Assert.Single(await ProblemsAsync(zip)));
        }

        Assert.Equal(before, await CountsAsync(app));
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "jonas.mueller@school.example.org" || u.Email == "mia.sanchez@school.example.org")));
    }

    [SkippableFact]
    public async Task Utf8_rosters_with_and_without_a_byte_order_mark_store_accented_names_exactly()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var schoolClass = await CreateClassAsync(teacher, "Période 3 – 王", [Algebra]);
        var text = RosterFixtures.Text("simple-accents.csv");

        using (var plain = await UploadAsync(teacher, schoolClass.Id, "csv", [], [("csv", "simple-accents.csv")]))
        {
            Assert.Contains("3 invited, 0 already in the class", Html.Text(await teacher.GetPageAsync(plain.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        }

        var withBom = RosterFixtures.Encoded(text.Replace("@school.", "@bom.", StringComparison.Ordinal), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.True(withBom.AsSpan().StartsWith(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).Preamble));
        using (var bom = await UploadAsync(teacher, schoolClass.Id, "csv", [], [], ("csv", "roster.csv", withBom)))
        {
            Assert.Contains("3 invited, 0 already in the class", Html.Text(await teacher.GetPageAsync(bom.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        }

        var api = await teacher.PostJsonAsync<RosterResultDto>($"/api/teach/classes/{schoolClass.Id}/roster", new RosterImportRequest(text.Replace("@school.", "@api.", StringComparison.Ordinal), null, null, null, null, null));
        Assert.Equal(RosterFixtures.AccentedNames, api.Learners.Select(l => l.Name));

        var stored = await app.QueryAsync(db => db.Users.Select(u => new { u.Email, u.DisplayName }).ToListAsync());
        foreach (var domain in new[] { "school", "bom", "api" })
        {
            var names = new[] { "zoe.adams", "jonas.mueller", "wang.fang" }.Select(local => stored.Single(u => u.Email == $"{local}@{domain}.example.org").DisplayName);
            Assert.Equal(RosterFixtures.AccentedNames, names);
        }

        Assert.Equal("Période 3 – 王", (await ClassAsync(app, schoolClass.Id)).Name);
        var roster = Html.Text(await teacher.GetPageAsync($"/teach/classes/{schoolClass.Id}/roster"));
        Assert.All(RosterFixtures.AccentedNames, name => Assert.Contains(name, roster, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Names_with_a_tab_NUL_escape_or_right_to_left_override_are_refused_by_upload_api_and_form()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var schoolClass = await CreateClassAsync(teacher, "Algebra 1 - Period 2", [Algebra]);
        var before = await CountsAsync(app);
        var emails = new List<string>();

        foreach (var (character, what) in new[] { ('\t', "a tab (U+0009)"), ('\0', "a NUL character (U+0000)"), ('\u001B', "an escape character (U+001B)"), ('\u202E', "a right-to-left override (U+202E)") })
        {
            var name = $"Ada{character}Brown";
            var email = $"ada.brown{(int)character}@school.example.org";
            emails.Add(email);
            var csv = $"email,name\n{email},{name}\n";
            var holds = $"holds {what} at character 4; remove it";

            using (var upload = await UploadAsync(teacher, schoolClass.Id, "csv", [], [], ("csv", "roster.csv", Encoding.UTF8.GetBytes(csv))))
            {
                Assert.Contains($"roster.csv:2 column 2 ('name') {holds}", Html.Text(await teacher.GetPageAsync(upload.Headers.Location!.OriginalString)), StringComparison.Ordinal);
            }

            using (var roster = await teacher.PostJsonAsync($"/api/teach/classes/{schoolClass.Id}/roster", new RosterImportRequest(csv, null, null, null, null, null)))
            {
                await AssertProblemAsync(roster, HttpStatusCode.BadRequest);
                Assert.Equal(new Problem("roster.csv", 2, $"column 2 ('name') {holds}"), Assert.Single(await ProblemsAsync(roster)));
            }

            using (var learner = await teacher.PostJsonAsync($"/api/teach/classes/{schoolClass.Id}/learners", new AddLearnerRequest(email, name, null)))
            {
                await AssertProblemAsync(learner, HttpStatusCode.BadRequest);
                Assert.Equal(new Problem("email", 0, $"the name {holds}"), Assert.Single(await ProblemsAsync(learner)));
            }

            using (var form = await teacher.SubmitFormAsync($"/teach/classes/{schoolClass.Id}/roster", $"/forms/teach/classes/{schoolClass.Id}/learners", ("email", email), ("name", name)))
            {
                if (character == '\0')
                {
                    // ASP.NET Core's form reader refuses %00 itself, before the endpoint runs.
                    Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
                    continue;
                }

                var page = Html.Text(await teacher.GetPageAsync(form.Headers.Location!.OriginalString));
                Assert.Contains("Nothing was imported", page, StringComparison.Ordinal);
                Assert.Contains($"email the name {holds}", page, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, await CountsAsync(app));
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => emails.Contains(u.Email!))));
    }

    [SkippableFact]
    public async Task A_class_name_or_band_label_with_an_invisible_character_is_refused()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var classes = await app.QueryAsync(db => db.Classes.CountAsync());

        using (var api = await teacher.PostJsonAsync("/api/teach/classes", new ClassSettingsRequest("Period\u202E 2", [Algebra], null, null, [new Band("Low\u200B", 0)])))
        {
            await AssertProblemAsync(api, HttpStatusCode.BadRequest);
            var detail = await DetailAsync(api);
            Assert.Contains("The class name holds a right-to-left override (U+202E) at character 7; remove it.", detail, StringComparison.Ordinal);
            Assert.Contains("Band 1: the label holds a zero-width character (U+200B) at character 4; remove it.", detail, StringComparison.Ordinal);
        }

        using (var form = await teacher.SubmitFormAsync("/teach/classes/new", "/forms/teach/classes/new", ("name", "Period\t2"), ("course", Algebra)))
        {
            Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
            var page = Html.Text(await teacher.GetPageAsync(form.Headers.Location!.OriginalString));
            Assert.Contains("The class name holds a tab (U+0009) at character 7; remove it.", page, StringComparison.Ordinal);
        }

        Assert.Equal(classes, await app.QueryAsync(db => db.Classes.CountAsync()));
    }
}
