using System.Text.Json;
using System.Text.Json.Nodes;
using MasteryPath.Content.Checking;
using MasteryPath.Content.Loading;
using MasteryPath.Content.Standards;
using MasteryPath.Domain.Courses;

namespace MasteryPath.Content.Tests;

/// <summary>
/// <c>course import-case</c> on a real CASE package (OpenSALT's "What Standards Could Be", Common Core 6.RP and 7.RP;
/// see Data/case/README.md): the outline it writes loads with the course loader, keeps every CASE identifier, follows
/// the hierarchy and the precedes associations, and bad packages are refused with a sentence.
/// </summary>
public sealed class CaseImportTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Content.Tests", "Data", "case", "opensalt-what-standards-could-be.json");

    private readonly string _work = Directory.CreateTempSubdirectory("mp-case-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Out => Path.Combine(_work, "outline");

    private static Dictionary<string, Skill> SkillsOf(CourseLoadResult load) => load.SkillDefinitions.ToDictionary(s => s.Id.Value);

    /// <summary>The package's leaf items, read straight from the JSON: items no isChildOf names as its parent.</summary>
    private static Dictionary<string, JsonElement> FixtureLeaves()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture));
        var parents = json.RootElement.GetProperty("CFAssociations").EnumerateArray()
            .Where(a => a.GetProperty("associationType").GetString() == "isChildOf")
            .Select(a => a.GetProperty("destinationNodeURI").GetProperty("identifier").GetString())
            .ToHashSet();
        return json.RootElement.GetProperty("CFItems").EnumerateArray()
            .Where(i => !parents.Contains(i.GetProperty("identifier").GetString()))
            .ToDictionary(i => i.GetProperty("identifier").GetString()!, i => i.Clone());
    }

    private string WritePackage(Action<JsonObject> change)
    {
        var package = JsonNode.Parse(File.ReadAllText(Fixture))!.AsObject();
        change(package);
        var path = Path.Combine(_work, $"package-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, package.ToJsonString());
        return path;
    }

    private static JsonObject Association(string origin, string type, string destination) => new()
    {
        ["identifier"] = Guid.NewGuid().ToString(),
        ["originNodeURI"] = new JsonObject { ["title"] = "Origin", ["identifier"] = origin, ["uri"] = "https://case.example/" + origin },
        ["associationType"] = type,
        ["destinationNodeURI"] = new JsonObject { ["title"] = "Destination", ["identifier"] = destination, ["uri"] = "https://case.example/" + destination },
    };

    private const string Grade6Cluster = "edfce0e7-dbbf-40d5-af1a-baccabef85e9";
    private const string RP6Standard1 = "b6f61076-aa12-450b-8f9d-b86bc071f85e";
    private const string RP6Standard2 = "eceec0fb-e4de-4ef3-a48f-0987b366c9ae";

    [Fact]
    public void The_real_framework_becomes_an_outline_that_loads_with_every_case_identifier_kept()
    {
        var result = CaseImport.Run(Fixture, Out, new CaseImportOptions(), force: false);

        var load = CourseLoader.Load(Out);
        var skills = SkillsOf(load);
        var leaves = FixtureLeaves();
        Assert.Equal(12, leaves.Count);
        Assert.Equal(leaves.Keys.Order(), skills.Values.Select(s => s.Standard!.Identifier).Order());
        foreach (var skill in skills.Values)
        {
            var item = leaves[skill.Standard!.Identifier];
            Assert.Equal(item.GetProperty("humanCodingScheme").GetString(), skill.Standard.Code);
            Assert.Equal(item.GetProperty("fullStatement").GetString(), skill.Standard.Statement);
            Assert.Equal(item.GetProperty("uri").GetString(), skill.Standard.Uri);
            Assert.Equal("What Standards Could Be", skill.Standard.Framework);
            Assert.Equal(item.GetProperty("fullStatement").GetString(), skill.Objective);
        }

        // 6.RP.A.2's statement has a ≠ and quotes: it must come back unchanged through the YAML.
        Assert.Equal("Understand the concept of a unit rate a/b associated with a ratio a:b with b ≠ 0, and use rate language in the context of a ratio relationship.", skills["6-rp-a-2"].Standard!.Statement);
        Assert.Empty(result.Other);
        Assert.Equal(12, result.ToWrite.Count(d => d.Code == "too-few-variants"));
        Assert.True(load.HasErrors);
        Assert.All(load.Diagnostics, d => Assert.Contains(d.Code, CaseImport.ContentToWrite));
        Assert.Equal(12, load.Diagnostics.Count(d => d.Code == "no-practice"));
        Assert.Equal(36, load.Diagnostics.Count(d => d.Code == "missing-section"));
    }

    [Fact]
    public void The_clusters_become_units_and_the_components_of_a_standard_its_skills_in_the_frameworks_order()
    {
        var result = CaseImport.Run(Fixture, Out, new CaseImportOptions(), force: false);

        Assert.Equal(
            ["6-rp-a-1", "6-rp-a-2", "6-rp-a-3a", "6-rp-a-3b", "6-rp-a-3c", "6-rp-a-3d", "7-rp-a-1", "7-rp-a-2a", "7-rp-a-2b", "7-rp-a-2c", "7-rp-a-2d", "7-rp-a-3"],
            result.Outline.Skills.Select(s => s.Id));
        var skills = CourseLoader.Load(Out).SkillDefinitions;
        Assert.Equal(12, skills.Count);
        Assert.All(skills, s => Assert.Equal(s.Id.Value[..1] == "6" ? "6-rp-a" : "7-rp-a", s.UnitId));
        var course = File.ReadAllText(Path.Combine(Out, "course.yaml"));
        Assert.Contains("id: 6-rp-a", course, StringComparison.Ordinal);
        Assert.Contains("title: '6.RP.A: Understand ratio concepts and use ratio reasoning to solve problems.'", course, StringComparison.Ordinal);
        Assert.True(course.IndexOf("6-rp-a", StringComparison.Ordinal) < course.IndexOf("7-rp-a", StringComparison.Ordinal), "units follow the sequence numbers");
    }

    [Fact]
    public void Precedes_associations_become_prerequisites_including_a_whole_standard_and_an_exact_match_outside_the_package()
    {
        var result = CaseImport.Run(Fixture, Out, new CaseImportOptions(), force: false);

        var skills = SkillsOf(CourseLoader.Load(Out));
        Assert.Equal(["6-rp-a-1"], skills["6-rp-a-2"].Prerequisites.Select(p => p.Value));
        // 6.RP.A.3 precedes 7.RP.A.3: 6.RP.A.3 is its four components.
        Assert.Equal(["6-rp-a-3a", "6-rp-a-3b", "6-rp-a-3c", "6-rp-a-3d"], skills["7-rp-a-3"].Prerequisites.Select(p => p.Value).Order(StringComparer.Ordinal));
        // 6.RP.A.2 precedes the official 7.RP.A.1, which the package's 7.RP.A.1 is an exact match of.
        Assert.Equal(["6-rp-a-2"], skills["7-rp-a-1"].Prerequisites.Select(p => p.Value));
        Assert.Empty(skills["6-rp-a-1"].Prerequisites);
        Assert.Contains("16 exactMatchOf association(s): a course outline has no place for them", result.Outline.LeftOut);
        Assert.Contains("2 exemplar association(s): a course outline has no place for them", result.Outline.LeftOut);
        var readme = File.ReadAllText(Path.Combine(Out, "README.md"));
        Assert.Contains("| `7-rp-a-3` | CCSS.Math.Content.7.RP.A.3 (693cfbbf-26bc-4e91-87ef-1badd646b720) | 7-rp-a | 6-rp-a-3a, 6-rp-a-3b, 6-rp-a-3c, 6-rp-a-3d | lesson, corrective, enrichment, items |", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sub_tree_or_a_grade_can_be_chosen()
    {
        var standard = CaseImport.Run(Fixture, Out, new CaseImportOptions(Root: "CCSS.Math.Content.6.RP.A.3"), force: false);
        Assert.Equal(["3a", "3b", "3c", "3d"], standard.Outline.Skills.Select(s => s.Id[^2..]));
        Assert.Empty(standard.Outline.Units);
        Assert.Contains("3 precedes association(s) link a standard outside the imported ones", standard.Outline.LeftOut);

        var seventh = CaseImport.Run(Fixture, Path.Combine(_work, "seventh"), new CaseImportOptions(CourseId: "ratios-7", Title: "Ratios, grade 7", Grade: "7"), force: false);
        Assert.Equal(6, seventh.Outline.Skills.Count);
        Assert.All(seventh.Outline.Skills, s => Assert.StartsWith("CCSS.Math.Content.7.RP", s.Standard.Code, StringComparison.Ordinal));
        Assert.Empty(seventh.Outline.Skills.Single(s => s.Id == "7-rp-a-1").Prerequisites);
        var course = File.ReadAllText(Path.Combine(_work, "seventh", "course.yaml"));
        Assert.Contains("id: ratios-7", course, StringComparison.Ordinal);
        Assert.Contains("title: Ratios, grade 7", course, StringComparison.Ordinal);

        var byGuid = CaseOutlineBuilder.Build(CasePackage.Parse(File.ReadAllText(Fixture)), new CaseImportOptions(Root: Grade6Cluster, Grade: "06"));
        Assert.Equal(6, byGuid.Skills.Count);
    }

    [Fact]
    public void An_outline_whose_missing_parts_are_written_passes_the_checker()
    {
        CaseImport.Run(Fixture, Out, new CaseImportOptions(CourseId: "unit-rates", Root: "CCSS.Math.Content.6.RP.A.3"), force: false);
        File.AppendAllText(Path.Combine(Out, "course.yaml"), "mastery:\n  check-items: 3\n  practice-variants: 5\n");
        foreach (var file in Directory.GetFiles(Path.Combine(Out, "skills")))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            File.WriteAllText(file, File.ReadAllText(file).Replace(
                "# Lesson\n\n# Corrective\n\n# Enrichment\n",
                "# Lesson\n\nA rate per one.\n\n## Worked example\n\n6 for 3 is 2 each.\n\n# Corrective\n\nShare out equally.\n\n# Enrichment\n\nCompare two offers.\n",
                StringComparison.Ordinal));
            Directory.CreateDirectory(Path.Combine(Out, "items"));
            File.WriteAllText(Path.Combine(Out, "items", id + ".yaml"), $"""
                skill: {id}
                templates:
                  - id: {id}-rate
                    kind: numeric
                    parameters:
                      a: {"{ range: [2, 9] }"}
                      b: {"{ range: [2, 9] }"}
                    prompt: 'A pack of $[[b]]$ costs $[[a*b]]$ coins. How many coins is one?'
                    answer: "a"
                    verify:
                      - "answer * b == a * b"
                    hints:
                      - "Divide the cost by the number in the pack."
                    solution: "[[a*b]] / [[b]] = [[a]]."
                """);
        }

        var report = CourseChecker.Check(Out);

        Assert.True(report.Errors == 0, string.Join("\n", report.Diagnostics));
        Assert.Equal(4, report.Load.Course!.Skills.Count(s => s.Standard is not null));
        Assert.Equal("acc5bce4-435f-47b3-b5aa-2ebb459061b0", report.Load.Course.Skills.Single(s => s.Id.Value == "6-rp-a-3a").Standard!.Identifier);
    }

    [Theory]
    [InlineData("<html>not json</html>", "this is not a JSON file")]
    [InlineData("[1, 2]", "this JSON is not a CASE package")]
    [InlineData("{\"CFDocuments\": []}", "it has no CFDocument object (its keys: CFDocuments)")]
    [InlineData("{\"CFDocument\": {\"identifier\": \"20c5134f-423d-4097-a971-3dd5152bf507\", \"title\": \"T\"}}", "has no CFItems list")]
    [InlineData("{\"CFDocument\": {\"identifier\": \"doc-1\", \"title\": \"T\"}, \"CFItems\": []}", "the CFDocument has the identifier 'doc-1', which is not a CASE identifier (a UUID)")]
    public void What_is_not_a_case_package_is_refused_with_a_sentence(string text, string says)
    {
        var path = Path.Combine(_work, "bad.json");
        File.WriteAllText(path, text);

        var error = Assert.Throws<CasePackageException>(() => CaseImport.Run(path, Out, new CaseImportOptions(), force: false));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void A_package_served_by_case_1_1_under_a_cfpackage_key_is_read_the_same()
    {
        var wrapped = Path.Combine(_work, "v1p1.json");
        File.WriteAllText(wrapped, new JsonObject { ["CFPackage"] = JsonNode.Parse(File.ReadAllText(Fixture)) }.ToJsonString());

        var result = CaseImport.Run(wrapped, Out, new CaseImportOptions(), force: false);

        Assert.Equal(12, result.Outline.Skills.Count);
    }

    [Fact]
    public void Duplicate_identifiers_are_refused_naming_the_identifier()
    {
        var path = WritePackage(p => p["CFItems"]!.AsArray().Add(p["CFItems"]![2]!.DeepClone()));

        var error = Assert.Throws<CasePackageException>(() => CaseImport.Run(path, Out, new CaseImportOptions(), force: false));

        Assert.Equal($"the identifier {RP6Standard1} is used twice: by CFItem 'CCSS.Math.Content.6.RP.A.1' and by CFItem 'CCSS.Math.Content.6.RP.A.1'", error.Message);
    }

    [Fact]
    public void An_is_child_of_cycle_is_refused_naming_its_items()
    {
        var path = WritePackage(p =>
        {
            var associations = p["CFAssociations"]!.AsArray();
            var toDocument = associations.Single(a => a!["originNodeURI"]!["identifier"]!.GetValue<string>() == Grade6Cluster && a["associationType"]!.GetValue<string>() == "isChildOf")!;
            associations.Remove(toDocument);
            associations.Add(Association(Grade6Cluster, "isChildOf", RP6Standard1));
        });

        var error = Assert.Throws<CasePackageException>(() => CaseImport.Run(path, Out, new CaseImportOptions(), force: false));

        Assert.Contains("the isChildOf associations form a cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("CCSS.Math.Content.6.RP.A.1 -> CCSS.Math.Content.6.RP.A -> CCSS.Math.Content.6.RP.A.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_precedes_cycle_is_refused_naming_its_standards()
    {
        var path = WritePackage(p => p["CFAssociations"]!.AsArray().Add(Association(RP6Standard2, "precedes", RP6Standard1)));

        var error = Assert.Throws<CasePackageException>(() => CaseImport.Run(path, Out, new CaseImportOptions(), force: false));

        Assert.Contains("the precedes associations form a cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("CCSS.Math.Content.6.RP.A.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("CCSS.Math.Content.6.RP.A.2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_root_or_grade_is_refused()
    {
        var package = CasePackage.Parse(File.ReadAllText(Fixture));

        Assert.Equal("no CFItem of the package has the identifier or code '8.EE'", Assert.Throws<CasePackageException>(() => CaseOutlineBuilder.Build(package, new CaseImportOptions(Root: "8.EE"))).Message);
        Assert.Equal("the framework has no standards of education level '8' (the levels in it: 06, 07)", Assert.Throws<CasePackageException>(() => CaseOutlineBuilder.Build(package, new CaseImportOptions(Grade: "8"))).Message);
    }

    [Fact]
    public void A_folder_that_holds_files_is_refused_and_left_as_it_was_unless_forced()
    {
        Directory.CreateDirectory(Out);
        var notes = Path.Combine(Out, "notes.txt");
        File.WriteAllText(notes, "mine");

        var error = Assert.Throws<CasePackageException>(() => CaseImport.Run(Fixture, Out, new CaseImportOptions(), force: false));

        Assert.Contains("already holds files", error.Message, StringComparison.Ordinal);
        Assert.Equal([notes], Directory.GetFileSystemEntries(Out));
        var forced = CaseImport.Run(Fixture, Out, new CaseImportOptions(), force: true);
        Assert.Equal(14, forced.Files.Count);
        Assert.Equal("mine", File.ReadAllText(notes));
    }

    [Fact]
    public void The_command_line_writes_the_outline_and_course_check_reports_only_what_is_left_to_write()
    {
        var (exit, stdout, stderr) = CliProcess.Run("course", "import-case", Fixture, Out);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("2 units, 12 skills, 6 prerequisite links", stdout, StringComparison.Ordinal);
        Assert.Contains("693cfbbf-26bc-4e91-87ef-1badd646b720", stdout, StringComparison.Ordinal);
        var (checkExit, checkOut, _) = CliProcess.Run("course", "check", Out);
        Assert.Equal(1, checkExit);
        var errors = checkOut.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).ToList();
        Assert.Equal(60, errors.Count);
        Assert.All(errors, e => Assert.Matches(@": error (missing-section|no-practice|too-few-variants): ", e));
        Assert.Contains("`course check` reports it as 60 errors", stdout, StringComparison.Ordinal);

        Assert.DoesNotContain("beside other course folders", stdout, StringComparison.Ordinal);
        var (beside, besideOut, _) = CliProcess.Run("course", "import-case", Fixture, Path.Combine(_work, "second"));
        Assert.Equal(0, beside);
        Assert.Contains("beside other course folders", besideOut, StringComparison.Ordinal);

        var (again, _, againErr) = CliProcess.Run("course", "import-case", Fixture, Out);
        Assert.Equal(1, again);
        Assert.Contains("already holds files", againErr, StringComparison.Ordinal);
        var (missing, _, missingErr) = CliProcess.Run("course", "import-case", Path.Combine(_work, "nope.json"), Path.Combine(_work, "x"));
        Assert.Equal(1, missing);
        Assert.Contains("there is no file", missingErr, StringComparison.Ordinal);
    }
}
