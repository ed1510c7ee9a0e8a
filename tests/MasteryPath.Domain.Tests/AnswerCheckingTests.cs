using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Math;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

public class AnswerCheckingTests
{
    [Theory]
    [InlineData("2(x+1)", "2x+2")]
    [InlineData("2x + 2", "2(x + 1)")]
    [InlineData("(x+1)(x-1)", "x^2 - 1")]
    [InlineData("x*x", "x²")]
    [InlineData("3x − 6", "3(x-2)")]
    [InlineData("y = 2x + 3", "2x - y = -3")]
    [InlineData("1/2x", "x/2")]
    [InlineData("6xy", "2x * 3y")]
    [InlineData("sqrt(4x^2)", "2abs(x)")]
    public void Equivalent_expressions_are_correct(string key, string response)
    {
        var answer = new ExpressionAnswerKey(key, RequireSimplified: false, []);

        Assert.Equal(AnswerOutcome.Correct, answer.Check(response).Outcome);
    }

    [Theory]
    [InlineData("2(x+1)", "2x+1")]
    [InlineData("x^2 - 1", "x^2 + 1")]
    [InlineData("y = 2x + 3", "y = 3x + 2")]
    [InlineData("y = 2x + 3", "2x + 3")]
    [InlineData("xy", "x + y")]
    public void Different_expressions_are_incorrect(string key, string response)
    {
        var answer = new ExpressionAnswerKey(key, RequireSimplified: false, []);

        Assert.Equal(AnswerOutcome.Incorrect, answer.Check(response).Outcome);
    }

    [Fact]
    public void Simplified_form_rejects_an_equivalent_but_longer_answer_and_says_why()
    {
        var answer = new ExpressionAnswerKey("5x", RequireSimplified: true, []);

        var copied = answer.Check("3x + 2x");

        Assert.Equal(AnswerOutcome.WrongForm, copied.Outcome);
        Assert.Contains("not simplified", copied.Feedback, StringComparison.Ordinal);
        Assert.True(answer.Check("5x").IsCorrect);
    }

    [Fact]
    public void Expression_misconception_feedback_is_returned_for_that_wrong_answer()
    {
        var answer = new ExpressionAnswerKey("2x + 6", RequireSimplified: false, [new Misconception("2x + 3", "Multiply both terms inside the parentheses by 2.")]);

        var result = answer.Check("3 + 2x");

        Assert.Equal(AnswerOutcome.Incorrect, result.Outcome);
        Assert.Equal("Multiply both terms inside the parentheses by 2.", result.Feedback);
        Assert.Equal("0", result.Misconception);
    }

