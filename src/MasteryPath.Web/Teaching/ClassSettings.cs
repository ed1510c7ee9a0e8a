using System.Globalization;
using MasteryPath.Data;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// What a teacher sets on a class: its name, courses, mastery bar (null keeps each course's own), display
/// bands and the thresholds of the dashboard's alarms. The bar and the alarms are applied by replaying each
/// learner's evidence (<see cref="ClassPolicy"/>), so a change re-decides old answers.
/// </summary>
public sealed record ClassSettings(
    string Name,
    IReadOnlyList<string> Courses,
    double? MasteryProbability,
    double? CheckPassRatio,
    IReadOnlyList<Band> Bands,
    int? StuckAfterWrongInARow = null,
    int? ReteachMinLearners = null)
{
    public const int DefaultStuckAfterWrongInARow = 4;
    public const int MinStuckAfterWrongInARow = 2;
    public const int MaxStuckAfterWrongInARow = 10;
    public const int DefaultReteachMinLearners = 2;
    public const int MinReteachMinLearners = 2;
    public const int MaxReteachMinLearners = 10;

    public const double MinProbability = 0.5;
    public const double MaxProbability = 0.99;
    public const double MinPassRatio = 0.5;
    public const double MaxPassRatio = 1.0;
    public const int MaxNameLength = 200;

    public static ClassSettings Of(SchoolClass schoolClass) => new(
        schoolClass.Name,
        schoolClass.Courses.Select(c => c.CourseId).Order(StringComparer.Ordinal).ToList(),
        schoolClass.MasteryProbability,
        schoolClass.CheckPassRatio,
        ClassBands.Parse(schoolClass.BandsJson),
        schoolClass.StuckAfterWrongInARow,
        schoolClass.ReteachMinLearners);

    /// <summary>The settings trimmed and with duplicates dropped, or a <see cref="LearningException.Invalid"/> listing every problem.</summary>
    public ClassSettings Validated(CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<string>();
        var name = (Name ?? string.Empty).Trim();
        if (name.Length == 0)
        {
            problems.Add("The class needs a name.");
        }
        else if (name.Length > MaxNameLength)
        {
            problems.Add($"A class name has at most {MaxNameLength} characters.");
        }
        else if (ControlCharacters.Find(name, isName: true) is { } found)
        {
            problems.Add($"The class name holds {found}; remove it.");
        }

        var courses = (Courses ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (courses.Count == 0)
        {
            problems.Add("Choose at least one course.");
        }

        problems.AddRange(courses.Where(c => catalog.Find(c) is null).Select(c => $"There is no course '{c}'."));
        if (MasteryProbability is { } p && !(p >= MinProbability && p <= MaxProbability))
        {
            problems.Add($"The mastery probability is between {MinProbability:0.00} and {MaxProbability:0.00} (or blank for the course's).");
        }

        if (CheckPassRatio is { } r && !(r >= MinPassRatio && r <= MaxPassRatio))
        {
            problems.Add($"The mastery-check pass ratio is between {MinPassRatio:0.00} and {MaxPassRatio:0.00} (or blank for the course's).");
        }

        if (StuckAfterWrongInARow is { } stuck && stuck is < MinStuckAfterWrongInARow or > MaxStuckAfterWrongInARow)
        {
            problems.Add($"'Needs help after' is between {MinStuckAfterWrongInARow} and {MaxStuckAfterWrongInARow} wrong answers in a row (or blank for {DefaultStuckAfterWrongInARow}).");
        }

        if (ReteachMinLearners is { } group && group is < MinReteachMinLearners or > MaxReteachMinLearners)
        {
            problems.Add($"A re-teach group needs between {MinReteachMinLearners} and {MaxReteachMinLearners} learners (or blank for {DefaultReteachMinLearners}).");
        }

        var bands = (Bands ?? []).Select(b => b with { Label = (b.Label ?? string.Empty).Trim() }).ToList();
        problems.AddRange(ClassBands.Validate(bands));
        if (problems.Count > 0)
        {
            throw LearningException.Invalid(string.Join(" ", problems));
        }

        return new ClassSettings(name, courses, MasteryProbability, CheckPassRatio, bands.Count == 0 ? ClassBands.Defaults : bands, StuckAfterWrongInARow, ReteachMinLearners);
    }

    /// <summary>A whole number typed in a form: blank is null.</summary>
    public static int? ParseWhole(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw LearningException.Invalid($"{what} '{text.Trim()}' is not a whole number.");
    }

    /// <summary>A number typed in a form: blank is null; a comma is read as the decimal point.</summary>
    public static double? ParseNumber(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw LearningException.Invalid($"{what} '{text.Trim()}' is not a number.");
    }

    /// <summary>What changed, for the audit log.</summary>
    public string Describe(ClassSettings before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changes = new List<string>();
        if (before.Name != Name)
        {
            changes.Add($"name '{before.Name}' → '{Name}'");
        }

        var added = Courses.Except(before.Courses).ToList();
        var removed = before.Courses.Except(Courses).ToList();
        if (added.Count > 0 || removed.Count > 0)
        {
            changes.Add($"courses {string.Join(" ", added.Select(c => "+" + c).Concat(removed.Select(c => "-" + c)))}");
        }

        if (before.MasteryProbability != MasteryProbability)
        {
            changes.Add($"mastery probability {Show(before.MasteryProbability)} → {Show(MasteryProbability)}");
        }

        if (before.CheckPassRatio != CheckPassRatio)
        {
            changes.Add($"check pass ratio {Show(before.CheckPassRatio)} → {Show(CheckPassRatio)}");
        }

        if (before.StuckAfterWrongInARow != StuckAfterWrongInARow)
        {
            changes.Add($"needs help after {Show(before.StuckAfterWrongInARow)} → {Show(StuckAfterWrongInARow)} wrong in a row");
        }

        if (before.ReteachMinLearners != ReteachMinLearners)
        {
            changes.Add($"re-teach group of {Show(before.ReteachMinLearners)} → {Show(ReteachMinLearners)}");
        }

        if (!before.Bands.SequenceEqual(Bands))
        {
            changes.Add($"bands {string.Join(", ", Bands.Select(b => $"{b.Label} {ClassBands.Format(b.Min)}"))}");
        }

        return changes.Count == 0 ? "no change" : string.Join("; ", changes);
    }

    /// <summary>True when the change can move a learner's state: the bar or the set of courses.</summary>
    public bool ChangesStates(ClassSettings before) =>
        before.MasteryProbability != MasteryProbability || before.CheckPassRatio != CheckPassRatio || before.StuckAfterWrongInARow != StuckAfterWrongInARow
        || !before.Courses.SequenceEqual(Courses) || !before.Bands.SequenceEqual(Bands);

    private static string Show(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "course default";

    private static string Show(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "default";
}
