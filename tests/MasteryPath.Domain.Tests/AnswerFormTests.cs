using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Tests;

/// <summary>A right value in a form the item does not accept gets the form message and is not evidence.</summary>
public class AnswerFormTests
{
    [Theory]
    [InlineData("1x-10")]
    [InlineData("-1x+3")]
    [InlineData("x^1")]
    [InlineData("3x - 5")]
    [InlineData("-5 + 3x")]
    [InlineData("x/2 + 1")]
    [InlineData("1/2x + 1")]
    [InlineData("2(x + 3)")]
    [InlineData("(x + 1)(x - 1)")]
    [InlineData("5/x^3")]
    [InlineData("y = 3x - 5")]
    [InlineData("2sqrt(x) + 1")]
    public void Written_forms_with_nothing_left_to_do_are_simplified(string text) =>
        Assert.Null(ExpressionForms.NotSimplified(ExpressionParser.Parse(text, ExpressionSyntax.Algebra)));

    [Theory]
    [InlineData("3x + 2x", "like terms")]
    [InlineData("x + 2 + 3", "numbers")]
    [InlineData("2*3x", "multiplied")]
    [InlineData("3(2x)", "multiplied")]
    [InlineData("x*x", "same base")]
    [InlineData("x^3*x^4", "same base")]
    [InlineData("x^5/x^2", "same base")]
    [InlineData("(x^2)^3", "power of a power")]
    [InlineData("(2x)^3", "product or quotient")]
    [InlineData("2^3x", "power of a number")]
    [InlineData("6x/4", "lowest terms")]
    [InlineData("x^0 + 1", "exponent 0")]
    [InlineData("2(x + 1) + 3", "multiplied out")]
    [InlineData("(x^2 - 1)/(x - 1)", "common factor")]
    [InlineData("(4x + 2)/2", "common factor")]
    [InlineData("x + 0", "zero")]
    [InlineData("y = 3x - 2 - 3", "numbers")]
    [InlineData("2sqrt(x) + 3sqrt(x)", "like terms")]
    public void Work_left_undone_is_not_simplified_and_the_reason_is_named(string text, string reason) =>
        Assert.Contains(reason, ExpressionForms.NotSimplified(ExpressionParser.Parse(text, ExpressionSyntax.Algebra)), StringComparison.Ordinal);

    [Fact]
    public void Simplified_items_accept_a_coefficient_of_one_and_give_the_form_message_otherwise()
    {
        var key = new ExpressionAnswerKey("x - 10", RequireSimplified: true, []);

        Assert.True(key.Check("1x-10").IsCorrect);
        var undone = key.Check("3x - 2x - 10");
        Assert.Equal(AnswerOutcome.WrongForm, undone.Outcome);
        Assert.False(undone.IsEvidence);
        Assert.Contains("like terms", undone.Feedback, StringComparison.Ordinal);
        Assert.Equal(AnswerOutcome.Incorrect, key.Check("x - 9").Outcome);
    }