    [Theory]
    [InlineData("2x +")]
    [InlineData("")]
    [InlineData("(x+1")]
    [InlineData("x $ 2")]
    public void Unreadable_expressions_are_not_counted_and_say_why(string response)
    {
        var result = new ExpressionAnswerKey("x", false, []).Check(response);

        Assert.Equal(AnswerOutcome.Unreadable, result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Feedback));
    }

    [Theory]
    [InlineData("42", true)]
    [InlineData(" 42 ", true)]
    [InlineData("42.0", true)]
    [InlineData("84/2", true)]
    [InlineData("41", false)]
    [InlineData("−42", false)]
    public void Numeric_answers_are_compared_by_value(string response, bool correct)
    {
        var answer = new NumericAnswerKey(42, 0, "42", []);

        Assert.Equal(correct ? AnswerOutcome.Correct : AnswerOutcome.Incorrect, answer.Check(response).Outcome);
    }

    [Fact]
    public void Numeric_tolerance_accepts_close_answers_only()
    {
        var answer = new NumericAnswerKey(3.14159, 0.01, "3.14", []);

        Assert.True(answer.Check("3.14").IsCorrect);
        Assert.True(answer.Check("3.15").IsCorrect);
        Assert.False(answer.Check("3.2").IsCorrect);
    }

    [Fact]
    public void Numeric_misconception_and_unreadable_input()
    {
        var answer = new NumericAnswerKey(12, 0, "12", [new Misconception("7", "You added instead of multiplying.")]);

        Assert.Equal("You added instead of multiplying.", answer.Check("7").Feedback);
        Assert.Equal(AnswerOutcome.Unreadable, answer.Check("twelve").Outcome);
        Assert.Equal(AnswerOutcome.Unreadable, answer.Check("1,2").Outcome);
        Assert.True(new NumericAnswerKey(1250, 0, "1250", []).Check("1,250").IsCorrect);
    }

    [Theory]
    [InlineData("3/4", AnswerOutcome.Correct)]
    [InlineData("-3/4", AnswerOutcome.Incorrect)]
    [InlineData("6/8", AnswerOutcome.WrongForm)]
    [InlineData("0.75", AnswerOutcome.WrongForm)]
    [InlineData("4/3", AnswerOutcome.Incorrect)]
    [InlineData("3/0", AnswerOutcome.Unreadable)]
    [InlineData("three quarters", AnswerOutcome.Unreadable)]
    public void Fractions_in_lowest_terms(string response, AnswerOutcome expected)
    {
        var answer = new FractionAnswerKey(new Rational(3, 4), LowestTerms: true, []);

        Assert.Equal(expected, answer.Check(response).Outcome);
    }

    [Fact]
    public void An_unreduced_fraction_is_told_to_simplify_and_accepted_when_form_is_free()
    {
        var strict = new FractionAnswerKey(new Rational(3, 4), LowestTerms: true, []);
        var free = new FractionAnswerKey(new Rational(3, 4), LowestTerms: false, []);

        Assert.Contains("lowest terms", strict.Check("6/8").Feedback, StringComparison.Ordinal);
        Assert.True(free.Check("6/8").IsCorrect);
        Assert.True(free.Check("0.75").IsCorrect);
    }

    [Fact]
    public void Mixed_numbers_are_read()
    {
        var answer = new FractionAnswerKey(new Rational(-3, 2), LowestTerms: true, []);

        Assert.True(answer.Check("-1 1/2").IsCorrect);
        Assert.True(answer.Check("-3/2").IsCorrect);
        Assert.False(answer.Check("1 1/2").IsCorrect);
    }

    [Theory]
    [InlineData("Photosynthesis", true)]
    [InlineData("  photosynthesis. ", true)]
    [InlineData("PHOTO  SYNTHESIS", false)]
    [InlineData("the sun", true)]
    [InlineData("respiration", false)]
    public void Text_answers_are_normalised_and_alternatives_accepted(string response, bool correct)
    {
        var answer = new TextAnswerKey(["photosynthesis", "The Sun"], CaseSensitive: false, [new Misconception("respiration", "Respiration releases energy; it does not capture it.")]);

        Assert.Equal(correct, answer.Check(response).IsCorrect);
    }

    [Fact]
    public void Text_misconception_feedback()
    {
        var answer = new TextAnswerKey(["Paris"], CaseSensitive: false, [new Misconception("Lyon", "Lyon is France's third city, not its capital.")]);

        Assert.Equal("Lyon is France's third city, not its capital.", answer.Check("lyon").Feedback);
    }

    private static readonly ChoiceAnswerKey Single = new(
        [new Choice("a", "4", true, null), new Choice("b", "5", false, "2 + 2 is not 5."), new Choice("c", "22", false, "You wrote the digits side by side.")],
        MultipleSelect: false);

    [Fact]
    public void Single_choice_right_wrong_with_feedback_and_unreadable()
    {
        Assert.True(Single.Check("a").IsCorrect);
        Assert.True(Single.Check(" A ").IsCorrect);
        Assert.Equal("You wrote the digits side by side.", Single.Check("c").Feedback);
        Assert.Equal(AnswerOutcome.Unreadable, Single.Check("a,b").Outcome);
        Assert.Equal(AnswerOutcome.Unreadable, Single.Check("z").Outcome);
        Assert.Equal(AnswerOutcome.Unreadable, Single.Check(string.Empty).Outcome);
    }

    [Fact]
    public void Multiple_select_needs_all_correct_and_no_wrong_choice()
    {
        var key = new ChoiceAnswerKey(
            [new Choice("a", "2", true, null), new Choice("b", "3", true, null), new Choice("c", "4", false, "4 = 2 × 2 is not prime."), new Choice("d", "9", false, null)],
            MultipleSelect: true);

        Assert.True(key.Check("a,b").IsCorrect);
        Assert.True(key.Check("b a").IsCorrect);
        Assert.False(key.Check("a").IsCorrect);
        Assert.Equal("4 = 2 × 2 is not prime.", key.Check("a,b,c").Feedback);
    }

    [Fact]
    public void Validation_finds_keys_that_contradict_themselves()
    {
        Assert.Contains(new NumericAnswerKey(5, 0, "5", [new Misconception("5.0", "x")]).Validate(), p => p.StartsWith("a distractor equals the answer", StringComparison.Ordinal));
        Assert.Contains(new ExpressionAnswerKey("2(x+1)", false, [new Misconception("2x+2", "x")]).Validate(), p => p.StartsWith("a distractor equals the answer", StringComparison.Ordinal));
        Assert.Contains(new ChoiceAnswerKey([new Choice("a", "4", true, null), new Choice("b", " 4", false, null)], false).Validate(), p => p.StartsWith("a distractor equals the answer", StringComparison.Ordinal));
        Assert.Contains(new ChoiceAnswerKey([new Choice("a", "4", true, null), new Choice("b", "5", true, null)], false).Validate(), p => p.StartsWith("is ambiguous", StringComparison.Ordinal));
        Assert.Contains(new ChoiceAnswerKey([new Choice("a", "4", true, null), new Choice("b", "5", false, null), new Choice("c", "5", false, null)], false).Validate(), p => p.StartsWith("has duplicate choices", StringComparison.Ordinal));
        Assert.Empty(Single.Validate());
    }
}

