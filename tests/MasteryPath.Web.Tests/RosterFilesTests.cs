using System.Text;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Tests;

/// <summary>Reading roster files: every bad row is reported with its file and line; good files name the right learners.</summary>
public sealed class RosterFilesTests
{
    private const string OurClass = "Algebra 1 - Period 2";

    [Fact]
    public void A_simple_csv_names_each_learner_with_the_password_when_given()
    {
        var plan = RosterFiles.ReadSimple(RosterFixtures.Read("simple.csv"));

        Assert.Empty(plan.Problems);
        Assert.Equal(
            [("olivia.park@school.example.org", "Olivia Park", null, 2), ("ethan.ruiz@school.example.org", "Ethan Ruiz", "Ethan-pass-2026", 3), ("cleo@example.com", "Cleo Learner", null, 4)],
            plan.People.Select(p => (p.Email, p.Name, p.Password, p.Line)).ToList());
    }

    [Fact]
    public void Every_bad_row_of_a_simple_csv_is_reported_with_its_line()
    {
        var plan = RosterFiles.ReadSimple(RosterFixtures.Read("simple-bad.csv"));

        Assert.Equal(
            ["simple-bad.csv:3: missing email", "simple-bad.csv:4: bad email 'not-an-email'", "simple-bad.csv:5: duplicate: olivia.park@school.example.org is also on line 2"],
            plan.Problems.Select(p => p.ToString()).ToList());
    }

    [Theory]
    [InlineData("mail,fullname\na@b.org,A\n", "wrong header")]
    [InlineData("", "the file is empty")]
    [InlineData("email,name\n", "no learners")]
    [InlineData("email,name\n\"a@b.org,A\n", "malformed CSV")]
    [InlineData("email,name\na@b.org,A,extra\n", "3 fields but the header has 2")]
    [InlineData("email,email,name\na@b.org,a@b.org,A\n", "appears twice")]
    public void A_csv_that_cannot_be_read_is_a_problem_naming_the_file(string content, string reason)
    {
        var plan = RosterFiles.ReadSimple(new RosterFile("people.csv", Encoding.UTF8.GetBytes(content)));

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("people.csv", problem.File);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.Empty(plan.People);
    }

