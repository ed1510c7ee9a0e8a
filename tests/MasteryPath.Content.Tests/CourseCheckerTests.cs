using MasteryPath.Content.Checking;

namespace MasteryPath.Content.Tests;

public sealed class CourseCheckerTests : IDisposable
{
    private readonly CourseFixture _course = new();

    public void Dispose() => _course.Dispose();

    private CheckReport Check() => CourseChecker.Check(_course.Root);

    private Diagnostic Single(CheckReport report, string code)
    {
        var matches = report.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one '{code}', got:\n{string.Join("\n", report.Diagnostics)}");
        return matches[0];
    }

    private string Rel(Diagnostic d) => Path.GetRelativePath(_course.Root, d.Location.File).Replace('\\', '/');

    [Fact]
    public void The_fixture_course_is_clean_and_loads()
    {
        var report = Check();

        Assert.True(report.Diagnostics.Count == 0, string.Join("\n", report.Diagnostics));
        Assert.NotNull(report.Load.Course);
        Assert.Equal(3, report.Load.SkillCount);
        Assert.Equal(3, report.Load.TemplateCount);
        Assert.Contains("3 skills", report.Summary, StringComparison.Ordinal);
        Assert.Contains("0 errors", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_prerequisite_is_named_at_its_line_and_column()
    {
        _course.Skill("adding", ["counting", "countng"]);

        var d = Single(Check(), "unknown-prerequisite");

        Assert.Equal("skills/adding.md", Rel(d));
        Assert.Equal(6, d.Location.Line);
        Assert.Equal(27, d.Location.Column);
        Assert.Contains("'countng'", d.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Error, d.Severity);
    }

    [Fact]
    public void A_cycle_is_printed_and_skills_behind_it_are_unreachable()
    {
        _course.Skill("counting", ["multiplying"]);
        _course.Skill("extra", ["counting"]);
        _course.Items("extra", "e1", "a - b", "b - a");

        var report = Check();

        var cycle = Single(report, "prerequisite-cycle");
        string[] rotations = ["counting -> adding -> multiplying -> counting", "adding -> multiplying -> counting -> adding", "multiplying -> counting -> adding -> multiplying"];
        Assert.Contains(rotations, r => cycle.Message.Contains(r, StringComparison.Ordinal));
        Assert.Contains(report.Diagnostics, d => d.Code == "unreachable-content" && d.Message.Contains("'extra'", StringComparison.Ordinal));
        Assert.Null(report.Load.Course);
    }

    [Fact]
    public void A_wrong_answer_fails_its_verification_at_the_verify_line()
    {
        _course.Replace("items/adding.yaml", "answer: \"a + b\"", "answer: \"a * b - 1\"");

        var d = Single(Check(), "wrong-answer");

        Assert.Equal("items/adding.yaml", Rel(d));
        Assert.Equal(13, d.Location.Line);
        Assert.Contains("a1", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stated_answer_its_own_checker_rejects_is_reported()
    {
        _course.Write("items/counting.yaml", """
            skill: counting
            items:
              - id: root-two
                kind: numeric
                prompt: What is the square root of 2?
                answer: "sqrt(2)"
                tolerance: "0"
                hints: ["Between 1 and 2."]
                solution: About 1.41421.
            templates:
              - id: c1
                kind: numeric
                parameters:
                  a: { range: [1, 30] }
                prompt: "[[a]] + 1?"
                answer: "a + 1"
                hints: ["Count on."]
                solution: "[[a + 1]]"
            """);

        var d = Single(Check(), "answer-fails-checker");

        Assert.Equal(6, d.Location.Line);
        Assert.Contains("root-two", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_distractor_equal_to_the_answer_for_some_seed_is_found_by_sampling()
    {
        _course.Replace("items/adding.yaml", "  - \"a != b\"", "  - \"a >= 2\"");

        var d = Single(Check(), "distractor-equals-answer");

        Assert.Contains("seed", d.Message, StringComparison.Ordinal);
        Assert.Equal("items/adding.yaml", Rel(d));
    }

    [Fact]
    public void Duplicate_and_ambiguous_choices_are_found()
    {
        _course.Write("items/counting.yaml", """
            skill: counting
            templates:
              - id: c1
                kind: single-choice
                parameters:
                  a: { range: [1, 20] }
                  b: { range: [1, 3] }
                prompt: "What comes after [[a]]?"
                choices:
                  - { text: "[[a + 1]]", correct: true }
                  - { text: "[[a + b]]", feedback: "Count by ones." }
                  - { text: "[[a - 1]]", feedback: "That comes before." }
                  - { text: "[[a + 2]]", feedback: "Count by ones." }
                hints: ["Count on by one."]
                solution: "[[a + 1]]"
            """);

        var report = Check();

        Assert.Contains(report.Diagnostics, d => d.Code == "distractor-equals-answer");
        Assert.Contains(report.Diagnostics, d => d.Code == "duplicate-choices");
    }

    [Fact]
    public void Unsatisfiable_constraints_and_failing_formulas_are_reported()
    {
        _course.Replace("items/adding.yaml", "  - \"a != b\"", "  - \"a > 100\"");
        _course.Replace("items/multiplying.yaml", "solution: \"The answer is [[a * b]].\"", "solution: \"The answer is [[a / (b - b)]].\"");

        var report = Check();

        Assert.Contains(report.Diagnostics, d => d.Code == "unsatisfiable-template" && d.Message.Contains("a1", StringComparison.Ordinal));
        Assert.Contains(report.Diagnostics, d => d.Code == "invalid-variant" && d.Message.Contains("division by zero", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Too_few_variants_for_practice_and_a_check()
    {
        _course.Replace("items/counting.yaml", "a: { range: [2, 9] }", "a: { range: [2, 3] }");
        _course.Replace("items/counting.yaml", "b: { range: [2, 9] }", "b: { range: [2, 3] }");

        var d = Single(Check(), "too-few-variants");

        Assert.Equal("skills/counting.md", Rel(d));
        Assert.Contains("offers 2 distinct", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_syntax_errors_point_at_the_line()
    {
        _course.Replace("items/adding.yaml", "kind: numeric", "kind: [numeric");

        var d = Single(Check(), "yaml-syntax");

        Assert.Equal("items/adding.yaml", Rel(d));
        Assert.InRange(d.Location.Line, 4, 6);
    }

    [Fact]
    public void Math_errors_in_a_lesson_point_at_the_formula()
    {
        _course.Replace("skills/adding.md", @"Explanation with $\frac{1}{2} + 1$.", @"Explanation with $\frca{1}{2} + 1$.");

        var d = Single(Check(), "markdown");

        Assert.Equal("skills/adding.md", Rel(d));
        Assert.Equal(10, d.Location.Line);
        Assert.Equal(19, d.Location.Column);
        Assert.Contains(@"\frca", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_objective_and_sections_are_reported()
    {
        _course.Skill("adding", ["counting"], objective: null);
        _course.Replace("skills/counting.md", "# Corrective", "# Correctve");

        var report = Check();

        Assert.Equal("skills/adding.md", Rel(Single(report, "missing-objective")));
        Assert.Contains(report.Diagnostics, d => d.Code == "unknown-section" && d.Location.Line == 16);
        Assert.Contains(report.Diagnostics, d => d.Code == "missing-section" && d.Message.Contains("Corrective", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_ids_are_reported_with_the_first_place()
    {
        _course.Replace("items/multiplying.yaml", "id: m1", "id: a1");

        var d = Single(Check(), "duplicate-id");

        Assert.Contains("items/adding.yaml", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_content_unknown_fields_and_bad_formulas()
    {
        _course.Replace("items/multiplying.yaml", "skill: multiplying", "skill: multiplyng");
        _course.Replace("items/adding.yaml", "hints:", "hintz:");
        _course.Replace("items/counting.yaml", "answer: \"a + b\"", "answer: \"a + c\"");
        _course.Write("notes.txt", "stray");

        var report = Check();

        Assert.Contains(report.Diagnostics, d => d.Code == "unreachable-content" && d.Message.Contains("'multiplyng'", StringComparison.Ordinal));
        Assert.Contains(report.Diagnostics, d => d.Code == "no-practice" && d.Message.Contains("'multiplying'", StringComparison.Ordinal));
        Assert.Contains(report.Diagnostics, d => d.Code == "unknown-field" && d.Message.Contains("'hintz'", StringComparison.Ordinal));
        Assert.Contains(report.Diagnostics, d => d.Code == "bad-formula" && d.Message.Contains("unknown parameter 'c'", StringComparison.Ordinal));
        Assert.Contains(report.Diagnostics, d => d.Code == "unreachable-content" && d.Severity == Severity.Warning && Rel(d) == "notes.txt");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        _course.Skill("adding", ["counting", "ghost"]);
        _course.Replace("items/multiplying.yaml", "answer: \"a * b\"", "answer: \"a * b + 1\"");
        _course.Replace("skills/counting.md", @"$\frac{1}{2} + 1$", @"$\frac{1}{2 + 1$");

        var codes = Check().Diagnostics.Select(d => d.Code).ToHashSet();

        Assert.Contains("unknown-prerequisite", codes);
        Assert.Contains("markdown", codes);
        Assert.Contains("unreachable-content", codes);
    }

    [Fact]
    public void A_rubric_with_a_passing_score_outside_its_levels_is_an_error()
    {
        _course.Replace("tasks/poster.yaml", "passing: 2", "passing: 7");

        Assert.Contains(Check().Diagnostics, d => d.Code == "bad-rubric");
    }
}
