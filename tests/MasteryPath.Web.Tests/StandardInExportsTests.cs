using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Reports;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Tests;

/// <summary>
/// The class exports name the official standard a skill stands for: its code in the headers and rows a teacher reads
/// (mastery grid, answer log, gradebook CSV and workbook) and its CASE identifier where the format has room (the CSV
/// columns, the workbook's Standards sheet, OneRoster's lineItemLearningObjectiveIds.csv). The standard is Common Core
/// 6.RP.A.2 as OpenSALT's CASE package gives it (tests/MasteryPath.Content.Tests/Data/case).
/// </summary>
public sealed class StandardInExportsTests
{
    private const string UnitRateGuid = "eceec0fb-e4de-4ef3-a48f-0987b366c9ae";
    private const string UnitRateCode = "CCSS.Math.Content.6.RP.A.2";

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly SkillStandard UnitRateStandard = new(
        UnitRateGuid,
        "http://opensalt-staging.opened.com/uri/" + UnitRateGuid,
        UnitRateCode,
        "Understand the concept of a unit rate a/b associated with a ratio a:b with b ≠ 0, and use rate language in the context of a ratio relationship.",
        "What Standards Could Be");

    private static readonly Course Course = new(
        "ratios",
        "Ratios",
        "Ratios and rates.",
        "1.0.0",
        new MasterySettings(),
        [new Unit("rates", "Rates")],
        [
            new Skill(SkillId.Parse("ratio-language"), "Describe ratios", "Describes a ratio relationship between two quantities in words.", "rates", [], "L", "C", "E"),
            new Skill(SkillId.Parse("unit-rates"), "Find unit rates", "Finds the unit rate of a ratio and says what it means.", "rates", [SkillId.Parse("ratio-language")], "L", "C", "E", UnitRateStandard),
        ],
        [],
        []);

    private static readonly SchoolClass Class = new() { Id = 7, Name = "Period 1", TeacherId = "teacher-1", JoinCode = "ABCD1234", CreatedAt = Now.AddDays(-30) };

    private static Gradebook Book()
    {
        var cells = new Dictionary<SkillId, GradebookCell>
        {
            [SkillId.Parse("ratio-language")] = new(4, "Mastered", Now.AddDays(-2)),
            [SkillId.Parse("unit-rates")] = new(2, "Developing", null),
        };
        return new Gradebook(Class, Course, Now, Gradebook.ScaleOf(ClassBands.Defaults), GradebookService.UnitsOf(Course), [new GradebookLearner("learner-1", "Ana Learner", "ana@example.com", null, null, cells)]);
    }

