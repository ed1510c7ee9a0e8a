using MasteryPath.Content.Checking;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Content.Tests;

/// <summary>A skill's optional <c>standard:</c> block (a CASE CFItem): read into the course, and refused with a sentence when it cannot name the standard.</summary>
public sealed class SkillStandardTests : IDisposable
{
    private const string Front = "prerequisites: []\n---";

    private readonly CourseFixture _course = new();

    public void Dispose() => _course.Dispose();

    [Fact]
    public void A_standard_block_is_loaded_with_its_case_identifier_code_and_statement()
    {
        _course.Replace("skills/counting.md", Front, """
            prerequisites: []
            standard:
              identifier: 4A7C2D3E-1B2F-4C5D-8E9F-0A1B2C3D4E5F
              uri: https://case.example/uri/4a7c2d3e-1b2f-4c5d-8e9f-0a1b2c3d4e5f
              code: K.CC.A.1
              statement: Count to 100 by ones and by tens.
              framework: Fixture Mathematics Standards
            ---
            """);

        var report = CourseChecker.Check(_course.Root);

        Assert.True(report.Diagnostics.Count == 0, string.Join("\n", report.Diagnostics));
        var standard = report.Load.Course!.SkillsById[SkillId.Parse("counting")].Standard!;
        Assert.Equal("4a7c2d3e-1b2f-4c5d-8e9f-0a1b2c3d4e5f", standard.Identifier);
        Assert.Equal("K.CC.A.1 — Count to 100 by ones and by tens.", standard.Display);
        Assert.Equal("Fixture Mathematics Standards", standard.Framework);
        Assert.Null(report.Load.Course.SkillsById[SkillId.Parse("adding")].Standard);
    }

    [Theory]
    [InlineData("  identifier: not-a-guid\n  statement: Count to 100.", "the standard's identifier 'not-a-guid' is not a CASE identifier")]
    [InlineData("  statement: Count to 100.", "identifier")]
    [InlineData("  identifier: 4a7c2d3e-1b2f-4c5d-8e9f-0a1b2c3d4e5f", "statement")]
    [InlineData("  identifier: 4a7c2d3e-1b2f-4c5d-8e9f-0a1b2c3d4e5f\n  statement: Count.\n  uri: ftp://case.example/x", "is not an http or https address")]
    [InlineData("  identifier: 4a7c2d3e-1b2f-4c5d-8e9f-0a1b2c3d4e5f\n  statement: Count.\n  grade: K", "grade")]
    public void A_standard_that_cannot_name_the_standard_is_an_error_at_its_line(string block, string says)
    {
        _course.Replace("skills/counting.md", Front, $"prerequisites: []\nstandard:\n{block}\n---");

        var report = CourseChecker.Check(_course.Root);

        var error = Assert.Single(report.Diagnostics, d => d.Severity == Severity.Error);
        Assert.EndsWith("counting.md", error.Location.File, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.True(error.Location.Line > 1);
    }
}
