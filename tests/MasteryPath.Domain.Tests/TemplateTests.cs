using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Math;
using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Domain.Tests;

public class TemplateTests
{
    private static readonly SkillId Skill = SkillId.Parse("two-step-equations");

    private static ItemDefinition Definition(
        ItemKind kind,
        IReadOnlyList<ParameterSpec> parameters,
        string prompt,
        string? answer,
        IReadOnlyList<string>? constraints = null,
        IReadOnlyList<ChoiceDefinition>? choices = null,
        IReadOnlyList<MisconceptionDefinition>? misconceptions = null,
        IReadOnlyList<string>? verify = null) =>
        new("t1", kind, Skill, [], parameters, constraints ?? [], prompt, answer, [], null, true, false, false, choices ?? [], misconceptions ?? [], ["Undo the addition first."], "Solution.", 2, true, verify);

    private static readonly ItemDefinition TwoStep = Definition(
        ItemKind.Numeric,
        [
            new RangeParameter("x", -9, 9, 1, [0]),
            new RangeParameter("a", 2, 9, 1, []),
            new RangeParameter("b", -20, 20, 1, [0]),
            new ComputedParameter("c", "a * x + b"),
        ],
        "Solve $[[a]]x [[b|signed]] = [[c]]$.",
        "x",
        misconceptions: [new MisconceptionDefinition("(c + b) / a", "Undo the addition by subtracting [[b]], not adding it.")],
        constraints: ["(c + b) % a != 0 || (c + b) / a != x"],
        verify: ["a * answer + b == c"]);