public class AnswerCheckingEdgeTests
{
    [Fact]
    public void A_fractional_misconception_matches_the_learners_rounding_of_it()
    {
        var answer = new NumericAnswerKey(3, 0, "3", [new Misconception("7/3", "You divided the wrong way round.")]);

        Assert.Equal("You divided the wrong way round.", answer.Check("7/3").Feedback);
        Assert.Equal("You divided the wrong way round.", answer.Check("2.33").Feedback);
        Assert.Null(answer.Check("2.5").Feedback);
    }

    [Fact]
    public void Very_small_numbers_are_told_apart()
    {
        var answer = new NumericAnswerKey(3e-12, 0, "0.000000000003", []);

        Assert.True(answer.Check("0.000000000003").IsCorrect);
        Assert.False(answer.Check("0.000000000004").IsCorrect);
    }

    [Fact]
    public void Term_order_does_not_count_against_simplified_answers()
    {
        var answer = new ExpressionAnswerKey("y = 3x - 5", RequireSimplified: true, []);

        Assert.True(answer.Check("y = -5 + 3x").IsCorrect);
        Assert.False(answer.Check("y = 3x - 2 - 3").IsCorrect);
    }
}

public class ExpressionFormTests
{
    [Fact]
    public void Positive_exponents_form_rejects_negative_exponents_and_says_why()
    {
        var key = new ExpressionAnswerKey("5/x^3", RequireSimplified: true, [], RequirePositiveExponents: true);

        var result = key.Check("5x^-3");

        Assert.Equal(AnswerOutcome.WrongForm, result.Outcome);
        Assert.Contains("negative exponent", result.Feedback, StringComparison.Ordinal);
        Assert.True(key.Check("5/x^3").IsCorrect);
        Assert.True(key.Check("5/(x^3)").IsCorrect);
    }

    [Theory]
    [InlineData("y = 2x + 3", true)]
    [InlineData("y = 3 + 2x", true)]
    [InlineData("2x - y = -3", false)]
    [InlineData("y - 3 = 2x", false)]
    [InlineData("y = 2x + 3 + y - y", false)]
    public void Solved_for_form_wants_the_variable_alone_on_the_left(string response, bool correct)
    {
        var key = new ExpressionAnswerKey("y = 2x + 3", RequireSimplified: false, [], SolvedFor: "y");

        Assert.Equal(correct, key.Check(response).IsCorrect);
    }
}

public class AdversarialInputTests
{
    [Theory]
    [InlineData("٣/4")]
    [InlineData("1e999")]
    public void Odd_digits_are_unreadable_not_a_crash(string response)
    {
        var result = new FractionAnswerKey(new Rational(3, 4), true, []).Check(response);

        Assert.Equal(AnswerOutcome.Unreadable, result.Outcome);
    }

    [Theory]
    [InlineData("sqrt(x)", "√x", true)]
    [InlineData("2sqrt(x) + 1", "2√x + 1", true)]
    [InlineData("sqrt(x - 4)", "sqrt(x - 4)", true)]
    [InlineData("ln(x - 5)", "ln(x - 5)", true)]
    [InlineData("x / 10^10", "0", false)]
    public void Equivalence_handles_roots_restricted_domains_and_tiny_values(string key, string response, bool correct)
    {
        Assert.Equal(correct, new ExpressionAnswerKey(key, false, []).Check(response).IsCorrect);
    }

    [Fact]
    public void Juxtaposed_numbers_are_unreadable_with_a_hint()
    {
        var result = new ExpressionAnswerKey("3/2", false, []).Check("1 1/2");

        Assert.Equal(AnswerOutcome.Unreadable, result.Outcome);
        Assert.Contains("side by side", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_a_stack_overflow()
    {
        var deep = new string('(', 5000) + "x" + new string(')', 5000);

        Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(deep, ExpressionSyntax.Template));
        Assert.Equal(AnswerOutcome.Unreadable, new ExpressionAnswerKey("x", false, []).Check(new string('(', 150) + "x" + new string(')', 150)).Outcome);
    }

    [Fact]
    public void Decimals_are_written_exactly_and_ids_cannot_end_in_a_newline()
    {
        Assert.Equal("0.0001220703125", new Rational(1, 8192).ToDecimalString());
        Assert.False(SkillId.IsValid("abc\n"));
    }

    [Theory]
    [InlineData("round(1234, -1)")]
    [InlineData("round(sqrt(2), 20)")]
    [InlineData("isprime(1000000000000000000000007)")]
    public void Formula_limits_are_reported_as_formula_errors(string formula)
    {
        Assert.Throws<ExpressionException>(() => TemplateEvaluator.Evaluate(ExpressionParser.Parse(formula, ExpressionSyntax.Template), new Dictionary<string, Value>()));
    }

    [Fact]
    public void Square_roots_of_huge_exact_squares_stay_exact()
    {
        var value = TemplateEvaluator.Evaluate(ExpressionParser.Parse("sqrt((10^60)^7)", ExpressionSyntax.Template), new Dictionary<string, Value>());

        Assert.Equal(Value.Of(new Rational(System.Numerics.BigInteger.Pow(10, 210), 1)), value);
    }
}
