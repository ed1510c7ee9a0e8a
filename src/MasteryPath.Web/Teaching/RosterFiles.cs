using System.Net.Mail;

namespace MasteryPath.Web.Teaching;

/// <summary>A bad row (or file) of a roster upload; <see cref="Line"/> is 1-based, 0 for the file as a whole.</summary>
public sealed record RosterProblem(string File, int Line, string Reason)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Reason}" : $"{File}: {Reason}";
}

/// <summary>
/// A learner a roster names, with where: the file and line to blame when they cannot be added. <c>Email</c> is empty
/// for a OneRoster user who has none: they sign in with <see cref="Username"/>.
/// </summary>
public sealed record RosterPerson(string Email, string Name, string? Password, string File, int Line)
{
    public string? Username { get; init; }

    /// <summary>The OneRoster sourcedId of the user, when the roster came from OneRoster.</summary>
    public string? SourcedId { get; init; }

    /// <summary>What the learner signs in with: the email, or the username when there is none.</summary>
    public string Login => Email.Length > 0 ? Email : Username ?? string.Empty;
}

/// <summary>A OneRoster user (by sourcedId) whose enrollment in the class a delta file deletes.</summary>
public sealed record RosterRemoval(string SourcedId, string File, int Line);

/// <summary>A OneRoster user a delta file enrolls without listing them: they must have come in an earlier import.</summary>
public sealed record RosterReference(string SourcedId, string File, int Line);

/// <summary>A class of classes.csv the teacher may map to this class.</summary>
public sealed record OneRosterClassChoice(string SourcedId, string Title, int Students);

/// <summary>The learners a roster names, or what is wrong with it; notes tell what was skipped on purpose.</summary>
public sealed record RosterPlan(IReadOnlyList<RosterPerson> People, IReadOnlyList<RosterProblem> Problems, IReadOnlyList<string> Notes)
{
    public IReadOnlyList<RosterRemoval> Removals { get; init; } = [];

    public IReadOnlyList<RosterReference> References { get; init; } = [];

    /// <summary>The classes of classes.csv to choose from, when the file holds several and none was chosen.</summary>
    public IReadOnlyList<OneRosterClassChoice> ClassChoices { get; init; } = [];

    /// <summary>The sourcedId of the OneRoster class imported, remembered for the next import.</summary>
    public string? OneRosterClass { get; init; }
}

/// <summary>An uploaded file: its name as reported in problems, and its bytes.</summary>
public sealed record RosterFile(string Name, byte[] Content);

/// <summary>
/// Reads roster uploads without touching the database: a simple CSV (<c>email,name[,password]</c>) or the
/// OneRoster 1.2 CSV files users.csv, classes.csv and enrollments.csv (separately or in a .zip). Every row is
/// checked and every problem reported with its file and line, so that a teacher can fix the file in one go.
/// </summary>
public static class RosterFiles
{
    public const long MaxFileBytes = 2 * 1024 * 1024;
    public const int MaxPeople = 2000;
    public const int MaxNameLength = 200;
    public const string UsersFile = "users.csv";
    public const string ClassesFile = "classes.csv";
    public const string EnrollmentsFile = "enrollments.csv";

    public static string SizeLimitText => $"{MaxFileBytes / (1024 * 1024)} MB";

    /// <summary>A plain email address (no display name), as learners sign in with it.</summary>
    public static bool IsEmail(string text) =>
        text.Length is > 2 and <= 254
        && !text.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.')
        && !address.Host.EndsWith('.');

    public static string EmailKey(string email) => email.Trim().ToUpperInvariant();

    /// <summary>A problem when a file is larger than the limit, else null.</summary>
    public static RosterProblem? CheckSize(string name, long length) =>
        length > MaxFileBytes ? new RosterProblem(name, 0, $"the file is {length / (1024.0 * 1024):0.0} MB; the limit is {SizeLimitText}") : null;

    /// <summary>The simple roster: a header with <c>email</c> and <c>name</c> (and optionally <c>password</c>), one learner a row.</summary>
    public static RosterPlan ReadSimple(RosterFile file)
    {
        var problems = new List<RosterProblem>();
        var people = new List<RosterPerson>();
        var table = RosterCsv.Read(file, ["email", "name"], "email,name[,password]", problems);
        if (table is null)
        {
            return new RosterPlan([], problems, []);
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var email = row.Get(table, "email");
            var name = row.Get(table, "name");
            var password = row.Get(table, "password");
            if (!CheckEmail(file.Name, row.Line, email, "", problems))
            {
                continue;
            }

            if (!seen.TryAdd(EmailKey(email), row.Line))
            {
                problems.Add(new RosterProblem(file.Name, row.Line, $"duplicate: {email} is also on line {seen[EmailKey(email)]}"));
                continue;
            }

            if (name.Length > MaxNameLength)
            {
                problems.Add(new RosterProblem(file.Name, row.Line, $"the name has more than {MaxNameLength} characters"));
                continue;
            }

            people.Add(new RosterPerson(email, NameOr(name, email), password.Length == 0 ? null : password, file.Name, row.Line));
        }

        if (people.Count == 0 && problems.Count == 0)
        {
            problems.Add(new RosterProblem(file.Name, 0, "the file has a header but no learners"));
        }

        return Limit(new RosterPlan(people, problems, []));
    }

    /// <summary>
    /// The OneRoster 1.2 CSV roster from its three main files (see <see cref="OneRosterReader"/> for whole bundles with a manifest).
    /// </summary>
    public static RosterPlan ReadOneRoster(RosterFile? users, RosterFile? classes, RosterFile? enrollments, string? classHint, string ourClassName) =>
        OneRosterReader.Read(new OneRosterBundle([.. new[] { users, classes, enrollments }.OfType<RosterFile>()]), classHint, linkedClass: null, ourClassName, requireAll: true);

    internal static RosterPlan Limit(RosterPlan plan) =>
        plan.People.Count <= MaxPeople
            ? plan
            : plan with { Problems = [.. plan.Problems, new RosterProblem(plan.People[MaxPeople].File, plan.People[MaxPeople].Line, $"more than {MaxPeople} learners in one upload; split the file")] };

    internal static bool CheckEmail(string file, int line, string email, string whose, List<RosterProblem> problems)
    {
        if (email.Length == 0)
        {
            problems.Add(new RosterProblem(file, line, $"missing email{whose}"));
            return false;
        }

        if (!IsEmail(email))
        {
            problems.Add(new RosterProblem(file, line, $"bad email '{Shorten(email)}'{whose}"));
            return false;
        }

        return true;
    }

    internal static string NameOr(string name, string email) => name.Length > 0 ? name : email[..email.IndexOf('@', StringComparison.Ordinal)];

    internal static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;

    internal static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
