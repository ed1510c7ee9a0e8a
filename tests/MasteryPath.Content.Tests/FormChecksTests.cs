using MasteryPath.Content.Checking;
using MasteryPath.Content.Loading;
using MasteryPath.Domain.Items;

namespace MasteryPath.Content.Tests;

/// <summary>Prompt and checker must agree on the demanded form; the loader reads the form fields.</summary>
public sealed class FormChecksTests : IDisposable
{
    private readonly CourseFixture _course = new();

    public void Dispose() => _course.Dispose();

    private void FractionItem(string prompt, string flags) =>
        _course.Write("items/counting.yaml", $"""
            skill: counting
            templates:
              - id: c1
                kind: fraction
            {flags}
                parameters:
                  a: {"{ range: [2, 9] }"}
                  b: {"{ range: [11, 19] }"}
                prompt: '{prompt}'
                answer: "a / b"
                hints: ["Think."]
                solution: "It is [[a]]/[[b]]."
            """);

    private List<Diagnostic> FormDiagnostics() =>
        CourseChecker.Check(_course.Root).Diagnostics.Where(d => d.Code.StartsWith("form-", StringComparison.Ordinal)).ToList();

    [Fact]
    public void A_prompt_that_asks_for_lowest_terms_without_the_flag_is_flagged_at_the_prompt()
    {
        FractionItem("Write $[[a]]/[[b]]$ in lowest terms.", string.Empty);

        var d = Assert.Single(FormDiagnostics());

        Assert.Equal("form-not-checked", d.Code);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Contains("'lowest-terms'", d.Message, StringComparison.Ordinal);
        Assert.Matches(@"items/counting\.yaml:9:\d+: warning form-not-checked: template 'c1'", d.ToString());
    }

    [Fact]
    public void A_flag_the_prompt_never_mentions_is_flagged_at_the_flag()
    {
        FractionItem("What is $[[a]]/[[b]]$?", "    mixed-number: true");

        var d = Assert.Single(FormDiagnostics());

        Assert.Equal("form-not-stated", d.Code);
        Assert.Equal(5, d.Location.Line);
        Assert.Contains("'mixed-number'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fraction_or_mixed_number_is_permission_not_a_demand()
    {
        FractionItem("Give $[[a]]/[[b]]$ as a fraction in lowest terms or as a mixed number.", "    lowest-terms: true");

        Assert.Empty(FormDiagnostics());
    }

    [Fact]
    public void Matching_prompt_and_flags_load_into_the_key()
    {
        FractionItem("Write $[[a]]/[[b]]$ as a mixed number in lowest terms.", "    mixed-number: true\n    lowest-terms: true");

        var load = CourseLoader.Load(_course.Root);

        Assert.Empty(FormDiagnostics());
        var item = load.ItemDefinitions.Single(d => d.Id == "c1");
        Assert.True(item.LowestTerms);
        Assert.True(item.Forms.MixedNumber);
    }

    [Fact]
    public void Fraction_items_accept_any_equal_value_by_default()
    {
        FractionItem("What is $[[a]]/[[b]]$?", string.Empty);

        var item = CourseLoader.Load(_course.Root).ItemDefinitions.Single(d => d.Id == "c1");

        Assert.False(item.LowestTerms);
        Assert.False(item.Forms.MixedNumber);
    }

    [Fact]
    public void Variable_case_is_set_for_the_course_and_overridden_per_item()
    {
        _course.Replace("course.yaml", "version: 0.1.0", "version: 0.1.0\nvariable-case: insensitive");
        _course.Write("items/counting.yaml", """
            skill: counting
            templates:
              - id: c1
                kind: expression
                parameters:
                  a: { range: [2, 9] }
                prompt: 'Write $[[a]]$ more than $x$.'
                answer: "x + [[a]]"
                hints: ["Think."]
                solution: "x + [[a]]."
              - id: c2
                kind: expression
                variable-case: sensitive
                parameters:
                  a: { range: [2, 9] }
                prompt: 'Write $[[a]]$ less than $x$.'
                answer: "x - [[a]]"
                hints: ["Think."]
                solution: "x - [[a]]."
            """);

        var load = CourseLoader.Load(_course.Root);

        Assert.True(load.ItemDefinitions.Single(d => d.Id == "c1").Forms.IgnoreVariableCase);
        Assert.False(load.ItemDefinitions.Single(d => d.Id == "c2").Forms.IgnoreVariableCase);
        var key = new Domain.Templates.ItemGenerator(load.ItemDefinitions.Single(d => d.Id == "c1")).Instantiate(1).Key;
        Assert.True(key.Check(key.CanonicalResponse.Replace('x', 'X')).IsCorrect);
    }

    [Fact]
    public void A_bad_variable_case_is_an_error()
    {
        _course.Replace("course.yaml", "version: 0.1.0", "version: 0.1.0\nvariable-case: maybe");

        var report = CourseChecker.Check(_course.Root);

        Assert.Contains(report.Diagnostics, d => d.Code == "wrong-type" && d.Message.Contains("'variable-case'", StringComparison.Ordinal));
    }

    [Fact]
    public void Decimal_places_are_read_and_checked_against_the_prompt()
    {
        _course.Replace("items/counting.yaml", "prompt: 'Compute with $[[a]]$ and $[[b]]$.'", "decimal-places: 2\n    prompt: 'Compute with $[[a]]$ and $[[b]]$, to 2 decimal places.'");

        var load = CourseLoader.Load(_course.Root);

        Assert.Equal(2, load.ItemDefinitions.Single(d => d.Id == "c1").Forms.DecimalPlaces);
        Assert.Empty(FormDiagnostics());
        Assert.IsType<NumericAnswerKey>(new Domain.Templates.ItemGenerator(load.ItemDefinitions.Single(d => d.Id == "c1")).Instantiate(1).Key);
    }
}
