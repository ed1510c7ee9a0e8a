using System.Numerics;
using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Expressions.Symbolic;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Items;

/// <summary>
/// The written forms an item may demand of an expression: simplified, standard form, expanded, positive
/// exponents, solved for a variable. Each rule looks at how the answer is written, never at its value.
/// </summary>
public static class ExpressionForms
{
    /// <summary>True when some power in <paramref name="expr"/> has a negative exponent.</summary>
    public static bool HasNegativeExponent(Expr expr) => expr switch
    {
        BinaryExpr { Operator: "^", Right: UnaryExpr { Operator: "-" } } => true,
        BinaryExpr { Operator: "^", Right: NumberExpr { Value.Sign: < 0 } } => true,
        BinaryExpr b => HasNegativeExponent(b.Left) || HasNegativeExponent(b.Right),
        UnaryExpr u => HasNegativeExponent(u.Operand),
        CallExpr c => c.Arguments.Any(HasNegativeExponent),
        _ => false,
    };

    /// <summary>True when <paramref name="expr"/> is "v = ..." with v absent from the right side.</summary>
    public static bool IsSolvedFor(Expr expr, string variable) =>
        expr is BinaryExpr { Operator: "=", Left: VariableExpr left } equation
        && left.Name == variable
        && !equation.Right.Variables().Contains(variable);

    /// <summary>True when no product or power in <paramref name="expr"/> still has a sum or difference as a factor.</summary>
    public static bool IsExpanded(Expr expr) => expr switch
    {
        BinaryExpr { Operator: "*" } b => !IsSum(b.Left) && !IsSum(b.Right) && IsExpanded(b.Left) && IsExpanded(b.Right),
        BinaryExpr { Operator: "^" } b => !IsSum(b.Left) && IsExpanded(b.Left),
        BinaryExpr b => IsExpanded(b.Left) && IsExpanded(b.Right),
        UnaryExpr u => IsExpanded(u.Operand),
        CallExpr c => c.Arguments.All(IsExpanded),
        _ => true,
    };

    /// <summary>
    /// Why <paramref name="expr"/> is not simplified, or null when it is: like terms left to combine
    /// (3x + 2x, 4 + 1), numbers left to multiply or a power left to work out (2·3x, 2³, (x²)³, (2x)³),
    /// the same base twice in a product or quotient (x·x², x⁵/x²), a fraction not in lowest terms (6/4,
    /// 4x/2), a product of a sum still to distribute inside a sum (2(x + 1) + 3), a zero term or factor,
    /// x⁰. A coefficient or exponent of 1 is fine (1x − 10, −1x + 3, x¹): writing it is not an operation left undone.
    /// </summary>
    public static string? NotSimplified(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return expr switch
        {
            BinaryExpr { Operator: "=" or "<" or ">" or "<=" or ">=" or "&&" } relation => NotSimplified(relation.Left) ?? NotSimplified(relation.Right),
            _ => Check(expr),
        };
    }

    /// <summary>
    /// True when <paramref name="expr"/> is a simplified polynomial whose terms are written in descending
    /// order of degree (x² + x − 2, not x + x² − 2); each side of an equation separately.
    /// </summary>
    public static bool IsStandardForm(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        if (expr is BinaryExpr { Operator: "=" or "<" or ">" or "<=" or ">=" or "&&" } relation)
        {
            return IsStandardForm(relation.Left) && IsStandardForm(relation.Right);
        }

        if (NotSimplified(expr) is not null)
        {
            return false;
        }

        var previous = int.MaxValue;
        foreach (var term in Terms(expr))
        {
            var form = new SymbolicForm().TryConvert(term, out _);
            if (form is null || !form.IsPolynomial || form.Numerator.Terms.Count != 1)
            {
                return false;
            }

            var degree = form.Numerator.Terms.Keys.Single().Degree;
            if (degree > previous)
            {
                return false;
            }

            previous = degree;
        }

        return true;
    }

