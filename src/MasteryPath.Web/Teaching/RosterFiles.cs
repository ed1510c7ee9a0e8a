using System.Net.Mail;

namespace MasteryPath.Web.Teaching;

/// <summary>A bad row (or file) of a roster upload; <see cref="Line"/> is 1-based, 0 for the file as a whole.</summary>
public sealed record RosterProblem(string File, int Line, string Reason)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Reason}" : $"{File}: {Reason}";
}

/// <summary>A learner a roster names, with where: the file and line to blame when they cannot be added.</summary>
public sealed record RosterPerson(string Email, string Name, string? Password, string File, int Line);

/// <summary>The learners a roster names, or what is wrong with it; notes tell what was skipped on purpose.</summary>
public sealed record RosterPlan(IReadOnlyList<RosterPerson> People, IReadOnlyList<RosterProblem> Problems, IReadOnlyList<string> Notes);

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
    /// The OneRoster 1.2 CSV roster: students whose active enrollments point at the chosen class of classes.csv
    /// (<paramref name="classHint"/> is its sourcedId or title; without it, the only class, or the one titled like
    /// <paramref name="ourClassName"/>).
    /// </summary>
    public static RosterPlan ReadOneRoster(RosterFile? users, RosterFile? classes, RosterFile? enrollments, string? classHint, string ourClassName)
    {
        var problems = new List<RosterProblem>();
        var notes = new List<string>();
        foreach (var (file, name) in new[] { (users, UsersFile), (classes, ClassesFile), (enrollments, EnrollmentsFile) })
        {
            if (file is null)
            {
                problems.Add(new RosterProblem(name, 0, $"missing: upload {UsersFile}, {ClassesFile} and {EnrollmentsFile} (or a .zip holding them)"));
            }
        }

        if (problems.Count > 0)
        {
            return new RosterPlan([], problems, notes);
        }

        var userTable = RosterCsv.Read(users!, ["sourcedId", "givenName", "familyName", "email"], "sourcedId,status,enabledUser,givenName,familyName,email,…", problems);
        var classTable = RosterCsv.Read(classes!, ["sourcedId", "title"], "sourcedId,status,title,…", problems);
        var enrollmentTable = RosterCsv.Read(enrollments!, ["sourcedId", "classSourcedId", "userSourcedId", "role"], "sourcedId,status,classSourcedId,userSourcedId,role,…", problems);
        if (userTable is null || classTable is null || enrollmentTable is null)
        {
            return new RosterPlan([], problems, notes);
        }

        var userRows = Index(userTable, problems, row =>
        {
            CheckStatus(userTable, row, problems);
            var enabled = row.Get(userTable, "enabledUser").ToLowerInvariant();
            if (enabled is not ("" or "true" or "false"))
            {
                problems.Add(new RosterProblem(userTable.File, row.Line, $"enabledUser is '{Shorten(enabled)}'; use true or false"));
            }
        });
        var classRows = Index(classTable, problems, row =>
        {
            CheckStatus(classTable, row, problems);
            if (row.Get(classTable, "title").Length == 0)
            {
                problems.Add(new RosterProblem(classTable.File, row.Line, "the class has no title"));
            }
        });

        var students = new List<(RosterRow Enrollment, RosterRow User)>();
        var chosen = ChooseClass(classTable, classRows, classHint, ourClassName, problems);
        var pairs = new Dictionary<(string Class, string User), int>();
        var enrollmentIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var ignoredRoles = 0;
        foreach (var row in enrollmentTable.Rows)
        {
            var file = enrollmentTable.File;
            var sourcedId = row.Get(enrollmentTable, "sourcedId");
            var classId = row.Get(enrollmentTable, "classSourcedId");
            var userId = row.Get(enrollmentTable, "userSourcedId");
            var role = row.Get(enrollmentTable, "role").ToLowerInvariant();
            var missing = new[] { ("sourcedId", sourcedId), ("classSourcedId", classId), ("userSourcedId", userId), ("role", role) }.Where(f => f.Item2.Length == 0).Select(f => f.Item1).ToList();
            if (missing.Count > 0)
            {
                problems.Add(new RosterProblem(file, row.Line, $"missing {string.Join(", ", missing)}"));
                continue;
            }

            CheckStatus(enrollmentTable, row, problems);
            if (!enrollmentIds.TryAdd(sourcedId, row.Line))
            {
                problems.Add(new RosterProblem(file, row.Line, $"duplicate sourcedId '{Shorten(sourcedId)}' (also on line {enrollmentIds[sourcedId]})"));
                continue;
            }

            var known = true;
            if (!userRows.TryGetValue(userId, out var user))
            {
                problems.Add(new RosterProblem(file, row.Line, $"unknown user reference '{Shorten(userId)}': no such sourcedId in {UsersFile}"));
                known = false;
            }

            if (!classRows.ContainsKey(classId))
            {
                problems.Add(new RosterProblem(file, row.Line, $"unknown class reference '{Shorten(classId)}': no such sourcedId in {ClassesFile}"));
                known = false;
            }

            if (!known || IsDeleted(enrollmentTable, row))
            {
                continue;
            }

            if (!pairs.TryAdd((classId, userId), row.Line))
            {
                problems.Add(new RosterProblem(file, row.Line, $"duplicate: user '{Shorten(userId)}' is already enrolled in class '{Shorten(classId)}' on line {pairs[(classId, userId)]}"));
                continue;
            }

            if (classId != chosen)
            {
                continue;
            }

            if (role == "student")
            {
                students.Add((row, user!));
            }
            else
            {
                ignoredRoles++;
            }
        }

        if (ignoredRoles > 0)
        {
            notes.Add($"{ignoredRoles} enrollment(s) of teachers or other non-student roles were not imported.");
        }

        var people = new List<RosterPerson>();
        var emails = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (enrollment, user) in students)
        {
            var sourcedId = user.Get(userTable, "sourcedId");
            if (IsDeleted(userTable, user) || user.Get(userTable, "enabledUser").Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                notes.Add($"{UsersFile}:{user.Line}: '{sourcedId}' was skipped: the user is disabled or to be deleted.");
                continue;
            }

            var email = user.Get(userTable, "email");
            if (!CheckEmail(UsersFile, user.Line, email, $" for student '{Shorten(sourcedId)}' (enrolled on {EnrollmentsFile}:{enrollment.Line})", problems))
            {
                continue;
            }

            if (!emails.TryAdd(EmailKey(email), user.Line))
            {
                problems.Add(new RosterProblem(UsersFile, user.Line, $"duplicate: {email} is also the email of the student on line {emails[EmailKey(email)]}"));
                continue;
            }

            var given = FirstNonEmpty(user.Get(userTable, "preferredGivenName"), user.Get(userTable, "givenName"));
            var family = FirstNonEmpty(user.Get(userTable, "preferredFamilyName"), user.Get(userTable, "familyName"));
            var name = $"{given} {family}".Trim();
            if (name.Length > MaxNameLength)
            {
                problems.Add(new RosterProblem(UsersFile, user.Line, $"the name has more than {MaxNameLength} characters"));
                continue;
            }

            var password = user.Get(userTable, "password");
            people.Add(new RosterPerson(email, NameOr(name, email), password.Length == 0 ? null : password, UsersFile, user.Line));
        }

        if (chosen is not null && students.Count == 0 && problems.Count == 0)
        {
            problems.Add(new RosterProblem(EnrollmentsFile, 0, $"no active student enrollment points at the class '{Shorten(chosen)}'"));
        }

        return Limit(new RosterPlan(people, problems, notes));
    }

    private static RosterPlan Limit(RosterPlan plan) =>
        plan.People.Count <= MaxPeople
            ? plan
            : plan with { Problems = [.. plan.Problems, new RosterProblem(plan.People[MaxPeople].File, plan.People[MaxPeople].Line, $"more than {MaxPeople} learners in one upload; split the file")] };

    private static string? ChooseClass(RosterTable table, Dictionary<string, RosterRow> classes, string? hint, string ourClassName, List<RosterProblem> problems)
    {
        var active = classes.Where(c => !IsDeleted(table, c.Value)).ToList();
        string Describe(KeyValuePair<string, RosterRow> c) => $"'{c.Value.Get(table, "title")}' ({c.Key})";
        if (!string.IsNullOrWhiteSpace(hint))
        {
            hint = hint.Trim();
            if (ControlCharacters.Find(hint, isName: true) is { } found)
            {
                problems.Add(new RosterProblem(table.File, 0, $"the class to import holds {found}; remove it"));
                return null;
            }

            if (active.Any(c => c.Key == hint))
            {
                return hint;
            }

            var titled = active.Where(c => c.Value.Get(table, "title").Equals(hint, StringComparison.OrdinalIgnoreCase)).ToList();
            if (titled.Count == 1)
            {
                return titled[0].Key;
            }

            problems.Add(new RosterProblem(table.File, 0, titled.Count == 0
                ? $"no active class has the sourcedId or title '{Shorten(hint)}'"
                : $"{titled.Count} classes are titled '{Shorten(hint)}': give the sourcedId of one ({string.Join(", ", titled.Select(c => c.Key))})"));
            return null;
        }

        if (active.Count == 1)
        {
            return active[0].Key;
        }

        var same = active.Where(c => c.Value.Get(table, "title").Equals(ourClassName.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        if (same.Count == 1)
        {
            return same[0].Key;
        }

        problems.Add(new RosterProblem(table.File, 0, active.Count == 0
            ? "no active class"
            : $"{active.Count} classes ({string.Join(", ", active.Take(10).Select(Describe))}{(active.Count > 10 ? ", …" : "")}): name the one to import"));
        return null;
    }

    private static Dictionary<string, RosterRow> Index(RosterTable table, List<RosterProblem> problems, Action<RosterRow> check)
    {
        var rows = new Dictionary<string, RosterRow>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row.Get(table, "sourcedId");
            if (id.Length == 0)
            {
                problems.Add(new RosterProblem(table.File, row.Line, "missing sourcedId"));
                continue;
            }

            if (!rows.TryAdd(id, row))
            {
                problems.Add(new RosterProblem(table.File, row.Line, $"duplicate sourcedId '{Shorten(id)}' (also on line {rows[id].Line})"));
                continue;
            }

            check(row);
        }

        return rows;
    }

    private static void CheckStatus(RosterTable table, RosterRow row, List<RosterProblem> problems)
    {
        var status = row.Get(table, "status").ToLowerInvariant();
        if (status is not ("" or "active" or "tobedeleted"))
        {
            problems.Add(new RosterProblem(table.File, row.Line, $"status is '{Shorten(status)}'; use active or tobedeleted"));
        }
    }

    private static bool IsDeleted(RosterTable table, RosterRow row) => row.Get(table, "status").Equals("tobedeleted", StringComparison.OrdinalIgnoreCase);

    private static bool CheckEmail(string file, int line, string email, string whose, List<RosterProblem> problems)
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

    private static string NameOr(string name, string email) => name.Length > 0 ? name : email[..email.IndexOf('@', StringComparison.Ordinal)];

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;

    internal static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
