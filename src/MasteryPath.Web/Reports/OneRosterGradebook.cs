using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace MasteryPath.Web.Reports;

/// <summary>
/// The gradebook as a OneRoster 1.2 CSV bundle for the SIS: manifest.csv, categories.csv (skills, units), lineItems.csv
/// (one per skill and per unit of the course, scored 0 to the top of the class's scale) and results.csv (one per
/// learner and line item). The class and students are named by the sourcedIds the OneRoster import brought; the
/// roster files themselves (classes, users, academicSessions) are the SIS's own and are marked absent in the manifest.
/// A learner or class that did not come from OneRoster is named by its MasteryPath id. When skills stand for official
/// standards, lineItemLearningObjectiveIds.csv links each skill's line item to its CASE CFItem (source <c>case</c>).
/// </summary>
public static class OneRosterGradebook
{
    public static readonly string[] CategoryColumns = ["sourcedId", "status", "dateLastModified", "title", "weight"];
    public static readonly string[] LineItemColumns = ["sourcedId", "status", "dateLastModified", "title", "description", "assignDate", "dueDate", "classSourcedId", "categorySourcedId", "gradingPeriodSourcedId", "resultValueMin", "resultValueMax"];
    public static readonly string[] ResultColumns = ["sourcedId", "status", "dateLastModified", "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score", "scoreDate", "comment"];
    public static readonly string[] LineItemLearningObjectiveColumns = ["sourcedId", "status", "dateLastModified", "lineItemSourcedId", "source", "learningObjectiveId"];

    /// <summary>Every file of OneRoster 1.2 CSV, as manifest.csv lists them.</summary>
    public static readonly string[] ManifestFiles =
    [
        "academicSessions", "categories", "classes", "classResources", "courses", "courseResources", "demographics", "enrollments",
        "lineItemLearningObjectiveIds", "lineItems", "lineItemScoreScales", "orgs", "resources", "resultLearningObjectiveIds", "results",
        "resultScoreScales", "roles", "scoreScales", "userProfiles", "userResources", "users",
    ];

    private static readonly Guid Namespace = new("0c6f5d0e-8a4b-4b7e-9f3d-2a1e6c9b7d21");

    public static string ClassSourcedId(Gradebook book) => book?.Class.OneRosterSourcedId ?? $"masterypath-class-{book!.Class.Id}";

    public static string StudentSourcedId(GradebookLearner learner) => learner?.SourcedId ?? learner!.LearnerId;

    public static byte[] Zip(Gradebook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        var modified = Timestamp(book.GeneratedAt);
        var classId = ClassSourcedId(book);
        var skillsCategory = Id(book, "category:skills");
        var unitsCategory = Id(book, "category:units");
        var max = book.MaxScore.ToString(CultureInfo.InvariantCulture);
        var assigned = Day(book.Class.CreatedAt);
        var due = Day(book.GeneratedAt);

        var categories = new StringBuilder();
        Line(categories, CategoryColumns);
        Line(categories, [skillsCategory, "active", modified, "Skills (standards-based mastery)", ""]);
        Line(categories, [unitsCategory, "active", modified, "Units (mean of their skills)", ""]);

        var lineItems = new StringBuilder();
        var results = new StringBuilder();
        var objectives = new StringBuilder();
        var aligned = false;
        Line(lineItems, LineItemColumns);
        Line(results, ResultColumns);
        Line(objectives, LineItemLearningObjectiveColumns);
        foreach (var unit in book.Units)
        {
            var unitItem = Id(book, $"unit:{unit.Id ?? unit.Title}");
            Line(lineItems, [unitItem, "active", modified, $"{unit.Title} (unit)", $"Mean of the unit's {unit.Skills.Count} skill score(s) on the scale 0–{max}.", assigned, due, classId, unitsCategory, "", "0", max]);
            foreach (var learner in book.Learners)
            {
                var score = learner.UnitScore(unit);
                var earned = learner.UnitEarned(unit);
                Line(results, [Id(book, $"result:{unitItem}:{learner.LearnerId}"), "active", modified, unitItem, StudentSourcedId(learner), score > 0 ? "fully graded" : "not submitted", Number(score), Day(earned ?? book.GeneratedAt), earned is null ? "" : "unit mastered"]);
            }

            foreach (var skill in unit.Skills)
            {
                var skillItem = Id(book, $"skill:{skill.Id.Value}");
                Line(lineItems, [skillItem, "active", modified, skill.Title, skill.Objective, assigned, due, classId, skillsCategory, "", "0", max]);
                if (skill.Standard is { } standard)
                {
                    // The skill's official standard, as OneRoster 1.2 names one: a CASE CFItem identifier.
                    Line(objectives, [Id(book, $"objective:{skill.Id.Value}"), "active", modified, skillItem, StandardNames.OneRosterCaseSource, standard.Identifier]);
                    aligned = true;
                }

                foreach (var learner in book.Learners)
                {
                    var cell = learner.Skills[skill.Id];
                    Line(results, [Id(book, $"result:{skillItem}:{learner.LearnerId}"), "active", modified, skillItem, StudentSourcedId(learner), cell.Score > 0 ? "fully graded" : "not submitted", Number(cell.Score), Day(cell.Earned ?? book.GeneratedAt), cell.Label]);
                }
            }
        }

        var manifest = new StringBuilder();
        Line(manifest, ["propertyName", "value"]);
        Line(manifest, ["manifest.version", "1.0"]);
        Line(manifest, ["oneroster.version", "1.2"]);
        foreach (var file in ManifestFiles)
        {
            Line(manifest, [$"file.{file}", file is "categories" or "lineItems" or "results" || (file == "lineItemLearningObjectiveIds" && aligned) ? "bulk" : "absent"]);
        }

        Line(manifest, ["source.systemName", "MasteryPath"]);
        Line(manifest, ["source.systemCode", "masterypath"]);

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var files = new List<(string Name, StringBuilder Text)> { ("manifest.csv", manifest), ("categories.csv", categories), ("lineItems.csv", lineItems), ("results.csv", results) };
            if (aligned)
            {
                files.Add(("lineItemLearningObjectiveIds.csv", objectives));
            }

            foreach (var (name, text) in files)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = book.GeneratedAt;
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A stable sourcedId: the same class, course and item give the same id in every export, so the SIS updates rather than duplicates.</summary>
    private static string Id(Gradebook book, string what) => NameBasedGuid.Create(Namespace, $"{book.Class.Id}:{book.Course.Id}:{what}").ToString();

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);

    /// <summary>An RFC 4180 line (CRLF); the SIS reads data, not formulas, so no spreadsheet guard is added to ids.</summary>
    private static void Line(StringBuilder text, IEnumerable<string> fields) =>
        text.Append(string.Join(',', fields.Select(f => f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f))).Append("\r\n");
}
