using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Tests;

public class ExpressionTests
{
    private static Value Eval(string formula, params (string Name, Value Value)[] variables) =>
        TemplateEvaluator.Evaluate(ExpressionParser.Parse(formula, ExpressionSyntax.Template), variables.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void Template_arithmetic_is_exact()
    {
        Assert.Equal(Value.Of(new Rational(1, 2)), Eval("1/3 + 1/6"));
        Assert.Equal(Value.Of(new Rational(7, 1)), Eval("a * b + 1", ("a", Value.Of(2)), ("b", Value.Of(3))));
        Assert.Equal(Value.Of(new Rational(1, 8)), Eval("2^-3"));
        Assert.Equal(Value.Of(new Rational(3, 1)), Eval("sqrt(9)"));
        Assert.IsType<RealValue>(Eval("sqrt(2)"));
    }

    [Fact]
    public void Template_functions_comparisons_and_conditionals()
    {
        Assert.Equal(Value.Of(6), Eval("gcd(12, 18)"));
        Assert.Equal(Value.Of(36), Eval("lcm(12, 18)"));
        Assert.Equal(Value.Of(2), Eval("-7 % 3"));
        Assert.Equal(Value.Of(true), Eval("a > 2 && a != 4", ("a", Value.Of(3))));
        Assert.Equal(Value.Of("plus"), Eval("a >= 0 ? 'plus' : 'minus'", ("a", Value.Of(0))));
        Assert.Equal(Value.Of(new Rational(5, 2)), Eval("round(2.45, 1)"));
        Assert.Equal(Value.Of(true), Eval("isprime(13) && !isprime(15)"));
    }

    [Theory]
    [InlineData("1/0", "Division by zero")]
    [InlineData("q + 1", "Unknown name 'q'")]
    [InlineData("gcd(1.5, 2)", "whole numbers")]
    [InlineData("nope(2)", "Unknown function 'nope'")]
    public void Template_errors_say_what_went_wrong(string formula, string expected)
    {
        var ex = Assert.Throws<ExpressionException>(() => Eval(formula));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2 +", 3)]
    [InlineData("(1 + 2", 6)]
    [InlineData("1 # 2", 2)]
    public void Parse_errors_carry_their_position(string formula, int position)
    {
        var ex = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(formula, ExpressionSyntax.Template));

        Assert.Equal(position, ex.Position);
    }

    [Fact]
    public void Algebra_reads_implicit_multiplication_and_letter_runs()
    {
        var expr = ExpressionParser.Parse("3xy(x+1)", ExpressionSyntax.Algebra);

        Assert.Equal(["x", "y"], expr.Variables());
        var value = AlgebraicEquivalence.Evaluate(expr, new Dictionary<string, double> { ["x"] = 2, ["y"] = 5 });
        Assert.Equal(90, value, 9);
    }

    /// <summary>Random polynomial-ish expressions in x and y, written as algebra text.</summary>
    private static Gen<string> Expressions(int depth) =>
        depth <= 0
            ? Gen.OneOf(Gen.Choose(-9, 9).Select(n => n < 0 ? $"({n})" : n.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Elements("x", "y"))
            : Gen.OneOf(
                Expressions(depth - 1),
                from a in Expressions(depth - 1)
                from op in Gen.Elements("+", "-", "*")
                from b in Expressions(depth - 1)
                select $"({a} {op} {b})");

    private static Arbitrary<string> ExpressionArb => Arb.From(Expressions(3));

    [Property(MaxTest = 300)]
    public Property Equivalence_is_symmetric()
    {
        return Prop.ForAll(ExpressionArb, ExpressionArb, (a, b) =>
        {
            var ea = ExpressionParser.Parse(a, ExpressionSyntax.Algebra);
            var eb = ExpressionParser.Parse(b, ExpressionSyntax.Algebra);
            return AlgebraicEquivalence.AreEquivalent(ea, eb) == AlgebraicEquivalence.AreEquivalent(eb, ea);
        });
    }

    [Property(MaxTest = 300)]
    public Property Every_expression_is_equivalent_to_itself_and_to_itself_plus_zero()
    {
        return Prop.ForAll(ExpressionArb, a =>
        {
            var e = ExpressionParser.Parse(a, ExpressionSyntax.Algebra);
            var padded = ExpressionParser.Parse($"{a} + x - x", ExpressionSyntax.Algebra);
            return AlgebraicEquivalence.AreEquivalent(e, e) && AlgebraicEquivalence.AreEquivalent(e, padded);
        });
    }

    [Theory]
    [InlineData("y + (x - (x + y))", "y + (x - (x + y)) + x - x", true)]
    [InlineData("x - x", "0", true)]
    [InlineData("x / 10000000000", "0", false)]
    [InlineData("(x + y) - x", "y + 0.000001", false)]
    public void Rounding_in_sums_that_cancel_is_not_a_difference(string a, string b, bool equivalent) =>
        Assert.Equal(equivalent, AlgebraicEquivalence.AreEquivalent(ExpressionParser.Parse(a, ExpressionSyntax.Algebra), ExpressionParser.Parse(b, ExpressionSyntax.Algebra)));

    [Property(MaxTest = 300)]
    public Property Distributing_a_product_gives_an_equivalent_expression(int a, int b, int c)
    {
        var (p, q, r) = ((a % 20) + 21, (b % 20) - 1, (c % 9) + 10);
        var factored = ExpressionParser.Parse($"{p}(x + {q}) + {r}", ExpressionSyntax.Algebra);
        var expanded = ExpressionParser.Parse($"{p}x + {(p * q) + r}", ExpressionSyntax.Algebra);
        var wrong = ExpressionParser.Parse($"{p}x + {q + r}", ExpressionSyntax.Algebra);

        return (AlgebraicEquivalence.AreEquivalent(factored, expanded) && (q == 0 || !AlgebraicEquivalence.AreEquivalent(factored, wrong))).ToProperty();
    }

    [Fact]
    public void Rationals_reduce_and_print()
    {
        Assert.Equal("3/4", new Rational(6, 8).ToString());
        Assert.Equal("-3/4", new Rational(3, -4).ToString());
        Assert.Equal("0.375", new Rational(3, 8).ToDecimalString());
        Assert.Equal("1/3", new Rational(1, 3).ToDecimalString());
        Assert.Equal(Rational.Zero, default);
        Assert.Throws<DivideByZeroException>(() => new Rational(1, 0));
    }
}

public class TemplateTextTests
{
    [Fact]
    public void Quoted_text_keeps_typographic_characters_and_escapes()
    {
        var value = TemplateEvaluator.Evaluate(ExpressionParser.Parse("'grades 6–8 × 2, the writer\\'s view' + 1", ExpressionSyntax.Template), new Dictionary<string, Value>());

        Assert.Equal(Value.Of("grades 6–8 × 2, the writer's view1"), value);
    }

    [Fact]
    public void Numbers_join_text_on_either_side()
    {
        var value = TemplateEvaluator.Evaluate(ExpressionParser.Parse("3 + ' apples'", ExpressionSyntax.Template), new Dictionary<string, Value>());

        Assert.Equal(Value.Of("3 apples"), value);
    }
}