    private static string? Check(Expr expr)
    {
        switch (expr)
        {
            case BinaryExpr { Operator: "+" or "-" }:
            case UnaryExpr { Operator: "-", Operand: BinaryExpr { Operator: "+" or "-" } }:
                return CheckSum(expr);
            case UnaryExpr { Operator: "-", Operand: UnaryExpr { Operator: "-" } }:
                return "two minus signs in a row cancel";
            case UnaryExpr u:
                return Check(u.Operand);
            case BinaryExpr { Operator: "*" or "/" }:
                return CheckProduct(expr);
            case BinaryExpr { Operator: "^" } power:
                return CheckPower(power);
            case CallExpr call:
                return call.Arguments.Select(Check).FirstOrDefault(r => r is not null);
            default:
                return null;
        }
    }

    private static string? CheckSum(Expr sum)
    {
        var terms = Terms(sum).ToList();
        var numbers = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (Check(term) is { } inner)
            {
                return inner;
            }

            var form = new SymbolicForm().TryConvert(term, out _);
            if (form is null)
            {
                continue;
            }

            if (form.Numerator.IsZero)
            {
                return "a term is zero";
            }

            if (form.Numerator.Terms.Count > 1 || form.Denominator.Terms.Count > 1)
            {
                return "a product of a sum is still to be multiplied out and combined";
            }

            if (form.IsConstant && !form.Names.Any())
            {
                numbers++;
                continue;
            }

            var signature = $"{form.Numerator.Terms.Keys.Single()}/{form.Denominator.Terms.Keys.Single()}";
            if (!seen.Add(signature))
            {
                return "like terms are still to be combined";
            }
        }