    [Property(MaxTest = 300)]
    public Property Instantiation_is_deterministic_per_seed(long seed)
    {
        var generator = new ItemGenerator(TwoStep);

        var first = generator.Instantiate(seed);
        var second = new ItemGenerator(TwoStep).Instantiate(seed);

        return (first.Prompt == second.Prompt && first.Key.CanonicalResponse == second.Key.CanonicalResponse && first.Id == second.Id).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Every_variant_answer_passes_its_own_checker(long seed)
    {
        var item = new ItemGenerator(TwoStep).Instantiate(seed);

        return (item.Key.Check(item.Key.CanonicalResponse).IsCorrect && item.Key.Validate().Count == 0).ToProperty();
    }

    [Fact]
    public void Variants_differ_across_seeds_and_fill_every_hole()
    {
        var generator = new ItemGenerator(TwoStep);

        var prompts = Enumerable.Range(1, 50).Select(s => generator.Instantiate(s).Prompt).ToHashSet();

        Assert.True(prompts.Count > 30, $"only {prompts.Count} distinct prompts");
        Assert.All(prompts, p => Assert.DoesNotContain("[[", p, StringComparison.Ordinal));
        Assert.All(prompts, p => Assert.DoesNotContain("+ -", p, StringComparison.Ordinal));
        Assert.Equal("t1@7", generator.Instantiate(7).Id);
    }

    [Fact]
    public void Misconception_feedback_is_interpolated_per_variant()
    {
        var item = new ItemGenerator(TwoStep).Instantiate(3);
        var misconception = Assert.Single(((NumericAnswerKey)item.Key).Misconceptions);

        var result = item.Key.Check(misconception.Answer);

        Assert.Equal(AnswerOutcome.Incorrect, result.Outcome);
        Assert.DoesNotContain("[[", result.Feedback!, StringComparison.Ordinal);
        Assert.StartsWith("Undo the addition by subtracting ", result.Feedback!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_answer_formula_fails_its_verification()
    {
        var wrong = TwoStep with { Answer = "(c + b) / a" };

        var ex = Assert.Throws<TemplateException>(() => new ItemGenerator(wrong).Instantiate(1));

        Assert.Equal("verify[0]", ex.Field);
        Assert.Contains("fails the verification", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constraints_are_honoured()
    {
        var definition = Definition(
            ItemKind.Numeric,
            [new RangeParameter("a", 1, 20, 1, []), new RangeParameter("b", 1, 20, 1, [])],
            "[[a]] / [[b]]",
            "a / b",
            constraints: ["a % b == 0", "b > 1"]);
        var generator = new ItemGenerator(definition);

        for (var seed = 0; seed < 100; seed++)
        {
            var values = generator.DrawParameters(seed);
            var a = ((ExactValue)values["a"]).Number;
            var b = ((ExactValue)values["b"]).Number;
            Assert.True((a / b).IsInteger && b > 1);
        }
    }

    [Fact]
    public void Unsatisfiable_constraints_are_reported()
    {
        var definition = Definition(ItemKind.Numeric, [new RangeParameter("a", 1, 5, 1, [])], "[[a]]", "a", constraints: ["a > 10"]);

        var ex = Assert.Throws<TemplateException>(() => new ItemGenerator(definition).Instantiate(1));

        Assert.Equal("constraints", ex.Field);
    }

    [Fact]
    public void Unknown_parameters_are_rejected_at_compile_time_with_the_field()
    {
        var definition = Definition(ItemKind.Numeric, [new RangeParameter("a", 1, 5, 1, [])], "What is [[a + q]]?", "a");

        var ex = Assert.Throws<TemplateException>(() => new ItemGenerator(definition));

        Assert.Equal("prompt", ex.Field);
        Assert.Contains("unknown parameter 'q'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_templates_keep_authored_order_and_stable_keys_and_pin_catch_alls()
    {
        var definition = Definition(
            ItemKind.SingleChoice,
            [new RangeParameter("a", 2, 9, 1, []), new RangeParameter("b", 2, 9, 1, [])],
            "What is [[a]] × [[b]]?",
            null,
            constraints: ["a != b", "a + b != a * b"],
            choices: [new ChoiceDefinition("[[a * b]]", true, null), new ChoiceDefinition("[[a + b]]", false, "You added."), new ChoiceDefinition("None of these", false, null)]);
        var generator = new ItemGenerator(definition);

        var key = (ChoiceAnswerKey)generator.Instantiate(11).Key;

        Assert.Equal(["a", "b", "c"], key.Choices.Select(c => c.Key));
        Assert.Equal([false, false, true], key.Choices.Select(c => c.Pinned));
        Assert.True(key.Check("a").IsCorrect);
        Assert.Equal("You added.", key.Check("b").Feedback);
        Assert.Equal("b", key.Check("b").Misconception);
        Assert.All(Enumerable.Range(0, 40), s => Assert.Equal("abc", string.Concat(((ChoiceAnswerKey)generator.Instantiate(s).Key).Choices.Select(c => c.Key))));

        var unshuffled = new ItemGenerator(definition with { ShuffleChoices = false, Choices = [.. definition.Choices.Take(2), new ChoiceDefinition("Each of the products above", false, null)] });
        Assert.Equal([false, false, true], ((ChoiceAnswerKey)unshuffled.Instantiate(3).Key).Choices.Select(c => c.Pinned));
    }

    [Theory]
    [InlineData(3, "signed", "+ 3")]
    [InlineData(-3, "signed", "- 3")]
    [InlineData(1, "coef", "")]
    [InlineData(-1, "coef", "-")]
    [InlineData(5, "coef", "5")]
    [InlineData(-1, "signedcoef", "- ")]
    [InlineData(-4, "paren", "(-4)")]
    public void Formats_write_numbers_as_algebra_needs(int value, string format, string expected)
    {
        Assert.Equal(expected, InterpolatedText.Format(Value.Of(value), format));
    }

    [Fact]
    public void Fraction_formats()
    {
        var value = Value.Of(new Rational(-7, 2));

        Assert.Equal("-\\frac{7}{2}", InterpolatedText.Format(value, "frac"));
        Assert.Equal("-7/2", InterpolatedText.Format(value, "fraction"));
        Assert.Equal("-3 1/2", InterpolatedText.Format(value, "mixed"));
        Assert.Equal("-3.5", InterpolatedText.Format(value, "decimal"));
    }

    [Fact]
    public void Fixed_items_have_one_variant_whatever_the_seed()
    {
        var definition = Definition(ItemKind.Fraction, [], "Simplify 6/8.", "6/8");
        var generator = new ItemGenerator(definition);

        var a = generator.Instantiate(1);
        var b = generator.Instantiate(999);

        Assert.Equal("t1", a.Id);
        Assert.Null(a.Seed);
        Assert.Equal(a.Prompt, b.Prompt);
        Assert.True(a.Key.Check("3/4").IsCorrect);
        Assert.False(a.Key.Check("6/8").IsCorrect);
    }
}

public class ExpressionVerificationTests
{
    private static ItemDefinition Expand(string answer) => new(
        "expand", ItemKind.Expression, SkillId.Parse("multiplying-polynomials"), [],
        [new RangeParameter("a", 1, 9, 1, []), new RangeParameter("b", 1, 9, 1, [])],
        [], "Expand $(x + [[a]])(x + [[b]])$.", answer, [], null, true, false, false, [], [], ["FOIL."], "Solution.", 3, true,
        ["(x + [[a]])(x + [[b]])"], RequireExpanded: true);

    [Fact]
    public void A_correct_expansion_passes_and_a_wrong_one_is_caught()
    {
        var right = new ItemGenerator(Expand("x^2 + [[a + b]]x + [[a * b]]")).Instantiate(5);
        var key = (ExpressionAnswerKey)right.Key;
        Assert.True(key.Check(key.Answer).IsCorrect);
        Assert.Empty(key.Validate());

        var copiedPrompt = key.Check(right.Prompt[8..^2]);
        Assert.Equal(AnswerOutcome.WrongForm, copiedPrompt.Outcome);
        Assert.Contains("not expanded", copiedPrompt.Feedback, StringComparison.Ordinal);

        var ex = Assert.Throws<TemplateException>(() => new ItemGenerator(Expand("x^2 + [[a * b]]x + [[a + b]]")).Instantiate(5));
        Assert.Equal("verify[0]", ex.Field);
    }
}

public class TemplateFailureTests
{
    [Theory]
    [InlineData("round(a, -1)")]
    [InlineData("gcd(a, 1/2)")]
    [InlineData("a / (a - a)")]
    public void Every_formula_failure_surfaces_as_a_template_exception_naming_the_field(string answer)
    {
        var definition = new ItemDefinition(
            "t", ItemKind.Numeric, SkillId.Parse("s"), [], [new RangeParameter("a", 1, 5, 1, [])], [], "[[a]]?", answer, [], null, true, false, false, [], [], ["h"], "s", null);

        var ex = Assert.Throws<TemplateException>(() => new ItemGenerator(definition).Instantiate(1));

        Assert.Equal("answer", ex.Field);
    }
}
