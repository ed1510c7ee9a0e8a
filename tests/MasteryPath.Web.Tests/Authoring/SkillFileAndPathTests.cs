using MasteryPath.Content.Loading;
using MasteryPath.Web.Authoring;

namespace MasteryPath.Web.Tests.Authoring;

/// <summary>The editor's file handling without a database: path rules, front matter edits that keep the author's lines, cycles.</summary>
public sealed class SkillFileAndPathTests
{
    [Theory]
    [InlineData("course.yaml")]
    [InlineData("skills/add-fractions.md")]
    [InlineData("items/add.yaml")]
    [InlineData("tasks/essay.yml")]
    [InlineData("media/figures/bar_1.png")]
    public void Course_format_paths_are_accepted(string path) => Assert.Null(CourseFiles.PathProblem(path));

    [Theory]
    [InlineData("../course.yaml", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("media/../../x.png", "'..'")]
    [InlineData("C:/course.yaml", "drive letters")]
    [InlineData("skills/a.txt", "only course.yaml")]
    [InlineData("skills/deep/a.md", "only course.yaml")]
    [InlineData("notes.md", "only course.yaml")]
    [InlineData("media/bad name.png", "file names")]
    public void Other_paths_are_refused_with_the_reason(string path, string reason) =>
        Assert.Contains(reason, CourseFiles.PathProblem(path), StringComparison.Ordinal);

    [Fact]
    public void Editing_fields_and_prerequisites_keeps_every_other_front_matter_line_and_the_file_loads()
    {
        const string Original = """
            ---
            id: add-fractions
            title: Add fractions
            objective: Adds fractions.
            unit: unit-1
            prerequisites:
              - compare-fractions
              - equivalent-fractions
            # the standard this skill meets
            standard: { framework: "Test", code: "5.NF.1", statement: "Add fractions." }
            ---
            # Lesson

            Use a common denominator: $\frac{1}{2} + \frac{1}{3} = \frac{5}{6}$.

            # Corrective

            Draw bars.
            """;
        var skill = SkillFile.Parse(Original);
        Assert.Equal(["compare-fractions", "equivalent-fractions"], skill.Prerequisites);
        skill.SetField("title", "Add fractions: unlike denominators");
        skill.SetPrerequisites(["compare-fractions"]);
        skill.Sections["Enrichment"] = "Add three fractions.";
        var text = skill.ToString();

        Assert.Contains("title: \"Add fractions: unlike denominators\"", text, StringComparison.Ordinal);
        Assert.Contains("prerequisites: [compare-fractions]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("equivalent-fractions", text, StringComparison.Ordinal);
        Assert.Contains("# the standard this skill meets\nstandard: { framework: \"Test\"", text, StringComparison.Ordinal);
        Assert.Contains("# Lesson\n\nUse a common denominator: $\\frac{1}{2}", text, StringComparison.Ordinal);
        Assert.Contains("# Enrichment\n\nAdd three fractions.", text, StringComparison.Ordinal);
        Assert.Equal("Add fractions: unlike denominators", SkillFile.Parse(text).Field("title"));
        Assert.Equal(["compare-fractions"], SkillFile.Parse(text).Prerequisites);
    }

    [Fact]
    public void A_new_skill_file_is_read_by_the_course_loader_with_its_fields()
    {
        var files = new CourseFiles();
        files.Set("course.yaml", "id: lab\ntitle: Lab\nversion: 0.1.0\nunits:\n  - id: unit-1\n    title: Unit 1\n"u8.ToArray());
        files.Set("skills/add.md", System.Text.Encoding.UTF8.GetBytes(SkillFile.New("add", "Add: whole numbers", "Adds \"big\" numbers.", "unit-1").ToString()));
        using var folder = files.Materialise();
        var load = CourseLoader.Load(folder.Path);
        var skill = Assert.Single(load.SkillDefinitions);
        Assert.Equal(("add", "Add: whole numbers", "Adds \"big\" numbers.", "unit-1"), (skill.Id.Value, skill.Title, skill.Objective, skill.UnitId));
        Assert.DoesNotContain(load.Diagnostics, d => d.Location.File.EndsWith("skills/add.md", StringComparison.Ordinal) && d.Code != "no-practice" && d.Severity == Content.Checking.Severity.Error);
    }

    [Fact]
    public void The_cycle_an_edge_would_close_is_the_shortest_way_back()
    {
        DraftSkill Skill(string id, params string[] needs) => new(id, $"skills/{id}.md", id, "unit-1", needs);
        IReadOnlyList<DraftSkill> skills = [Skill("a", "b"), Skill("b", "c", "d"), Skill("c", "d"), Skill("d")];
        Assert.Equal(["d", "b", "d"], DraftSkills.CycleThrough(skills, "d", "b"));
        Assert.Equal(["d", "a", "b", "d"], DraftSkills.CycleThrough(skills, "d", "a"));
        Assert.Equal(["c", "c"], DraftSkills.CycleThrough(skills, "c", "c"));
        Assert.Null(DraftSkills.CycleThrough(skills, "a", "d"));
    }
}
