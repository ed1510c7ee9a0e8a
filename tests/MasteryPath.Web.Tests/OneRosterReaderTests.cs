using System.Text;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Tests;

/// <summary>
/// Reading whole OneRoster 1.1 and 1.2 CSV exports (Fixtures/Roster/oneroster-1.x-bulk and -delta, with every file a
/// SIS writes and the spec's headers): manifest, bulk and delta, students without email, several classes, and the
/// list of what was not used.
/// </summary>
public sealed class OneRosterReaderTests
{
    [Fact]
    public void A_1_1_bulk_export_names_the_students_of_the_chosen_class_with_usernames_where_they_have_no_email()
    {
        var plan = OneRosterReader.Read(RosterFixtures.Bundle("oneroster-1.1-bulk"), "cls-math7-p1", null, "Maths");

        Assert.Empty(plan.Problems);
        Assert.Equal("cls-math7-p1", plan.OneRosterClass);
        Assert.Equal(
            [("usr-s-10231", "amelia.alvarez@students.riverside.example.org", null, "Amelia Álvarez"), ("usr-s-10232", "", "bnguyen32", "Bao Nguyen"), ("usr-s-10233", "", "cthompson33", "Caleb Thompson")],
            plan.People.Select(p => (p.SourcedId, p.Email, p.Username, p.Name)).ToList());
        Assert.Equal(["amelia.alvarez@students.riverside.example.org", "bnguyen32", "cthompson33"], plan.People.Select(p => p.Login));
        Assert.Contains(plan.Notes, n => n.StartsWith("Read as OneRoster 1.1 CSV, bulk", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("'usr-s-10236' was skipped: the user is disabled", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("1 teacher enrollment(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_file_and_column_that_is_not_used_is_listed()
    {
        var plan11 = OneRosterReader.Read(RosterFixtures.Bundle("oneroster-1.1-bulk"), "cls-math7-p1", null, "Maths");
        Assert.Contains("Files not used (MasteryPath keeps no schools, terms, courses, demographics, roles or profiles from the SIS): academicSessions.csv, courses.csv, demographics.csv, orgs.csv.", plan11.Notes);
        Assert.Contains("users.csv: columns not used: orgSourcedIds, role, userIds, middleName, identifier, sms, phone, agentSourcedIds, grades (role: the role of each enrollment decides who is a student).", plan11.Notes);
        Assert.Contains("classes.csv: columns not used: grades, courseSourcedId, classCode, classType, location, schoolSourcedId, termSourcedIds, subjects, subjectCodes, periods.", plan11.Notes);
        Assert.Contains("enrollments.csv: columns not used: schoolSourcedId, primary, beginDate, endDate.", plan11.Notes);

        var plan12 = OneRosterReader.Read(RosterFixtures.Bundle("oneroster-1.2-bulk"), "sec-ma101-01", null, "Maths");
        Assert.Contains("Files not used (MasteryPath keeps no schools, terms, courses, demographics, roles or profiles from the SIS): academicSessions.csv, courses.csv, demographics.csv, orgs.csv, roles.csv, userProfiles.csv.", plan12.Notes);
        Assert.Contains("users.csv: columns not used: userIds, middleName, identifier, sms, phone, agentSourcedIds, grades, userMasterIdentifier, resourceSourcedIds, preferredMiddleName, primaryOrgSourcedId, pronouns.", plan12.Notes);
    }

    [Fact]
    public void A_1_2_bulk_export_uses_preferred_names_and_list_valued_cells()
    {
        var plan = OneRosterReader.Read(RosterFixtures.Bundle("oneroster-1.2-bulk"), "sec-ma101-01", null, "Maths");

        Assert.Empty(plan.Problems);
        Assert.Equal(
            [("s-40001", "jonathan.meyer@students.northfield.example.edu", "Jon Meyer"), ("s-40002", "40002", "Haruka Sato"), ("s-40003", "40003", "Seun Adeyemi")],
            plan.People.Select(p => (p.SourcedId!, p.Login, p.Name)).ToList());
        Assert.Empty(plan.Removals);
        Assert.Contains(plan.Notes, n => n.StartsWith("Read as OneRoster 1.2 CSV, bulk", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_classes_without_a_choice_list_the_classes_to_choose_from()
    {
        var plan = OneRosterReader.Read(RosterFixtures.Bundle("oneroster-1.2-bulk"), null, null, "Maths");

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("classes.csv", problem.File);
        Assert.Contains("3 classes", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(
            [("sec-ma101-01", "Algebra I - Section 01", 3), ("sec-ma101-02", "Algebra I - Section 02", 1), ("sec-ma101-hr", "Homeroom 9B", 2)],
            plan.ClassChoices.Select(c => (c.SourcedId, c.Title, c.Students)).ToList());
        Assert.Empty(plan.People);

        var linked = OneRosterReader.Read(RosterFixtures.Bundle("oneroster-1.2-bulk"), null, "sec-ma101-02", "Maths");
        Assert.Equal("s-40004", Assert.Single(linked.People).SourcedId);
    }

    [Theory]
    [InlineData("oneroster-1.1-delta", "cls-math7-p1", "usr-s-10237", "gokonkwo37", "usr-s-10233", "usr-s-10231")]
    [InlineData("oneroster-1.2-delta", "sec-ma101-01", "s-40006", "40006", "s-40002", null)]
    public void A_delta_adds_new_students_removes_deleted_enrollments_and_refers_to_earlier_ones(string folder, string linkedClass, string added, string login, string removed, string? referred)
    {
        var plan = OneRosterReader.Read(RosterFixtures.Bundle(folder), null, linkedClass, "Maths");

        Assert.Empty(plan.Problems);
        Assert.Equal((added, login), (Assert.Single(plan.People).SourcedId, plan.People[0].Login));
        Assert.Equal(removed, Assert.Single(plan.Removals).SourcedId);
        Assert.Equal(referred is null ? [] : [referred], plan.References.Select(r => r.SourcedId));
        Assert.Contains(plan.Notes, n => n.Contains("delta: only the changes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_delta_without_an_earlier_import_cannot_tell_the_class()
    {
        var plan = OneRosterReader.Read(RosterFixtures.Bundle("oneroster-1.1-delta"), null, null, "Maths");

        Assert.Equal(["classes.csv: missing: a delta without classes.csv needs an earlier import of this class; import the bulk export first"], plan.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void The_manifest_is_checked_against_the_files_and_delta_rows_need_status_and_date()
    {
        var bundle = RosterFixtures.Bundle("oneroster-1.1-delta");
        var manifest = Encoding.UTF8.GetString(bundle.Get("manifest.csv")!.Content).Replace("file.orgs,absent", "file.orgs,sometimes", StringComparison.Ordinal).Replace("file.classes,absent", "file.classes,bulk", StringComparison.Ordinal);
        var enrollments = Encoding.UTF8.GetString(bundle.Get("enrollments.csv")!.Content).Replace("enr-0010,active,2026-09-14T06:30:12.000Z", "enr-0010,,14/09/2026", StringComparison.Ordinal);
        var files = bundle.Files.Select(f => f.Name switch
        {
            "manifest.csv" => f with { Content = Encoding.UTF8.GetBytes(manifest) },
            "enrollments.csv" => f with { Content = Encoding.UTF8.GetBytes(enrollments) },
            _ => f,
        }).Append(new RosterFile("orgs.csv", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"u8.ToArray()));

        var plan = OneRosterReader.Read(new OneRosterBundle([.. files]), null, "cls-math7-p1", "Maths");

        Assert.Equal(
            [
                "manifest.csv:6: file.classes is 'bulk' but classes.csv is missing; upload the whole export",
                "manifest.csv:13: file.orgs is 'sometimes'; use bulk, delta or absent",
            ],
            plan.Problems.Select(p => p.ToString()));

        var fixedManifest = new OneRosterBundle([.. bundle.Files.Select(f => f.Name == "enrollments.csv" ? f with { Content = Encoding.UTF8.GetBytes(enrollments) } : f)]);
        var rows = OneRosterReader.Read(fixedManifest, null, "cls-math7-p1", "Maths");
        Assert.Equal(
            [
                "enrollments.csv:3: missing status: a delta file gives active or tobedeleted on every row",
                "enrollments.csv:3: dateLastModified is '14/09/2026'; use an ISO 8601 date and time such as 2026-09-01T08:00:00.000Z",
            ],
            rows.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_student_with_neither_email_nor_username_is_a_problem_naming_the_line()
    {
        var bundle = RosterFixtures.Bundle("oneroster-1.1-bulk");
        var users = Encoding.UTF8.GetString(bundle.Get("users.csv")!.Content).Replace("student,bnguyen32,", "student,,", StringComparison.Ordinal);
        var plan = OneRosterReader.Read(new OneRosterBundle([.. bundle.Files.Select(f => f.Name == "users.csv" ? f with { Content = Encoding.UTF8.GetBytes(users) } : f)]), "cls-math7-p1", null, "Maths");

        Assert.Equal(["users.csv:4: neither email nor username for student 'usr-s-10232' (enrolled on enrollments.csv:4): a learner signs in with one of them"], plan.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_zip_gives_every_file_of_the_export_and_unknown_files_are_named()
    {
        var problems = new List<RosterProblem>();
        var bundle = OneRosterBundle.FromZip(new RosterFile("export.zip", RosterFixtures.ZipFolder("oneroster-1.2-bulk")), problems);
        Assert.Empty(problems);
        Assert.Equal(10, bundle.Files.Count);

        var withExtra = new OneRosterBundle([.. bundle.Files, new RosterFile("readme.txt", "hello"u8.ToArray())]);
        var plan = OneRosterReader.Read(withExtra, "sec-ma101-01", null, "Maths");
        Assert.Contains("Not OneRoster files, ignored: readme.txt.", plan.Notes);
    }

    [Fact]
    public void Upper_case_file_names_from_a_SIS_are_read_under_the_spec_names()
    {
        var problems = new List<RosterProblem>();
        var bundle = OneRosterBundle.FromFiles(RosterFixtures.Bundle("oneroster-1.1-bulk").Files.Select(f => f with { Name = f.Name.ToUpperInvariant() }), problems);

        Assert.Empty(problems);
        Assert.Contains(bundle.Files, f => f.Name == "academicSessions.csv");
        Assert.Empty(OneRosterReader.Read(bundle, "cls-math7-p1", null, "Maths").Problems);
    }

    /// <summary>
    /// An export shaped as SIS exports are in practice rather than as the spec's examples: byte order marks, CRLF,
    /// every cell quoted, a blank last line, columns in another order, a vendor's metadata column, TRUE/True booleans,
    /// empty dates in a bulk file, a comma and doubled quotes inside cells, a mixed-case email (kept as written: accounts match emails without regard to case), and no manifest.
    /// </summary>
    [Fact]
    public void An_export_with_the_quirks_of_real_SIS_exports_reads_cleanly()
    {
        var plan = OneRosterReader.Read(RosterFixtures.Bundle("oneroster-vendor-quirks"), null, null, "Maths");

        Assert.Empty(plan.Problems);
        Assert.Equal("c-501", plan.OneRosterClass);
        Assert.Equal(
            [("u-9001", "Jordan.Smith@Students.Example.ORG", "Jordan Smith, Jr."), ("u-9002", "mlopez9002", "María José López")],
            plan.People.Select(p => (p.SourcedId, p.Login, p.Name)).ToList());
        Assert.Contains(plan.Notes, n => n.Contains("'u-9003' was skipped: the user is disabled", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("metadata.ps.studentNumber", StringComparison.Ordinal));
    }
}