    [Fact]
    public void A_byte_order_mark_and_spaces_around_fields_do_not_matter()
    {
        var plan = RosterFiles.ReadSimple(new RosterFile("people.csv", [.. "\uFEFF"u8.ToArray(), .. " Email , Name \r\n ada.b@school.example.org , Ada B \r\n"u8.ToArray()]));

        Assert.Empty(plan.Problems);
        Assert.Equal(("ada.b@school.example.org", "Ada B"), (plan.People[0].Email, plan.People[0].Name));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var plan = RosterFiles.ReadSimple(new RosterFile("big.csv", new byte[RosterFiles.MaxFileBytes + 1]));

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("big.csv", problem.File);
        Assert.Contains("the limit is 2 MB", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_latin1_roster_is_refused_with_the_line_of_its_first_bad_byte()
    {
        var plan = RosterFiles.ReadSimple(new RosterFile("roster.csv", RosterFixtures.Latin1Csv));

        Assert.Equal(
            ["roster.csv:3: the file is not UTF-8 (byte 0xFC on this line): save it as 'CSV UTF-8' in Excel, or as UTF-8 in your editor"],
            plan.Problems.Select(p => p.ToString()).ToList());
        Assert.Empty(plan.People);

        var withBom = RosterFiles.ReadSimple(new RosterFile("roster.csv", [0xEF, 0xBB, 0xBF, .. RosterFixtures.Latin1Csv]));
        Assert.Equal(("roster.csv", 3), (Assert.Single(withBom.Problems).File, withBom.Problems[0].Line));

        var users = Encoding.Latin1.GetBytes(RosterFixtures.Text("oneroster/users.csv").Replace("O'Brien", "Ó Briain", StringComparison.Ordinal));
        var oneRoster = RosterFiles.ReadOneRoster(new RosterFile(RosterFiles.UsersFile, users), RosterFixtures.Read("oneroster/classes.csv"), RosterFixtures.Read("oneroster/enrollments.csv"), "c-alg-2", OurClass);
        Assert.Equal("users.csv:6: the file is not UTF-8 (byte 0xD3 on this line): save it as 'CSV UTF-8' in Excel, or as UTF-8 in your editor", Assert.Single(oneRoster.Problems).ToString());
        Assert.Empty(oneRoster.People);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8 with BOM")]
    [InlineData("utf-16 with BOM")]
    [InlineData("utf-16BE with BOM")]
    public void Utf8_with_or_without_a_byte_order_mark_and_utf16_with_one_keep_accented_names_exactly(string encoding)
    {
        var text = RosterFixtures.Text("simple-accents.csv");
        var bytes = encoding switch
        {
            "utf-8" => RosterFixtures.Bytes("simple-accents.csv"),
            "utf-8 with BOM" => RosterFixtures.Encoded(text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)),
            "utf-16 with BOM" => RosterFixtures.Encoded(text, Encoding.Unicode),
            _ => RosterFixtures.Encoded(text, Encoding.BigEndianUnicode),
        };

        var plan = RosterFiles.ReadSimple(new RosterFile("roster.csv", bytes));

        Assert.Empty(plan.Problems);
        Assert.Equal(RosterFixtures.AccentedNames, plan.People.Select(p => p.Name));
        Assert.Equal([2, 3, 4], plan.People.Select(p => p.Line));
    }

    [Fact]
    public void A_utf32_file_and_broken_utf16_are_refused()
    {
        var utf32 = RosterFiles.ReadSimple(new RosterFile("roster.csv", RosterFixtures.Encoded("email,name\na@b.org,A\n", Encoding.UTF32)));
        Assert.Equal("roster.csv: the file is UTF-32: save it as 'CSV UTF-8' in Excel, or as UTF-8 in your editor", Assert.Single(utf32.Problems).ToString());

        byte[] loneSurrogate = [.. RosterFixtures.Encoded("email,name\na@b.org,A", Encoding.Unicode), 0x00, 0xD8, (byte)'x', 0x00];
        var utf16 = RosterFiles.ReadSimple(new RosterFile("roster.csv", loneSurrogate));
        Assert.Equal(("roster.csv", 2), (Assert.Single(utf16.Problems).File, utf16.Problems[0].Line));
        Assert.StartsWith("the file is not UTF-16", utf16.Problems[0].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a@b.org,Ada\tBrown", "column 2 ('name') holds a tab (U+0009) at character 4; remove it")]
    [InlineData("a@b.org,Ada\0Brown", "column 2 ('name') holds a NUL character (U+0000) at character 4; remove it")]
    [InlineData("a@b.org,Ada\u001B[31mBrown", "column 2 ('name') holds an escape character (U+001B) at character 4; remove it")]
    [InlineData("a@b.org,\u202EnworB adA", "column 2 ('name') holds a right-to-left override (U+202E) at character 1; remove it")]
    [InlineData("a@b.org,Ada \u2067Brown\u2069", "column 2 ('name') holds a text-direction control (U+2067) at character 5; remove it")]
    [InlineData("a@b.org,Ada\u200BBrown", "column 2 ('name') holds a zero-width character (U+200B) at character 4; remove it")]
    [InlineData("a@b.org,Ada\u0085Brown", "column 2 ('name') holds a line break (U+0085) at character 4; remove it")]
    [InlineData("a@b.org,Ada\u007F", "column 2 ('name') holds a delete character (U+007F) at character 4; remove it")]
    [InlineData("a@b.org,\"Ada\nBrown\"", "column 2 ('name') holds a line break (U+000A) at character 4; remove it")]
    [InlineData("a@b.org,M\uFFFDller", "column 2 ('name') holds a replacement character, the mark of text read in the wrong encoding (U+FFFD) at character 2; remove it")]
    [InlineData("a\u200D@b.org,Ada", "column 1 ('email') holds a zero-width character (U+200D) at character 2; remove it")]
    public void A_control_or_invisible_character_in_a_cell_is_refused_with_file_line_and_column(string row, string reason)
    {
        var plan = RosterFiles.ReadSimple(new RosterFile("people.csv", Encoding.UTF8.GetBytes($"email,name\nok@b.org,Ok\n{row}\n")));

        Assert.Equal([$"people.csv:3: {reason}"], plan.Problems.Select(p => p.ToString()));
        Assert.Empty(plan.People);
    }

    [Fact]
    public void Control_characters_in_the_OneRoster_files_and_their_header_are_refused()
    {
        var users = RosterFixtures.Text("oneroster/users.csv").Replace(",Noah,Kim,", ",\u202ENoah,Kim,", StringComparison.Ordinal).Replace("ben,,Ben", "b\ten,,Ben", StringComparison.Ordinal);
        var plan = RosterFiles.ReadOneRoster(new RosterFile(RosterFiles.UsersFile, Encoding.UTF8.GetBytes(users)), RosterFixtures.Read("oneroster/classes.csv"), RosterFixtures.Read("oneroster/enrollments.csv"), "c-alg-2", OurClass);

        Assert.Equal(
            [
                "users.csv:3: column 9 ('givenName') holds a right-to-left override (U+202E) at character 1; remove it",
                "users.csv:4: column 7 ('username') holds a tab (U+0009) at character 2; remove it",
            ],
            plan.Problems.Select(p => p.ToString()));
        Assert.Empty(plan.People);

        var header = RosterFiles.ReadSimple(new RosterFile("people.csv", "email,na\u200Bme\na@b.org,A\n"u8.ToArray()));
        Assert.Equal("people.csv:1: column 2 of the header holds a zero-width character (U+200B) at character 3; remove it", Assert.Single(header.Problems).ToString());
    }

    [Theory]
    [InlineData("Zoë Müller 王芳", true, null)]
    [InlineData("Mehr\u200Cnaz", true, null)]
    [InlineData("Ada \U0001F469\u200D\U0001F4BB", true, null)]
    [InlineData("Mehr\u200Cnaz", false, "a zero-width character (U+200C) at character 5")]
    [InlineData("\u200DAda", true, "a zero-width character (U+200D) at character 1")]
    [InlineData("Ada \u200D Brown", true, "a zero-width character (U+200D) at character 5")]
    [InlineData("Ada\u200D\u200DBrown", true, "a zero-width character (U+200D) at character 4")]
    [InlineData("Ada\u00ADBrown", true, "an invisible character (U+00AD) at character 4")]
    [InlineData("\u3164", true, "an invisible character (U+3164) at character 1")]
    [InlineData("\U0001F469\tA", true, "a tab (U+0009) at character 2")]
    public void Joiners_are_kept_only_inside_names_and_other_invisible_characters_are_refused(string text, bool isName, string? expected) =>
        Assert.Equal(expected, ControlCharacters.Find(text, isName));

    [Fact]
    public void An_unpaired_surrogate_is_refused_as_a_replacement_character() =>
        Assert.Equal("a replacement character, the mark of text read in the wrong encoding (U+FFFD) at character 4", ControlCharacters.Find("Ada" + (char)0xD800 + "Brown", isName: true));

    [Fact]
    public void OneRoster_files_name_the_active_students_of_the_class_and_skip_teachers_and_disabled_users()
    {
        var plan = OneRoster("oneroster", "c-alg-2");

        Assert.Empty(plan.Problems);
        Assert.Equal(
            [("mia.sanchez@school.example.org", "Mia Sanchez", null, 2), ("noah.kim@school.example.org", "Noah Kim", "Noah-first-day-7", 3), ("ben@example.com", "Ben Learner", null, 4)],
            plan.People.Select(p => (p.Email, p.Name, p.Password, p.Line)).ToList());
        Assert.All(plan.People, p => Assert.Equal(RosterFiles.UsersFile, p.File));
        Assert.Contains(plan.Notes, n => n.Contains("1 teacher enrollment(s)", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.StartsWith("users.csv:5:", StringComparison.Ordinal) && n.Contains("u-ivy", StringComparison.Ordinal));
    }

    [Fact]
    public void The_class_is_found_by_title_or_by_the_name_of_ours_when_classes_csv_lists_several()
    {
        Assert.Equal(3, OneRoster("oneroster", "algebra 1 - period 2").People.Count);
        Assert.Equal(3, OneRoster("oneroster", null, ourClassName: OurClass).People.Count);
        Assert.Equal(["liam.obrien@school.example.org"], OneRoster("oneroster", "c-bio-4").People.Select(p => p.Email));

        var unnamed = OneRoster("oneroster", null, ourClassName: "Period 7");
        var problem = Assert.Single(unnamed.Problems);
        Assert.Equal(RosterFiles.ClassesFile, problem.File);
        Assert.Contains("choose the one that is this class", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("c-alg-2", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_row_of_the_OneRoster_files_is_reported_with_file_and_line()
    {
        var plan = OneRoster("oneroster-bad", "c-alg-2");

        Assert.Equal(
            [
                "users.csv:5: duplicate sourcedId 'u-mia' (also on line 2)",
                "enrollments.csv:5: unknown user reference 'u-ghost': no such sourcedId in users.csv",
                "enrollments.csv:6: duplicate: user 'u-mia' is already enrolled in class 'c-alg-2' on line 2",
                "users.csv:3: neither email nor username for student 'u-noah' (enrolled on enrollments.csv:3): a learner signs in with one of them",
                "users.csv:4: bad email 'ava.patel(at)school.example.org' for student 'u-ava' (enrolled on enrollments.csv:4)",
            ],
            plan.Problems.Select(p => p.ToString()).ToList());
    }

    [Fact]
    public void A_missing_OneRoster_file_or_column_is_a_problem()
    {
        var missing = RosterFiles.ReadOneRoster(RosterFixtures.Read("oneroster/users.csv"), null, RosterFixtures.Read("oneroster/enrollments.csv"), null, OurClass);
        Assert.Equal(RosterFiles.ClassesFile, Assert.Single(missing.Problems).File);

        var noEmail = new RosterFile(RosterFiles.UsersFile, "sourcedId,givenName,familyName\nu-1,A,B\n"u8.ToArray());
        var plan = RosterFiles.ReadOneRoster(noEmail, RosterFixtures.Read("oneroster/classes.csv"), RosterFixtures.Read("oneroster/enrollments.csv"), "c-alg-2", OurClass);
        var problem = Assert.Single(plan.Problems);
        Assert.Equal((RosterFiles.UsersFile, 1), (problem.File, problem.Line));
        Assert.Contains("'email'", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_gives_the_three_files_from_any_folder_and_a_broken_zip_is_a_problem()
    {
        var problems = new List<RosterProblem>();
        var (users, classes, enrollments) = RosterCsv.Unzip(new RosterFile("roster.zip", RosterFixtures.Zip("oneroster")), problems);

        Assert.Empty(problems);
        Assert.Equal(RosterFixtures.Bytes("oneroster/users.csv"), users!.Content);
        Assert.Equal(3, RosterFiles.ReadOneRoster(users, classes, enrollments, "c-alg-2", OurClass).People.Count);

        RosterCsv.Unzip(new RosterFile("roster.zip", "not a zip"u8.ToArray()), problems);
        Assert.Equal("roster.zip: not a readable .zip file", Assert.Single(problems).ToString());
    }

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("o'brien+tag@school.example.org", true)]
    [InlineData("ada@localhost", false)]
    [InlineData("Ada <ada@example.com>", false)]
    [InlineData("ada @example.com", false)]
    [InlineData("ada(at)example.com", false)]
    [InlineData("@example.com", false)]
    public void Emails_are_plain_addresses_with_a_domain(string email, bool valid) =>
        Assert.Equal(valid, RosterFiles.IsEmail(email));

    private static RosterPlan OneRoster(string folder, string? classHint, string ourClassName = "Some class") =>
        RosterFiles.ReadOneRoster(
            RosterFixtures.Read($"{folder}/users.csv"),
            RosterFixtures.Read($"{folder}/classes.csv"),
            RosterFixtures.Read($"{folder}/enrollments.csv"),
            classHint,
            ourClassName);
}
