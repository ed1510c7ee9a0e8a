using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Expressions;

namespace MasteryPath.Domain.Tests;

/// <summary>One test per category of the answer-equivalence rules (docs/adr/0011-answer-equivalence.md).</summary>
public class EquivalenceTests
{
    private static bool Same(string a, string b, double tolerance = 0) =>
        AnswerEquivalence.Judge(a, b, tolerance > 0 ? new EquivalenceOptions(tolerance) : EquivalenceOptions.Exact, out var error) switch
        {
            EquivalenceVerdict.Equivalent => true,
            EquivalenceVerdict.NotEquivalent => false,
            _ => throw new InvalidOperationException(error),
        };

    [Theory]
    [InlineData("0.5", "1/2", true)]
    [InlineData("1/3", "0.3333333333", false)]
    [InlineData("0.1 + 0.2", "0.3", true)]
    [InlineData("x/3", "0.3333333333x", false)]
    [InlineData("sqrt(2)", "1.4142135623730951", false)]
    [InlineData("pi", "3.141592653589793", false)]
    [InlineData("10^20 * sqrt(3)", "10^20 * 1.7320508075688772", false)]
    public void Decimals_are_exact_values_never_approximations(string a, string b, bool same) => Assert.Equal(same, Same(a, b));

    [Theory]
    [InlineData("1/3", "0.3333", 0.001, true)]
    [InlineData("1/3", "0.33", 0.001, false)]
    [InlineData("pi", "22/7", 0.001, true)]
    public void A_declared_tolerance_accepts_approximations_within_it(string a, string b, double tolerance, bool same) => Assert.Equal(same, Same(a, b, tolerance));

    [Theory]
    [InlineData("2^1000", "2^1000 + 1", false)]
    [InlineData("2^1000", "4^500", true)]
    [InlineData("2^53 + 1", "2^53", false)]
    [InlineData("2^(2^20)", "2^(2^20) + 1", false)]
    [InlineData("2^(2^20)", "4^(2^19)", true)]
    [InlineData("x^1000000", "x^1000001", false)]
    [InlineData("10^(10^9)", "10^(10^9) + 1", false)]
    public void Huge_numbers_never_overflow_into_equal(string a, string b, bool same) => Assert.Equal(same, Same(a, b));

    [Theory]
    [InlineData("sqrt(x)^2", "x", false)]
    [InlineData("sqrt(x^2)", "x", false)]
    [InlineData("sqrt(x^2)", "abs(x)", true)]
    [InlineData("ln(x^2)", "2ln(x)", false)]
    [InlineData("ln(x^2)", "2ln(abs(x))", true)]
    [InlineData("ln(x) - ln(x)", "0", false)]
    [InlineData("sqrt(x)*sqrt(y)", "sqrt(x*y)", false)]
    [InlineData("x^(3/2)", "x*sqrt(x)", true)]
    public void An_identity_on_part_of_the_domain_is_not_an_equivalence(string a, string b, bool same) => Assert.Equal(same, Same(a, b));

    [Theory]
    [InlineData("(x^2 - 1)/(x - 1)", "x + 1", true)]
    [InlineData("x/x", "1", true)]
    [InlineData("(x^2 - 1)/(x - 1)", "x - 1", false)]
    [InlineData("x/(x - x)", "1", false)]
    public void Removable_singularities_are_accepted_but_nowhere_defined_is_not(string a, string b, bool same) => Assert.Equal(same, Same(a, b));

    [Theory]
    [InlineData("(-2)^n", "(-1)^n*2^n", true)]
    [InlineData("(-2)^n", "-2^n", false)]
    [InlineData("(-1)^(2n+1)", "-1", true)]
    [InlineData("cbrt(-8)", "-2", true)]
    [InlineData("x^(1/3)", "cbrt(x)", true)]
    [InlineData("root(x^4, 4)", "x", false)]
    [InlineData("root(x^4, 4)", "abs(x)", true)]
    [InlineData("(-27)^(2/3)", "9", true)]
    public void Negative_bases_take_whole_exponents_and_odd_roots(string a, string b, bool same) => Assert.Equal(same, Same(a, b));

    [Theory]
    [InlineData("sin(7pi)", "0", true)]
    [InlineData("cos(pi/2)", "0", true)]
    [InlineData("x/10^12", "0", false)]
    [InlineData("10^-12*sin(x)", "0", false)]
    [InlineData("sin(pi) + 10^-12", "0", false)]
    [InlineData("sin(x)^2 + cos(x)^2 - 1 + 10^-14", "0", false)]
    [InlineData("1 - cos(x)^2 - sin(x)^2", "0", true)]
    public void Near_zero_rounding_is_forgiven_but_small_differences_are_not(string a, string b, bool same) => Assert.Equal(same, Same(a, b));

    [Theory]
    [InlineData("2x = 6", "x = 3", true)]
    [InlineData("x = 3", "6 = 2x", true)]
    [InlineData("x = 3", "x - 3 = 0", true)]
    [InlineData("y = 2x + 3", "2x - y = -3", true)]
    [InlineData("x^2 = 4", "x = 2", false)]
    [InlineData("x^3 = 8", "x = 2", true)]
    [InlineData("1/x = 2", "x = 1/2", true)]
    [InlineData("x/y = 2", "x = 2y", false)]
    [InlineData("x = 3", "3", false)]
    public void Equations_match_by_solution_set(string a, string b, bool same) => Assert.Equal(same, Same(a, b));