    private static List<string[]> ReadCsv(byte[] csv)
    {
        using var reader = CsvReader.Create(new StreamReader(new MemoryStream(csv)), new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        return rows;
    }

    [Fact]
    public void The_gradebook_csv_names_the_standard_and_its_case_identifier_on_the_skills_rows()
    {
        var rows = ReadCsv(GradebookFiles.Csv(Book()));

        Assert.Equal(["Standard", "Standard CASE id"], rows[0][^2..]);
        var unitRates = rows.Single(r => r[6] == "Find unit rates");
        Assert.Equal([UnitRateCode, UnitRateGuid], unitRates[^2..]);
        Assert.Equal(["", ""], rows.Single(r => r[6] == "Describe ratios")[^2..]);
        Assert.Equal(["", ""], rows.Single(r => r[5] == "Rates" && r[6] == "")[^2..]);
    }

    [Fact]
    public void The_workbook_heads_the_skill_with_its_code_and_lists_the_standard_with_its_statement_and_identifier()
    {
        using var workbook = new XLWorkbook(new MemoryStream(GradebookFiles.Workbook(Book())));

        var headers = workbook.Worksheet("Scores").Row(4).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Contains($"Find unit rates ({UnitRateCode})", headers);
        Assert.Contains("Describe ratios", headers);
        var standards = workbook.Worksheet("Standards");
        Assert.Equal(["Unit", "Skill", "Standard", "Statement", "CASE identifier", "URI", "Framework"], standards.Row(1).CellsUsed().Select(c => c.GetString()));
        Assert.Equal(
            ["Rates", "Find unit rates", UnitRateCode, UnitRateStandard.Statement, UnitRateGuid, UnitRateStandard.Uri!, "What Standards Could Be"],
            Enumerable.Range(1, 7).Select(c => standards.Cell(2, c).GetString()));
        Assert.True(standards.Cell(3, 1).IsEmpty());
    }

    [Fact]
    public void The_oneroster_bundle_links_the_skills_line_item_to_its_case_item()
    {
        using var zip = new ZipArchive(new MemoryStream(OneRosterGradebook.Zip(Book())));
        string Read(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        var lineItems = ReadCsv(Encoding.UTF8.GetBytes(Read("lineItems.csv")));
        var objectives = ReadCsv(Encoding.UTF8.GetBytes(Read("lineItemLearningObjectiveIds.csv")));
        var manifest = ReadCsv(Encoding.UTF8.GetBytes(Read("manifest.csv"))).ToDictionary(r => r[0], r => r[1]);

        Assert.Equal(OneRosterGradebook.LineItemLearningObjectiveColumns, objectives[0]);
        var link = Assert.Single(objectives.Skip(1));
        Assert.Equal(lineItems.Single(l => l[3] == "Find unit rates")[0], link[3]);
        Assert.Equal(["case", UnitRateGuid], link[4..]);
        Assert.True(Guid.TryParse(link[0], out _));
        Assert.Equal("bulk", manifest["file.lineItemLearningObjectiveIds"]);
    }

    [Fact]
    public void The_mastery_grid_and_the_named_answer_log_name_the_standard()
    {
        SkillStatus Status(string skill, SkillState state) => new(SkillId.Parse(skill), state, 0.5, 2, 0, null, 0);
        var row = new LearnerRow("learner-1", "Ana Learner", "ana@example.com", PlacementState.Done, 1, Now, new Dictionary<SkillId, SkillStatus>
        {
            [SkillId.Parse("ratio-language")] = Status("ratio-language", SkillState.Mastered),
            [SkillId.Parse("unit-rates")] = Status("unit-rates", SkillState.InProgress),
        });
        var dashboard = new ClassDashboard(Class, MasteryPolicy.From(Course.Mastery), Course, [row], [], [], []);

        var grid = ReadCsv(ReportService.MasteryCsv(dashboard, MasteryCsvValue.State));

        Assert.Equal(["Learner", "Learner id", "Email or username", "Describe ratios", $"Find unit rates ({UnitRateCode})"], grid[0]);

        var learner = new AppUser { Id = "learner-1", DisplayName = "Ana Learner", Email = "ana@example.com", UserName = "ana@example.com" };
        AnswerEventRecord Answer(string skill, bool correct, int minutes) => new() { EventId = Guid.NewGuid().ToString(), UserId = learner.Id, CourseId = Course.Id, SkillId = skill, Correct = correct, Kind = EvidenceKind.Practice, At = Now.AddMinutes(minutes) };
        var events = new[] { Answer("ratio-language", true, 1), Answer("unit-rates", false, 2) }.ToLookup(e => e.UserId);
        var log = new ClassLog(Class, Course, MasteryPolicy.From(Course.Mastery), LearnerModel.ColdStart, [learner], events);

        var answers = ReadCsv(ReportService.NamedAnswersCsv(log));

        Assert.Equal(["Standard", "Standard CASE id"], answers[0][^2..]);
        Assert.Equal(["Find unit rates", "unit-rates", "no", "Practice"], answers.Single(r => r[4] == "unit-rates")[3..7]);
        Assert.Equal([UnitRateCode, UnitRateGuid], answers.Single(r => r[4] == "unit-rates")[^2..]);
        Assert.Equal(["", ""], answers.Single(r => r[4] == "ratio-language")[^2..]);
    }
}
