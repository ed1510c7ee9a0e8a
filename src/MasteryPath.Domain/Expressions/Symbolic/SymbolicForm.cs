using System.Numerics;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions.Symbolic;

/// <summary>
/// Turns an algebraic expression into an exact rational function. Whatever is not rational (√, ln, sin,
/// π, x^(1/2), 2^n) becomes an opaque atom named after its normalised argument, so √(2x) and √(x·2) are
/// the same atom; the atoms' expressions are kept for evaluating them numerically.
/// </summary>
internal sealed class SymbolicForm
{
    /// <summary>Whole powers up to this are multiplied out; larger ones stay atoms.</summary>
    public const int MaxExpandedPower = 1000;

    /// <summary>Whole powers of a single term (x^1000000) are cheap and kept exact up to this.</summary>
    public const int MaxMonomialPower = 1_000_000;

    private readonly Dictionary<string, Expr> _atoms = new(StringComparer.Ordinal);

    /// <summary>Every atom met so far, by name.</summary>
    public IReadOnlyDictionary<string, Expr> Atoms => _atoms;

    /// <summary>True for a name that stands for an atom rather than a variable.</summary>
    public static bool IsAtom(string name) => name.StartsWith('{');

    /// <summary>
    /// The rational function of <paramref name="expr"/>; null when it is too large to normalise exactly.
    /// <paramref name="nowhereDefined"/> is set when it divides by something that is zero everywhere.
    /// </summary>
    public RationalFunction? TryConvert(Expr expr, out bool nowhereDefined)
    {
        nowhereDefined = false;
        try
        {
            return Convert(expr);
        }
        catch (TooComplexException)
        {
            return null;
        }
        catch (DivideByZeroException)
        {
            nowhereDefined = true;
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The exact value of an expression without variables or atoms (3/6, 2^10, √(9/4)); null otherwise.</summary>
    public static Rational? TryConstant(Expr expr)
    {
        var form = new SymbolicForm().TryConvert(expr, out _);
        return form is { IsConstant: true } && !form.Names.Any() ? form.ConstantValue : null;
    }

    private RationalFunction Convert(Expr expr)
    {
        switch (expr)
        {
            case NumberExpr n:
                return RationalFunction.Constant(n.Value);
            case VariableExpr { Name: "pi" } v:
                return Atom("{pi}", v);
            case VariableExpr v:
                return RationalFunction.Of(Polynomial.Variable(v.Name));
            case UnaryExpr { Operator: "-" } u:
                return -Convert(u.Operand);
            case UnaryExpr { Operator: "+" } u:
                return Convert(u.Operand);
            case BinaryExpr { Operator: "+" } b:
                return Convert(b.Left) + Convert(b.Right);
            case BinaryExpr { Operator: "-" } b:
                return Convert(b.Left) - Convert(b.Right);
            case BinaryExpr { Operator: "*" } b:
                return Convert(b.Left) * Convert(b.Right);
            case BinaryExpr { Operator: "/" } b:
                return Convert(b.Left) / Convert(b.Right);
            case BinaryExpr { Operator: "^" } b:
                return Power(b);
            case CallExpr c:
                return Call(c);
            default:
                throw new ExpressionException("This is not an algebraic expression.");
        }
    }

    private RationalFunction Power(BinaryExpr power)
    {
        var baseForm = Convert(power.Left);
        var exponent = Convert(power.Right);
        var baseIsConstant = baseForm.IsConstant && !baseForm.Names.Any();
        if (exponent.IsConstant && !exponent.Names.Any())
        {
            var e = exponent.ConstantValue;
            var singleTerm = baseForm.Numerator.Terms.Count <= 1 && baseForm.Denominator.Terms.Count <= 1;
            if (e.IsInteger && BigInteger.Abs(e.Numerator) <= (singleTerm ? MaxMonomialPower : MaxExpandedPower))
            {
                var n = (int)e.Numerator;
                if (!baseIsConstant || EstimatedBits(baseForm.ConstantValue, n) <= Polynomial.MaxCoefficientBits)
                {
                    try
                    {
                        return baseForm.Pow(n);
                    }
                    catch (TooComplexException)
                    {
                        // Fall through: keep the power as an atom.
                    }
                }
            }
            else if (baseIsConstant && !e.IsInteger && e.Denominator <= 64 && BigInteger.Abs(e.Numerator) <= MaxExpandedPower)
            {
                var root = ExactRoot(baseForm.ConstantValue, (int)e.Denominator);
                if (root is not null && EstimatedBits(root.Value, (int)e.Numerator) <= Polynomial.MaxCoefficientBits)
                {
                    return RationalFunction.Constant(root.Value).Pow((int)e.Numerator);
                }
            }
        }

        if (baseIsConstant && baseForm.ConstantValue is { IsInteger: true, Sign: > 0 } integerBase && exponent.IsConstant && !exponent.Names.Any())
        {
            // 4^(2^19) and 2^(2^20) get the same name: the smallest base that is a power of this one.
            var (root, k) = SmallestRoot(integerBase.Numerator);
            return Atom($"{{pow:{root}|{RationalFunction.Constant(exponent.ConstantValue * k)}}}", power);
        }

        return Atom($"{{pow:{baseForm}|{exponent}}}", power);
    }

    private static (BigInteger Root, int Power) SmallestRoot(BigInteger n)
    {
        if (n <= 1 || n.GetBitLength() > 4096)
        {
            return (n, 1);
        }

        for (var k = (int)n.GetBitLength(); k >= 2; k--)
        {
            if (ExactRoot(new Rational(n, 1), k) is { } r)
            {
                return (r.Numerator, k);
            }
        }

        return (n, 1);
    }

    private RationalFunction Call(CallExpr call)
    {
        var arguments = call.Arguments.Select(Convert).ToList();
        var constant = arguments.Count > 0 && arguments[0].IsConstant && !arguments[0].Names.Any() ? arguments[0].ConstantValue : (Rational?)null;
        if (constant is { } c)
        {
            switch (call.Function)
            {
                case "abs":
                    return RationalFunction.Constant(c.Abs());
                case "sqrt" when c.Sign < 0:
                    throw new DivideByZeroException("The square root of a negative number is not a real number.");
                case "sqrt" when ExactRoot(c, 2) is { } r:
                    return RationalFunction.Constant(r);
                case "cbrt" when ExactRoot(c, 3) is { } r:
                    return RationalFunction.Constant(r);
                case "root" when arguments.Count == 2 && arguments[1].IsConstant && !arguments[1].Names.Any()
                    && arguments[1].ConstantValue is { IsInteger: true } n && n >= 2 && n <= 64
                    && ExactRoot(c, (int)n.Numerator) is { } r:
                    return RationalFunction.Constant(r);
            }
        }

        var name = $"{{{call.Function}:{string.Join("|", arguments.Select(a => a.ToString()))}}}";
        return Atom(name, call);
    }

    private RationalFunction Atom(string name, Expr expr)
    {
        _atoms.TryAdd(name, expr);
        return RationalFunction.Of(Polynomial.Variable(name));
    }

    private static long EstimatedBits(Rational value, int power) =>
        ((long)value.Numerator.GetBitLength() + (long)value.Denominator.GetBitLength()) * System.Math.Abs((long)power);

    /// <summary>The real q-th root of a rational when it is rational itself; odd roots of negatives are negative.</summary>
    public static Rational? ExactRoot(Rational value, int q)
    {
        if (value.Sign < 0)
        {
            return q % 2 == 1 && ExactRoot(-value, q) is { } r ? -r : null;
        }

        if (value.Numerator.GetBitLength() > 8192 || value.Denominator.GetBitLength() > 8192)
        {
            return null;
        }

        var numerator = IntegerRoot(value.Numerator, q);
        var denominator = IntegerRoot(value.Denominator, q);
        return numerator is null || denominator is null ? null : new Rational(numerator.Value, denominator.Value);
    }

    private static BigInteger? IntegerRoot(BigInteger n, int q)
    {
        if (n.IsZero || n.IsOne)
        {
            return n;
        }

        // Newton's method from above converges to floor(n^(1/q)).
        var x = BigInteger.One << (int)((n.GetBitLength() / q) + 1);
        while (true)
        {
            var next = (((q - 1) * x) + (n / BigInteger.Pow(x, q - 1))) / q;
            if (next >= x)
            {
                break;
            }

            x = next;
        }

        return BigInteger.Pow(x, q) == n ? x : null;
    }

    /// <summary>A fully parenthesised text of the tree: equal texts mean the same expression.</summary>
    public static string Canonical(Expr expr) => expr switch
    {
        NumberExpr n => n.Value.ToString(),
        VariableExpr v => v.Name,
        StringExpr s => $"\"{s.Value}\"",
        UnaryExpr u => $"({u.Operator}{Canonical(u.Operand)})",
        BinaryExpr b => $"({Canonical(b.Left)}{b.Operator}{Canonical(b.Right)})",
        CallExpr c => $"{c.Function}({string.Join(",", c.Arguments.Select(Canonical))})",
        ConditionalExpr c => $"({Canonical(c.Condition)}?{Canonical(c.WhenTrue)}:{Canonical(c.WhenFalse)})",
        _ => expr.ToString() ?? string.Empty,
    };
}
