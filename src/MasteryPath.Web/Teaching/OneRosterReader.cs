using System.Globalization;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// Reads a OneRoster 1.1 or 1.2 CSV bundle (1EdTech OneRoster CSV binding) into the learners of one class, without
/// touching the database. manifest.csv gives the version and, per file, bulk, delta or absent. A bulk export names
/// every student of the class; a delta adds and updates them, and a row with status <c>tobedeleted</c> removes the
/// enrollment. Students without an email sign in with their username. What is not used (files and columns) is listed
/// in the notes, so the teacher sees what MasteryPath left out.
/// </summary>
public static class OneRosterReader
{
    private static readonly string[] UsedUserColumns = ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "givenName", "familyName", "preferredGivenName", "preferredFamilyName", "email", "password"];
    private static readonly string[] UsedClassColumns = ["sourcedId", "status", "dateLastModified", "title"];
    private static readonly string[] UsedEnrollmentColumns = ["sourcedId", "status", "dateLastModified", "classSourcedId", "userSourcedId", "role"];
    private static readonly string[] EnrollmentRoles = ["administrator", "proctor", "student", "teacher"];
    private static readonly string[] Modes = ["bulk", "delta", "absent"];

    /// <summary>
    /// The students of the chosen class: <paramref name="classHint"/> (sourcedId or title), else the class this class
    /// was linked to by an earlier import (<paramref name="linkedClass"/>), else the only class, else the one titled
    /// like <paramref name="ourClassName"/>; otherwise the plan lists the classes to choose from.
    /// </summary>
    public static RosterPlan Read(OneRosterBundle bundle, string? classHint, string? linkedClass, string ourClassName, bool requireAll = false)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var problems = new List<RosterProblem>();
        var notes = new List<string>();
        var manifest = ReadManifest(bundle, problems, notes);
        var delta = manifest.Modes.GetValueOrDefault(RosterFiles.EnrollmentsFile) == "delta";
        var users = bundle.Get(RosterFiles.UsersFile);
        var classes = bundle.Get(RosterFiles.ClassesFile);
        var enrollments = bundle.Get(RosterFiles.EnrollmentsFile);
        (RosterFile? File, string Name)[] needed = delta && !requireAll
            ? [(enrollments, RosterFiles.EnrollmentsFile)]
            : [(users, RosterFiles.UsersFile), (classes, RosterFiles.ClassesFile), (enrollments, RosterFiles.EnrollmentsFile)];
        foreach (var (file, name) in needed)
        {
            if (file is null)
            {
                problems.Add(new RosterProblem(name, 0, $"missing: upload {RosterFiles.UsersFile}, {RosterFiles.ClassesFile} and {RosterFiles.EnrollmentsFile} (or the .zip the SIS exported)"));
            }
        }

        NoteIgnoredFiles(bundle, notes);
        if (problems.Count > 0)
        {
            return new RosterPlan([], problems, notes);
        }

        var userTable = users is null ? null : RosterCsv.Read(users, ["sourcedId", "givenName", "familyName"], "sourcedId,status,dateLastModified,enabledUser,…,username,…,givenName,familyName,…,email,…", problems);
        var classTable = classes is null ? null : RosterCsv.Read(classes, ["sourcedId", "title"], "sourcedId,status,dateLastModified,title,…", problems);
        var enrollmentTable = RosterCsv.Read(enrollments!, ["sourcedId", "classSourcedId", "userSourcedId", "role"], "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,…", problems);
        if ((users is not null && userTable is null) || (classes is not null && classTable is null) || enrollmentTable is null)
        {
            return new RosterPlan([], problems, notes);
        }

        if (userTable is not null && !userTable.Columns.ContainsKey("email") && !userTable.Columns.ContainsKey("username"))
        {
            problems.Add(new RosterProblem(userTable.File, 1, "wrong header: neither an 'email' nor a 'username' column; learners need one of them to sign in"));
            return new RosterPlan([], problems, notes);
        }

        NoteIgnoredColumns(userTable, UsedUserColumns, "role: the role of each enrollment decides who is a student", notes);
        NoteIgnoredColumns(classTable, UsedClassColumns, null, notes);
        NoteIgnoredColumns(enrollmentTable, UsedEnrollmentColumns, null, notes);

        var fileDelta = (string file) => manifest.Modes.GetValueOrDefault(file) == "delta";
        var userRows = userTable is null ? [] : Index(userTable, fileDelta(RosterFiles.UsersFile), problems, row =>
        {
            var enabled = row.Get(userTable, "enabledUser").ToLowerInvariant();
            if (enabled is not ("" or "true" or "false"))
            {
                problems.Add(new RosterProblem(userTable.File, row.Line, $"enabledUser is '{RosterFiles.Shorten(enabled)}'; use true or false"));
            }
        });
        var classRows = classTable is null ? [] : Index(classTable, fileDelta(RosterFiles.ClassesFile), problems, row =>
        {
            if (row.Get(classTable, "title").Length == 0)
            {
                problems.Add(new RosterProblem(classTable.File, row.Line, "the class has no title"));
            }
        });

        var chosen = ChooseClass(classTable, classRows, enrollmentTable, classHint, linkedClass, ourClassName, problems, out var choices);
        if (chosen is null)
        {
            return new RosterPlan([], problems, notes) { ClassChoices = choices };
        }

        var students = new List<(RosterRow Enrollment, RosterRow User)>();
        var removals = new List<RosterRemoval>();
        var references = new List<RosterReference>();
        var pairs = new Dictionary<(string Class, string User), int>();
        var enrollmentIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var otherRoles = new Dictionary<string, int>(StringComparer.Ordinal);
        var otherClasses = 0;
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

            CheckStatusAndDate(enrollmentTable, row, delta, problems);
            if (!EnrollmentRoles.Contains(role, StringComparer.Ordinal))
            {
                problems.Add(new RosterProblem(file, row.Line, $"role is '{RosterFiles.Shorten(role)}'; an enrollment's role is one of {string.Join(", ", EnrollmentRoles)}"));
                continue;
            }

            if (!enrollmentIds.TryAdd(sourcedId, row.Line))
            {
                problems.Add(new RosterProblem(file, row.Line, $"duplicate sourcedId '{RosterFiles.Shorten(sourcedId)}' (also on line {enrollmentIds[sourcedId]})"));
                continue;
            }

            var user = userRows.GetValueOrDefault(userId);
            var known = true;
            if (user is null && !(delta && classId == chosen))
            {
                problems.Add(new RosterProblem(file, row.Line, $"unknown user reference '{RosterFiles.Shorten(userId)}': no such sourcedId in {RosterFiles.UsersFile}"));
                known = false;
            }

            if (!classRows.ContainsKey(classId) && !(delta && classId == chosen))
            {
                problems.Add(new RosterProblem(file, row.Line, $"unknown class reference '{RosterFiles.Shorten(classId)}': no such sourcedId in {RosterFiles.ClassesFile}"));
                known = false;
            }

            if (!known)
            {
                continue;
            }

            if (classId != chosen)
            {
                otherClasses++;
                continue;
            }

            if (role != "student")
            {
                otherRoles[role] = otherRoles.GetValueOrDefault(role) + 1;
                continue;
            }

            if (IsDeleted(enrollmentTable, row) || (user is not null && userTable is not null && IsDeleted(userTable, user)))
            {
                if (delta)
                {
                    removals.Add(new RosterRemoval(userId, file, row.Line));
                }

                continue;
            }

            if (!pairs.TryAdd((classId, userId), row.Line))
            {
                problems.Add(new RosterProblem(file, row.Line, $"duplicate: user '{RosterFiles.Shorten(userId)}' is already enrolled in class '{RosterFiles.Shorten(classId)}' on line {pairs[(classId, userId)]}"));
                continue;
            }

            if (user is null)
            {
                references.Add(new RosterReference(userId, file, row.Line));
            }
            else
            {
                students.Add((row, user));
            }
        }

        if (otherRoles.Count > 0)
        {
            notes.Add($"Not imported: {string.Join(", ", otherRoles.Select(r => $"{r.Value} {r.Key} enrollment(s)"))} of the class; only students are invited.");
        }

        if (otherClasses > 0)
        {
            notes.Add($"{otherClasses} enrollment(s) of other classes in {RosterFiles.EnrollmentsFile} were not used.");
        }

        var people = userTable is null ? [] : People(userTable, students, problems, notes);
        if (!delta && students.Count == 0 && problems.Count == 0)
        {
            problems.Add(new RosterProblem(RosterFiles.EnrollmentsFile, 0, $"no active student enrollment points at the class '{RosterFiles.Shorten(chosen)}'"));
        }

        notes.Insert(0, $"Read as OneRoster {manifest.Version} CSV, {(delta ? "delta: only the changes since the last export" : "bulk: the whole class")}; class '{RosterFiles.Shorten(chosen)}'{(classRows.TryGetValue(chosen, out var chosenRow) ? $" ({RosterFiles.Shorten(chosenRow.Get(classTable!, "title"))})" : "")}.");
        return RosterFiles.Limit(new RosterPlan(people, problems, notes) { Removals = removals, References = references, OneRosterClass = chosen });
    }

    private static List<RosterPerson> People(RosterTable userTable, List<(RosterRow Enrollment, RosterRow User)> students, List<RosterProblem> problems, List<string> notes)
    {
        var people = new List<RosterPerson>();
        var logins = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (enrollment, user) in students)
        {
            var sourcedId = user.Get(userTable, "sourcedId");
            if (user.Get(userTable, "enabledUser").Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                notes.Add($"{RosterFiles.UsersFile}:{user.Line}: '{sourcedId}' was skipped: the user is disabled (enabledUser false).");
                continue;
            }

            var whose = $" for student '{RosterFiles.Shorten(sourcedId)}' (enrolled on {RosterFiles.EnrollmentsFile}:{enrollment.Line})";
            var email = user.Get(userTable, "email");
            var username = user.Get(userTable, "username");
            if (email.Length == 0 && username.Length == 0)
            {
                problems.Add(new RosterProblem(RosterFiles.UsersFile, user.Line, $"neither email nor username{whose}: a learner signs in with one of them"));
                continue;
            }

            if (email.Length > 0 && !RosterFiles.CheckEmail(RosterFiles.UsersFile, user.Line, email, whose, problems))
            {
                continue;
            }

            if (email.Length == 0 && username.Length > 256)
            {
                problems.Add(new RosterProblem(RosterFiles.UsersFile, user.Line, $"the username has more than 256 characters{whose}"));
                continue;
            }

            var login = RosterFiles.EmailKey(email.Length > 0 ? email : username);
            if (!logins.TryAdd(login, user.Line))
            {
                problems.Add(new RosterProblem(RosterFiles.UsersFile, user.Line, $"duplicate: {(email.Length > 0 ? email : username)} is also the {(email.Length > 0 ? "email" : "username")} of the student on line {logins[login]}"));
                continue;
            }

            var given = RosterFiles.FirstNonEmpty(user.Get(userTable, "preferredGivenName"), user.Get(userTable, "givenName"));
            var family = RosterFiles.FirstNonEmpty(user.Get(userTable, "preferredFamilyName"), user.Get(userTable, "familyName"));
            var name = $"{given} {family}".Trim();
            if (name.Length > RosterFiles.MaxNameLength)
            {
                problems.Add(new RosterProblem(RosterFiles.UsersFile, user.Line, $"the name has more than {RosterFiles.MaxNameLength} characters"));
                continue;
            }

            var password = user.Get(userTable, "password");
            var shownName = name.Length > 0 ? name : email.Length > 0 ? RosterFiles.NameOr("", email) : username;
            people.Add(new RosterPerson(email, shownName, password.Length == 0 ? null : password, RosterFiles.UsersFile, user.Line) { Username = email.Length == 0 ? username : null, SourcedId = sourcedId });
        }

        return people;
    }

    private sealed record Manifest(string Version, Dictionary<string, string> Modes);

    /// <summary>manifest.csv: <c>propertyName,value</c> with oneroster.version and file.&lt;name&gt; = bulk | delta | absent, each checked against the files present.</summary>
    private static Manifest ReadManifest(OneRosterBundle bundle, List<RosterProblem> problems, List<string> notes)
    {
        var modes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var file = bundle.Get(OneRosterBundle.ManifestFile);
        if (file is null)
        {
            var users = bundle.Get(RosterFiles.UsersFile);
            var guessed = users is not null && RosterCsv.Decode(users, []) is { } text && text.Split('\n', 2)[0].Split(',').Any(h => h.Trim().Trim('"').Equals("role", StringComparison.OrdinalIgnoreCase)) ? "1.1" : "1.2";
            notes.Add($"No {OneRosterBundle.ManifestFile}: the files were read as a bulk export of OneRoster {guessed} (a SIS export has a manifest; add it to import a delta).");
            return new Manifest(guessed, modes);
        }

        var table = RosterCsv.Read(file, ["propertyName", "value"], "propertyName,value", problems);
        if (table is null)
        {
            return new Manifest("1.2", modes);
        }

        var version = "";
        foreach (var row in table.Rows)
        {
            var property = row.Get(table, "propertyName");
            var value = row.Get(table, "value");
            if (property.Equals("oneroster.version", StringComparison.OrdinalIgnoreCase))
            {
                version = value;
                if (value is not ("1.1" or "1.2"))
                {
                    problems.Add(new RosterProblem(file.Name, row.Line, $"oneroster.version is '{RosterFiles.Shorten(value)}'; MasteryPath reads 1.1 and 1.2"));
                }
            }
            else if (property.StartsWith("file.", StringComparison.OrdinalIgnoreCase))
            {
                var name = OneRosterBundle.Canonical(property["file.".Length..] + ".csv");
                var mode = value.ToLowerInvariant();
                if (!Modes.Contains(mode))
                {
                    problems.Add(new RosterProblem(file.Name, row.Line, $"{property} is '{RosterFiles.Shorten(value)}'; use bulk, delta or absent"));
                    continue;
                }

                modes[name] = mode;
                var present = bundle.Get(name) is not null;
                if (mode == "absent" && present)
                {
                    problems.Add(new RosterProblem(file.Name, row.Line, $"{property} is 'absent' but {name} was uploaded"));
                }
                else if (mode != "absent" && !present && name is RosterFiles.UsersFile or RosterFiles.ClassesFile or RosterFiles.EnrollmentsFile)
                {
                    problems.Add(new RosterProblem(file.Name, row.Line, $"{property} is '{mode}' but {name} is missing; upload the whole export"));
                }
            }
        }

        if (version.Length == 0)
        {
            problems.Add(new RosterProblem(file.Name, 0, "no oneroster.version property (1.1 or 1.2)"));
        }

        return new Manifest(version.Length == 0 ? "1.2" : version, modes);
    }

    private static void NoteIgnoredFiles(OneRosterBundle bundle, List<string> notes)
    {
        var used = new[] { OneRosterBundle.ManifestFile, RosterFiles.UsersFile, RosterFiles.ClassesFile, RosterFiles.EnrollmentsFile };
        var ignored = bundle.Files.Where(f => !used.Contains(f.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        var known = ignored.Where(f => OneRosterBundle.KnownFiles.Contains(f.Name, StringComparer.Ordinal)).Select(f => f.Name).ToList();
        var unknown = ignored.Where(f => !OneRosterBundle.KnownFiles.Contains(f.Name, StringComparer.Ordinal)).Select(f => f.Name).ToList();
        if (known.Count > 0)
        {
            notes.Add($"Files not used (MasteryPath keeps no schools, terms, courses, demographics, roles or profiles from the SIS): {string.Join(", ", known)}.");
        }

        if (unknown.Count > 0)
        {
            notes.Add($"Not OneRoster files, ignored: {string.Join(", ", unknown.Select(RosterFiles.Shorten))}.");
        }
    }

    private static void NoteIgnoredColumns(RosterTable? table, string[] used, string? why, List<string> notes)
    {
        if (table is null)
        {
            return;
        }

        var ignored = table.Columns.OrderBy(c => c.Value).Select(c => c.Key).Where(c => !used.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (ignored.Count > 0)
        {
            notes.Add($"{table.File}: columns not used: {string.Join(", ", ignored.Select(RosterFiles.Shorten))}{(why is not null && ignored.Contains("role", StringComparer.OrdinalIgnoreCase) ? $" ({why})" : "")}.");
        }
    }

    private static string? ChooseClass(RosterTable? table, Dictionary<string, RosterRow> classes, RosterTable enrollments, string? hint, string? linked, string ourClassName, List<RosterProblem> problems, out List<OneRosterClassChoice> choices)
    {
        choices = [];
        var file = table?.File ?? RosterFiles.ClassesFile;
        var active = table is null ? [] : classes.Where(c => !IsDeleted(table, c.Value)).ToList();
        if (!string.IsNullOrWhiteSpace(hint))
        {
            hint = hint.Trim();
            if (ControlCharacters.Find(hint, isName: true) is { } found)
            {
                problems.Add(new RosterProblem(file, 0, $"the class to import holds {found}; remove it"));
                return null;
            }

            if (active.Any(c => c.Key == hint) || (table is null && hint == linked))
            {
                return hint;
            }

            var titled = table is null ? [] : active.Where(c => c.Value.Get(table, "title").Equals(hint, StringComparison.OrdinalIgnoreCase)).ToList();
            if (titled.Count == 1)
            {
                return titled[0].Key;
            }

            problems.Add(new RosterProblem(file, 0, titled.Count == 0
                ? $"no active class has the sourcedId or title '{RosterFiles.Shorten(hint)}'"
                : $"{titled.Count} classes are titled '{RosterFiles.Shorten(hint)}': give the sourcedId of one ({string.Join(", ", titled.Select(c => c.Key))})"));
            return null;
        }

        if (linked is not null && (table is null || classes.ContainsKey(linked)))
        {
            return linked;
        }

        if (table is null)
        {
            problems.Add(new RosterProblem(RosterFiles.ClassesFile, 0, "missing: a delta without classes.csv needs an earlier import of this class; import the bulk export first"));
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

        var students = enrollments.Rows.Where(r => r.Get(enrollments, "role") == "student" && !IsDeleted(enrollments, r)).GroupBy(r => r.Get(enrollments, "classSourcedId")).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        choices = active.Select(c => new OneRosterClassChoice(c.Key, c.Value.Get(table, "title"), students.GetValueOrDefault(c.Key))).OrderBy(c => c.Title, StringComparer.OrdinalIgnoreCase).ToList();
        problems.Add(new RosterProblem(file, 0, active.Count == 0
            ? "no active class"
            : $"{active.Count} classes ({string.Join(", ", active.Take(10).Select(c => $"'{c.Value.Get(table, "title")}' ({c.Key})"))}{(active.Count > 10 ? ", …" : "")}): choose the one that is this class"));
        return null;
    }

    private static Dictionary<string, RosterRow> Index(RosterTable table, bool delta, List<RosterProblem> problems, Action<RosterRow> check)
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
                problems.Add(new RosterProblem(table.File, row.Line, $"duplicate sourcedId '{RosterFiles.Shorten(id)}' (also on line {rows[id].Line})"));
                continue;
            }

            CheckStatusAndDate(table, row, delta, problems);
            check(row);
        }

        return rows;
    }

    /// <summary>status is active or tobedeleted; a delta file must give it and dateLastModified (an ISO 8601 date and time).</summary>
    private static void CheckStatusAndDate(RosterTable table, RosterRow row, bool delta, List<RosterProblem> problems)
    {
        var status = row.Get(table, "status");
        if (status is not ("" or "active" or "tobedeleted") && !status.Equals("active", StringComparison.OrdinalIgnoreCase) && !status.Equals("tobedeleted", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new RosterProblem(table.File, row.Line, $"status is '{RosterFiles.Shorten(status)}'; use active or tobedeleted"));
        }
        else if (delta && status.Length == 0)
        {
            problems.Add(new RosterProblem(table.File, row.Line, "missing status: a delta file gives active or tobedeleted on every row"));
        }

        var modified = row.Get(table, "dateLastModified");
        if (modified.Length > 0 && !IsDateTime(modified))
        {
            problems.Add(new RosterProblem(table.File, row.Line, $"dateLastModified is '{RosterFiles.Shorten(modified)}'; use an ISO 8601 date and time such as 2026-09-01T08:00:00.000Z"));
        }
        else if (delta && modified.Length == 0)
        {
            problems.Add(new RosterProblem(table.File, row.Line, "missing dateLastModified: a delta file gives it on every row"));
        }
    }

    internal static bool IsDateTime(string text) =>
        text.Length >= 10 && char.IsAsciiDigit(text[0]) && text.Contains('T', StringComparison.Ordinal)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    private static bool IsDeleted(RosterTable table, RosterRow row) => row.Get(table, "status").Equals("tobedeleted", StringComparison.OrdinalIgnoreCase);
}
