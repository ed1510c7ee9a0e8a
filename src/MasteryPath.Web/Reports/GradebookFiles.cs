using ClosedXML.Excel;

namespace MasteryPath.Web.Reports;

/// <summary>The gradebook as a teacher uses it: a CSV (one row per learner and skill or unit) and an Excel workbook (one row per learner).</summary>
public static class GradebookFiles
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetml.sheet";

    public static readonly string[] CsvHeader = ["Learner", "Learner id", "SIS id", "Email", "Username", "Unit", "Skill", "Score", "Out of", "Level", "Date earned", "Standard", "Standard CASE id"];

    /// <summary>
    /// One row per learner and unit (Skill empty: the unit's score, the mean of its skills) and per learner and skill;
    /// the Level column gives the word of each score, so the scale is in every row. A skill that stands for an official
    /// standard names it in the last two columns: its code and its CASE identifier.
    /// </summary>
    public static byte[] Csv(Gradebook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        var csv = new SpreadsheetCsv().Row(CsvHeader);
        var max = book.MaxScore.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var learner in book.Learners)
        {
            string?[] who = [learner.Name, learner.LearnerId, learner.SourcedId, learner.Email, learner.Username];
            foreach (var unit in book.Units)
            {
                csv.Row([.. who, unit.Title, "", Gradebook.Score(learner.UnitScore(unit)), max, "unit: mean of its skills", Gradebook.Date(learner.UnitEarned(unit)), "", ""]);
                foreach (var skill in unit.Skills)
                {
                    var cell = learner.Skills[skill.Id];
                    csv.Row([.. who, unit.Title, skill.Title, Gradebook.Score(cell.Score), max, cell.Label, Gradebook.Date(cell.Earned), StandardNames.Code(skill), StandardNames.CaseIdentifier(skill)]);
                }
            }
        }

        return csv.ToBytes();
    }

    /// <summary>
    /// Sheets "Scores" (a row per learner: who, then per unit its score followed by its skills' scores), "Dates earned"
    /// (the same layout with the dates) and "Scale" (what each score means). Column headers are unit and skill titles, a
    /// skill's with its standard's code; when skills stand for official standards, "Standards" lists them with their
    /// statements and CASE identifiers.
    /// </summary>
    public static byte[] Workbook(Gradebook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        using var workbook = new XLWorkbook();
        var scores = workbook.Worksheets.Add("Scores");
        var dates = workbook.Worksheets.Add("Dates earned");
        var who = new[] { "Learner", "Learner id", "SIS id", "Email", "Username" };
        foreach (var sheet in new[] { scores, dates })
        {
            sheet.Cell(1, 1).Value = $"{book.Class.Name} — {book.Course.Title}";
            sheet.Cell(1, 1).Style.Font.Bold = true;
            sheet.Cell(2, 1).Value = sheet == scores
                ? $"Scores 0–{book.MaxScore}: {string.Join(", ", book.Scale.Select(l => $"{l.Score} {l.Label}"))}; a unit's score is the mean of its skills. Generated {Gradebook.Date(book.GeneratedAt)} (UTC)."
                : $"The date (UTC) each skill was mastered; a unit's date is its last skill's, once all are mastered. Generated {Gradebook.Date(book.GeneratedAt)}.";
            for (var i = 0; i < who.Length; i++)
            {
                sheet.Cell(4, i + 1).Value = who[i];
            }
        }

        var column = who.Length + 1;
        var columns = new List<(int Column, GradebookUnit Unit, Domain.Courses.Skill? Skill)>();
        foreach (var unit in book.Units)
        {
            columns.Add((column++, unit, null));
            foreach (var skill in unit.Skills)
            {
                columns.Add((column++, unit, skill));
            }
        }

        foreach (var (col, unit, skill) in columns)
        {
            foreach (var sheet in new[] { scores, dates })
            {
                sheet.Cell(3, col).Value = skill is null ? "Unit" : unit.Title;
                sheet.Cell(4, col).Value = skill is null ? unit.Title : StandardNames.Heading(skill);
                if (skill is null)
                {
                    sheet.Column(col).Style.Font.Bold = true;
                }
            }
        }

        var row = 5;
        foreach (var learner in book.Learners)
        {
            string?[] values = [learner.Name, learner.LearnerId, learner.SourcedId, learner.Email, learner.Username];
            for (var i = 0; i < values.Length; i++)
            {
                // Text cells stay text: ClosedXML writes a string as a string, never as a formula.
                scores.Cell(row, i + 1).SetValue(values[i] ?? string.Empty);
                dates.Cell(row, i + 1).SetValue(values[i] ?? string.Empty);
            }

            foreach (var (col, unit, skill) in columns)
            {
                if (skill is null)
                {
                    scores.Cell(row, col).Value = learner.UnitScore(unit);
                    if (learner.UnitEarned(unit) is { } unitDate)
                    {
                        dates.Cell(row, col).Value = unitDate.UtcDateTime.Date;
                    }
                }
                else
                {
                    var cell = learner.Skills[skill.Id];
                    scores.Cell(row, col).Value = cell.Score;
                    if (cell.Earned is { } earned)
                    {
                        dates.Cell(row, col).Value = earned.UtcDateTime.Date;
                    }
                }
            }

            row++;
        }

        dates.Range(5, who.Length + 1, Math.Max(5, row - 1), Math.Max(who.Length + 1, column - 1)).Style.DateFormat.Format = "yyyy-mm-dd";
        foreach (var sheet in new[] { scores, dates })
        {
            sheet.Row(4).Style.Font.Bold = true;
            sheet.SheetView.FreezeRows(4);
            sheet.SheetView.FreezeColumns(1);
            sheet.Column(1).Width = 28;
            for (var c = 2; c < column; c++)
            {
                sheet.Column(c).Width = c <= who.Length ? 22 : 16;
            }
        }

        var scale = workbook.Worksheets.Add("Scale");
        scale.Cell(1, 1).Value = "Score";
        scale.Cell(1, 2).Value = "Level";
        scale.Cell(1, 3).Value = "Meaning";
        scale.Row(1).Style.Font.Bold = true;
        var line = 2;
        foreach (var level in book.Scale)
        {
            scale.Cell(line, 1).Value = level.Score;
            scale.Cell(line, 2).SetValue(level.Label);
            scale.Cell(line, 3).SetValue(level.Meaning);
            line++;
        }

        scale.Cell(line + 1, 1).SetValue("A unit's score is the mean of its skills' scores, to one decimal. The scale follows the class's bands, set on the class settings page.");
        scale.Column(2).Width = 18;
        scale.Column(3).Width = 70;

        AddStandards(workbook, book);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void AddStandards(XLWorkbook workbook, Gradebook book)
    {
        var aligned = book.Units.SelectMany(u => u.Skills.Select(s => (Unit: u, Skill: s))).Where(p => p.Skill.Standard is not null).ToList();
        if (aligned.Count == 0)
        {
            return;
        }

        var sheet = workbook.Worksheets.Add("Standards");
        string[] header = ["Unit", "Skill", "Standard", "Statement", "CASE identifier", "URI", "Framework"];
        for (var i = 0; i < header.Length; i++)
        {
            sheet.Cell(1, i + 1).Value = header[i];
        }

        sheet.Row(1).Style.Font.Bold = true;
        var row = 2;
        foreach (var (unit, skill) in aligned)
        {
            var standard = skill.Standard!;
            string[] values = [unit.Title, skill.Title, standard.Code, standard.Statement, standard.Identifier, standard.Uri ?? string.Empty, standard.Framework ?? string.Empty];
            for (var i = 0; i < values.Length; i++)
            {
                sheet.Cell(row, i + 1).SetValue(values[i]);
            }

            row++;
        }

        sheet.Column(2).Width = 30;
        sheet.Column(3).Width = 24;
        sheet.Column(4).Width = 70;
        sheet.Column(5).Width = 38;
    }
}