    [Theory]
    [InlineData("x > 3", "3 < x", true)]
    [InlineData("x > 3", "-x < -3", true)]
    [InlineData("x > 3", "2x > 6", true)]
    [InlineData("x > 3", "x >= 3", false)]
    [InlineData("x > 3", "-x > -3", false)]
    [InlineData("-2x < 6", "x > -3", true)]
    [InlineData("1 < x < 3", "3 > x > 1", true)]
    [InlineData("1 < x < 3", "1 < x <= 3", false)]
    [InlineData("x ≤ 5", "5 ≥ x", true)]
    public void Inequalities_match_by_direction_strictness_and_a_positive_multiple(string a, string b, bool same) => Assert.Equal(same, Same(a, b));

    [Theory]
    [InlineData("3xy^2", "3*x*y^2", true)]
    [InlineData("3xy^2", "3(xy)^2", false)]
    [InlineData("2(x + 3)(x - 3)", "2x^2 - 18", true)]
    [InlineData("x sqrt(x)", "x^(3/2)", true)]
    public void Implicit_multiplication_binds_powers_to_the_last_letter(string a, string b, bool same) => Assert.Equal(same, Same(a, b));

    [Theory]
    [InlineData("x⁻²", "1/x^2")]
    [InlineData("３x＋１", "3x + 1")]
    [InlineData("½x", "x/2")]
    [InlineData("x\u00a0+\u00a01", "x + 1")]
    [InlineData("∛(x³)", "x")]
    [InlineData("x**2", "x^2")]
    [InlineData("２／４", "1/2")]
    public void Typographic_input_is_read_generously(string typed, string plain) => Assert.True(Same(plain, typed));

    [Fact]
    public void A_mixed_number_glued_to_a_vulgar_fraction_is_unreadable_not_guessed()
    {
        Assert.Equal(EquivalenceVerdict.Unreadable, AnswerEquivalence.Judge("7/2", "3½", EquivalenceOptions.Exact, out var error));
        Assert.Contains("mixed number", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 < x > 3")]
    [InlineData("x = 1 = 2")]
    [InlineData("1 < x < 2 < 3")]
    public void Malformed_relations_are_unreadable(string text) =>
        Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text, ExpressionSyntax.Algebra));

    /// <summary>Random polynomial expressions in x and y, written as algebra text.</summary>
    private static Gen<string> Polynomials(int depth) =>
        depth <= 0
            ? Gen.OneOf(Gen.Choose(-9, 9).Select(n => n < 0 ? $"({n})" : n.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Elements("x", "y"))
            : Gen.OneOf(
                Polynomials(depth - 1),
                from a in Polynomials(depth - 1)
                from op in Gen.Elements("+", "-", "*")
                from b in Polynomials(depth - 1)
                select $"({a} {op} {b})",
                from a in Polynomials(depth - 1)
                from n in Gen.Choose(0, 3)
                select $"({a})^{n}");

    private static Expr Parse(string text) => ExpressionParser.Parse(text, ExpressionSyntax.Algebra);

    [Property(MaxTest = 200)]
    public Property Adding_a_non_zero_constant_always_breaks_equivalence()
    {
        var constants = Gen.OneOf(Gen.Choose(1, 1000).Select(n => $"{n}"), Gen.Choose(1, 1000).Select(n => $"1/{n}"), Gen.Choose(1, 30).Select(n => $"10^-{n}"));
        return Prop.ForAll(Arb.From(Polynomials(3)), Arb.From(constants), (p, c) => !AlgebraicEquivalence.AreEquivalent(Parse(p), Parse($"{p} + {c}")));
    }

    [Property(MaxTest = 200)]
    public Property A_polynomial_is_equivalent_to_itself_rewritten()
    {
        return Prop.ForAll(Arb.From(Polynomials(3)), Arb.From(Polynomials(2)), (p, q) =>
            AlgebraicEquivalence.AreEquivalent(Parse(p), Parse(p))
            && AlgebraicEquivalence.AreEquivalent(Parse($"{p} + {q}"), Parse($"{q} + {p}"))
            && AlgebraicEquivalence.AreEquivalent(Parse($"({p})*({q})"), Parse($"({q})*({p})"))
            && AlgebraicEquivalence.AreEquivalent(Parse($"({p})*(({q}) + 1)"), Parse($"({p})*({q}) + ({p})")));
    }

    [Property(MaxTest = 150)]
    public Property An_equation_is_equivalent_to_any_non_zero_multiple_and_to_its_sides_swapped(int k)
    {
        var factor = (k % 19) is 0 ? 7 : k % 19;
        return Prop.ForAll(Arb.From(Polynomials(2)), Arb.From(Polynomials(2)), (l, r) =>
        {
            var equation = Parse($"{l} = {r}");
            return AlgebraicEquivalence.AreEquivalent(equation, Parse($"{r} = {l}"))
                && AlgebraicEquivalence.AreEquivalent(equation, Parse($"{factor}({l}) = {factor}({r})"));
        });
    }

    [Property(MaxTest = 150)]
    public Property Multiplying_an_inequality_by_a_negative_flips_it(int a, int b)
    {
        var (p, q) = ((a % 9) + 10, (b % 20) - 1);
        var inequality = Parse($"{p}x > {q}");
        return (AlgebraicEquivalence.AreEquivalent(inequality, Parse($"-{p}x < {-q}"))
            && !AlgebraicEquivalence.AreEquivalent(inequality, Parse($"-{p}x > {-q}"))
            && !AlgebraicEquivalence.AreEquivalent(inequality, Parse($"{p}x >= {q}"))).ToProperty();
    }
}