        return numbers > 1 ? "numbers are still to be added" : null;
    }

    private static string? CheckProduct(Expr product)
    {
        var numerator = new List<Expr>();
        var denominator = new List<Expr>();
        Factors(product, numerator, denominator, inverted: false);
        if (numerator.Concat(denominator).Select(Check).FirstOrDefault(r => r is not null) is { } inner)
        {
            return inner;
        }

        var numbers = numerator.Select(SymbolicForm.TryConstant).ToList();
        var divisors = denominator.Select(SymbolicForm.TryConstant).ToList();
        if (numbers.Any(n => n is { Sign: 0 }))
        {
            return "a factor is zero";
        }

        if (numbers.Count(n => n is not null) > 1 || divisors.Count(n => n is not null) > 1)
        {
            return "numbers are still to be multiplied";
        }

        var top = numbers.FirstOrDefault(n => n is not null);
        var bottom = divisors.FirstOrDefault(n => n is not null);
        if (bottom is not null && (bottom.Value.Abs() == Rational.One || !bottom.Value.IsInteger))
        {
            return "a division is still to be carried out";
        }

        if (top is not null && bottom is not null
            && (!top.Value.IsInteger || !BigInteger.GreatestCommonDivisor(top.Value.Numerator, bottom.Value.Numerator).IsOne))
        {
            return "the fraction is not in lowest terms";
        }

        var bases = numerator.Concat(denominator).Where(f => SymbolicForm.TryConstant(f) is null).Select(f => SymbolicForm.Canonical(Base(f))).ToList();
        if (bases.Count != bases.Distinct(StringComparer.Ordinal).Count())
        {
            return "the same base appears twice: combine the powers";
        }

        if (numerator.Concat(denominator).Any(f => SymbolicForm.TryConstant(f) is null && IsSum(f)) && denominator.Count > 0)
        {
            return CommonFactor(product);
        }

        return null;
    }

    private static string? CheckPower(BinaryExpr power)
    {
        if (Check(power.Left) is { } inner)
        {
            return inner;
        }

        var exponent = SymbolicForm.TryConstant(power.Right);
        if (exponent is { Sign: 0 })
        {
            return "a power with exponent 0 is 1";
        }

        if (exponent is { IsInteger: true } && SymbolicForm.TryConstant(power.Left) is not null)
        {
            return "a power of a number is still to be worked out";
        }

        return Unwrap(power.Left) switch
        {
            BinaryExpr { Operator: "^" } => "a power of a power is still to be simplified: multiply the exponents",
            BinaryExpr { Operator: "*" or "/" } => "the power still applies to a product or quotient: raise each factor",
            _ => null,
        };
    }

    /// <summary>A quotient of polynomials in one variable with a common factor ((x² − 1)/(x − 1)) or a common number ((4x + 2)/2).</summary>
    private static string? CommonFactor(Expr quotient)
    {
        var form = new SymbolicForm().TryConvert(quotient, out _);
        if (form is null || (form.IsPolynomial && !HasDivision(quotient)))
        {
            return null;
        }

        var names = form.Names.ToList();
        if (names.Count > 1 || names.Any(SymbolicForm.IsAtom))
        {
            return null;
        }

        var written = WrittenQuotient(quotient);
        if (written is null)
        {
            return null;
        }

        var (top, bottom) = written.Value;
        if (top.Names.Concat(bottom.Names).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            return null;
        }

        var content = Content(top.Numerator);
        var divisor = Content(bottom.Numerator);
        if (!BigInteger.GreatestCommonDivisor(content, divisor).IsOne)
        {
            return "the numerator and denominator still share a common factor";
        }

        var name = names.FirstOrDefault();
        return top.IsPolynomial && bottom.IsPolynomial && Univariate.SharesRoot(Univariate.From(top.Numerator, name), Univariate.From(bottom.Numerator, name))
            ? "the numerator and denominator still share a common factor"
            : null;
    }

    private static (RationalFunction Top, RationalFunction Bottom)? WrittenQuotient(Expr quotient)
    {
        if (Unwrap(quotient) is not BinaryExpr { Operator: "/" } division)
        {
            return null;
        }

        var top = new SymbolicForm().TryConvert(division.Left, out _);
        var bottom = new SymbolicForm().TryConvert(division.Right, out _);
        return top is null || bottom is null ? null : (top, bottom);
    }

    private static BigInteger Content(Polynomial p) =>
        p.Terms.Values.All(c => c.IsInteger)
            ? p.Terms.Values.Aggregate(BigInteger.Zero, (g, c) => BigInteger.GreatestCommonDivisor(g, c.Numerator))
            : BigInteger.One;

    private static bool HasDivision(Expr expr) => Unwrap(expr) is BinaryExpr { Operator: "/" };

    /// <summary>The terms of a sum, signs dropped: a − (b − c) gives a, b, c.</summary>
    private static IEnumerable<Expr> Terms(Expr expr) => Unwrap(expr) switch
    {
        BinaryExpr { Operator: "+" or "-" } b => Terms(b.Left).Concat(Terms(b.Right)),
        UnaryExpr { Operator: "-" } u when Unwrap(u.Operand) is BinaryExpr { Operator: "+" or "-" } => Terms(u.Operand),
        _ => [expr],
    };

    private static void Factors(Expr expr, List<Expr> numerator, List<Expr> denominator, bool inverted)
    {
        switch (Unwrap(expr))
        {
            case BinaryExpr { Operator: "*" } b:
                Factors(b.Left, numerator, denominator, inverted);
                Factors(b.Right, numerator, denominator, inverted);
                break;
            case BinaryExpr { Operator: "/" } b:
                Factors(b.Left, numerator, denominator, inverted);
                Factors(b.Right, numerator, denominator, !inverted);
                break;
            case var factor:
                (inverted ? denominator : numerator).Add(factor);
                break;
        }
    }

    private static Expr Base(Expr factor) => Unwrap(factor) is BinaryExpr { Operator: "^" } power ? power.Left : factor;

    /// <summary>A leading minus sign does not change the form: −x·x is still x twice.</summary>
    private static Expr Unwrap(Expr expr) => expr is UnaryExpr { Operator: "-" } u ? Unwrap(u.Operand) : expr;

    private static bool IsSum(Expr expr) => Unwrap(expr) is BinaryExpr { Operator: "+" or "-" };
}
