using System.Numerics;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions.Symbolic;

/// <summary>
/// Evaluates an algebraic expression at a point in real arithmetic with error bounds (<see cref="Approx"/>).
/// Real-number conventions: √ and even roots need a non-negative argument, odd roots of negatives are
/// negative (∛(−8) = x^(1/3) at −8 = −2), a negative base takes whole and odd-denominator exponents only,
/// ln and log need a positive argument.
/// </summary>
internal sealed class NumericEvaluator
{
    private readonly Dictionary<Expr, Rational?> _constantExponents = new(ReferenceEqualityComparer.Instance);

    /// <summary>Evaluates <paramref name="expr"/> with the given exact variable values.</summary>
    /// <exception cref="ExpressionException">On an unknown variable or function.</exception>
    public Approx Evaluate(Expr expr, IReadOnlyDictionary<string, double> point)
    {
        switch (expr)
        {
            case NumberExpr n:
                return Approx.Of(n.Value);
            case VariableExpr { Name: "pi" }:
                return new Approx(System.Math.PI, Approx.Eps * System.Math.PI);
            case VariableExpr v:
                return point.TryGetValue(v.Name, out var value) ? Approx.Exact(value) : throw new ExpressionException($"Unknown variable '{v.Name}'.");
            case UnaryExpr { Operator: "-" } u:
                return -Evaluate(u.Operand, point);
            case UnaryExpr { Operator: "+" } u:
                return Evaluate(u.Operand, point);
            case BinaryExpr { Operator: "^" } b:
                return Power(b, point);
            case BinaryExpr b:
                var left = Evaluate(b.Left, point);
                var right = Evaluate(b.Right, point);
                return b.Operator switch
                {
                    "+" => left + right,
                    "-" => left - right,
                    "*" => left * right,
                    "/" => left / right,
                    _ => throw new ExpressionException($"'{b.Operator}' does not belong in an algebraic expression."),
                };
            case CallExpr c:
                return Call(c, point);
            default:
                throw new ExpressionException("This is not an algebraic expression.");
        }
    }

    private Approx Power(BinaryExpr power, IReadOnlyDictionary<string, double> point)
    {
        var baseValue = Evaluate(power.Left, point);
        if (!_constantExponents.TryGetValue(power.Right, out var constant))
        {
            constant = SymbolicForm.TryConstant(power.Right);
            _constantExponents[power.Right] = constant;
        }

        if (constant is { } e && BigInteger.Abs(e.Numerator) <= 1_000_000 && e.Denominator <= 1_000_000)
        {
            return e.IsInteger ? baseValue.Pow((long)e.Numerator) : baseValue.RationalPow((long)e.Numerator, (long)e.Denominator);
        }

        var exponent = Evaluate(power.Right, point);
        if (exponent.IsExact && exponent.Mid == System.Math.Floor(exponent.Mid) && System.Math.Abs(exponent.Mid) <= 1_000_000)
        {
            return baseValue.Pow((long)exponent.Mid);
        }

        return Approx.RealPow(baseValue, exponent);
    }

    private Approx Call(CallExpr call, IReadOnlyDictionary<string, double> point)
    {
        var x = Evaluate(call.Arguments[0], point);
        switch (call.Function)
        {
            case "root" when call.Arguments.Count == 2:
                var degree = SymbolicForm.TryConstant(call.Arguments[1]);
                return degree is { IsInteger: true } n && n >= 2 && n <= 1000 ? x.Root((long)n.Numerator) : Approx.Undefined;
            case var _ when call.Arguments.Count != 1:
                throw new ExpressionException($"{call.Function}() takes one argument.");
            case "sqrt":
                return x.Sqrt();
            case "cbrt":
                return x.Root(3);
            case "abs":
                return x.Abs();
            case "ln":
                return x.Ln();
            case "log":
                return x.Log10();
            case "exp":
                return x.Exp();
            case "sin":
                return x.Sin();
            case "cos":
                return x.Cos();
            case "tan":
                return x.Tan();
            default:
                throw new ExpressionException($"Unknown function '{call.Function}'.");
        }
    }
}