    [Theory]
    [InlineData("x^2+x-2", AnswerOutcome.Correct)]
    [InlineData("x^2 - 2 + x", AnswerOutcome.WrongForm)]
    [InlineData("x+x^2-2", AnswerOutcome.WrongForm)]
    [InlineData("(x+2)(x-1)", AnswerOutcome.WrongForm)]
    [InlineData("x^2+x-3", AnswerOutcome.Incorrect)]
    public void Standard_form_wants_descending_powers(string response, AnswerOutcome expected)
    {
        var key = new ExpressionAnswerKey("x^2 + x - 2", RequireSimplified: false, [], RequireStandardForm: true);

        var result = key.Check(response);

        Assert.Equal(expected, result.Outcome);
        if (expected == AnswerOutcome.WrongForm)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Feedback));
        }
    }

    [Theory]
    [InlineData("10/24", true)]
    [InlineData("5/12", true)]
    [InlineData("0.41666", false)]
    public void A_fraction_item_that_demands_no_form_accepts_any_equal_value(string response, bool correct)
    {
        var key = new FractionAnswerKey(new Rational(5, 12), LowestTerms: false, []);

        Assert.Equal(correct ? AnswerOutcome.Correct : AnswerOutcome.Incorrect, key.Check(response).Outcome);
    }

    [Theory]
    [InlineData("3 5/6", AnswerOutcome.Correct)]
    [InlineData("23/6", AnswerOutcome.WrongForm)]
    [InlineData("3.8333", AnswerOutcome.Incorrect)]
    [InlineData("2 11/6", AnswerOutcome.WrongForm)]
    [InlineData("3 10/12", AnswerOutcome.WrongForm)]
    [InlineData("3 4/6", AnswerOutcome.Incorrect)]
    public void A_mixed_number_item_gives_the_form_message_for_an_improper_fraction(string response, AnswerOutcome expected)
    {
        var key = new FractionAnswerKey(new Rational(23, 6), LowestTerms: true, [], MixedNumber: true);

        Assert.Equal(expected, key.Check(response).Outcome);
        Assert.Equal("3 5/6", key.CanonicalResponse);
    }

    [Fact]
    public void A_mixed_number_item_wants_whole_values_whole_and_proper_fractions_as_they_are()
    {
        var whole = new FractionAnswerKey(new Rational(2, 1), LowestTerms: false, [], MixedNumber: true);
        var proper = new FractionAnswerKey(new Rational(3, 4), LowestTerms: false, [], MixedNumber: true);

        Assert.Equal(AnswerOutcome.WrongForm, whole.Check("4/2").Outcome);
        Assert.True(whole.Check("2").IsCorrect);
        Assert.True(proper.Check("3/4").IsCorrect);
    }

    [Theory]
    [InlineData("12.35", AnswerOutcome.Correct)]
    [InlineData("12.350", AnswerOutcome.Correct)]
    [InlineData("12.346", AnswerOutcome.WrongForm)]
    [InlineData("12.3456", AnswerOutcome.WrongForm)]
    [InlineData("12.34", AnswerOutcome.Incorrect)]
    [InlineData("12.3", AnswerOutcome.Incorrect)]
    public void Decimal_places_give_the_form_message_for_an_unrounded_value(string response, AnswerOutcome expected)
    {
        var key = new NumericAnswerKey(12.35, 0, "12.35", [], DecimalPlaces: 2);

        Assert.Equal(expected, key.Check(response).Outcome);
    }

    [Fact]
    public void An_exact_numeric_answer_does_not_accept_a_decimal_a_billionth_away()
    {
        var key = new NumericAnswerKey(0.5, 0, "0.5", []);

        Assert.True(key.Check("1/2").IsCorrect);
        Assert.False(key.Check("0.5000000001").IsCorrect);
    }

    [Fact]
    public void Variables_can_be_matched_regardless_of_case()
    {
        var folding = new ExpressionAnswerKey("5x - 4", RequireSimplified: false, [], IgnoreVariableCase: true);
        var strict = new ExpressionAnswerKey("5x - 4", RequireSimplified: false, []);

        Assert.True(folding.Check("5X-4").IsCorrect);
        var capital = strict.Check("5X-4");
        Assert.Equal(AnswerOutcome.WrongForm, capital.Outcome);
        Assert.Contains("capital", capital.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_in_another_variable_is_told_which_variable_the_question_uses()
    {
        var key = new ExpressionAnswerKey("2x + 6", RequireSimplified: false, []);

        var result = key.Check("2t + 6");

        Assert.Equal(AnswerOutcome.WrongForm, result.Outcome);
        Assert.StartsWith("This question uses x", result.Feedback, StringComparison.Ordinal);
        Assert.Equal(AnswerOutcome.Incorrect, key.Check("2x + 7").Outcome);
    }

    [Fact]
    public void Only_the_right_hand_side_of_a_solved_for_answer_is_told_to_write_the_equation()
    {
        var key = new ExpressionAnswerKey("y = 2x + 3", RequireSimplified: false, [], SolvedFor: "y");

        Assert.Equal(AnswerOutcome.WrongForm, key.Check("2x + 3").Outcome);
        Assert.Equal(AnswerOutcome.WrongForm, key.Check("2x - y = -3").Outcome);
        Assert.Equal(AnswerOutcome.Incorrect, key.Check("2x + 4").Outcome);
    }

    [Fact]
    public void A_key_that_breaks_its_own_form_is_reported()
    {
        Assert.Contains(new ExpressionAnswerKey("3x + 2x", RequireSimplified: true, []).Validate(), p => p.Contains("form", StringComparison.Ordinal));
        Assert.Contains(new NumericAnswerKey(1.234, 0, "1.234", [], DecimalPlaces: 2).Validate(), p => p.Contains("decimal places", StringComparison.Ordinal));
        Assert.Contains(new FractionAnswerKey(new Rational(23, 6), true, [new Misconception("3 5/6", "x")], MixedNumber: true).Validate(), p => p.StartsWith("a distractor equals", StringComparison.Ordinal));
        Assert.Empty(new FractionAnswerKey(new Rational(23, 6), true, [new Misconception("23/6", "Write it as a mixed number.")], MixedNumber: true).Validate());
    }
}
