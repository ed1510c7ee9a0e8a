namespace MasteryPath.Domain.Expressions;

/// <summary>
/// Decides whether two algebraic expressions (or two equations) are equivalent by evaluating them at
/// many points: 2(x+1) and 2x+2 agree everywhere, x+1 and x+2 nowhere. Equations are equivalent when
/// (left − right) of one is a non-zero constant multiple of the other's.
/// </summary>
public static class AlgebraicEquivalence
{
    private const int Points = 24;

    /// <summary>Evaluates an algebra expression in doubles; unknown functions and names throw.</summary>
    public static double Evaluate(Expr expr, IReadOnlyDictionary<string, double> variables)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(variables);
        var cancellation = 0.0;
        return Evaluate(expr, variables, ref cancellation);
    }

    /// <summary>
    /// Evaluates, and records in <paramref name="cancellation"/> the largest operand of any sum or difference:
    /// rounding error in the result is relative to that, not to the result (x − (x + y) + y is 0 only up to it).
    /// </summary>
    private static double Evaluate(Expr expr, IReadOnlyDictionary<string, double> variables, ref double cancellation)
    {
        switch (expr)
        {
            case NumberExpr n:
                return n.Value.ToDouble();
            case VariableExpr v when variables.TryGetValue(v.Name, out var value):
                return value;
            case VariableExpr v when v.Name == "pi":
                return System.Math.PI;
            case VariableExpr v:
                throw new ExpressionException($"Unknown variable '{v.Name}'.");
            case UnaryExpr { Operator: "-" } u:
                return -Evaluate(u.Operand, variables, ref cancellation);
            case BinaryExpr b:
                var left = Evaluate(b.Left, variables, ref cancellation);
                var right = Evaluate(b.Right, variables, ref cancellation);
                if (b.Operator is "+" or "-" or "=" && double.IsFinite(left) && double.IsFinite(right))
                {
                    cancellation = System.Math.Max(cancellation, System.Math.Max(System.Math.Abs(left), System.Math.Abs(right)));
                }

                return b.Operator switch
                {
                    "+" => left + right,
                    "-" or "=" => left - right,
                    "*" => left * right,
                    "/" => left / right,
                    "^" => System.Math.Pow(left, right),
                    _ => throw new ExpressionException($"'{b.Operator}' does not belong in an algebraic answer."),
                };
            case CallExpr { Arguments.Count: 1 } c:
                return Function(c.Function, Evaluate(c.Arguments[0], variables, ref cancellation));
            default:
                throw new ExpressionException("This is not an algebraic expression.");
        }
    }

    /// <summary>True when a and b agree (as expressions) or are the same equation.</summary>
    public static bool AreEquivalent(Expr a, Expr b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var aIsEquation = a is BinaryExpr { Operator: "=" };
        var bIsEquation = b is BinaryExpr { Operator: "=" };
        if (aIsEquation != bIsEquation)
        {
            return false;
        }

        var names = a.Variables().Union(b.Variables()).Where(n => n != "pi").OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var random = new DeterministicRandom(0x5eed);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var pairs = new List<(double X, double Y)>();
        var cancellation = 0.0;

        // Non-integer points avoid accidental agreement at special values; if the expressions are undefined
        // on most of the first range (sqrt(x - 4)), wider positive ranges follow.
        (double From, double To)[] ranges = [(-2.863, 3.137), (0.5, 10.5), (10.5, 100.5)];
        foreach (var (from, to) in ranges)
        {
            for (var attempt = 0; attempt < Points * 2 && pairs.Count < Points; attempt++)
            {
                foreach (var name in names)
                {
                    values[name] = from + (random.NextDouble() * (to - from));
                }

                double x, y;
                try
                {
                    x = Evaluate(a, values, ref cancellation);
                    y = Evaluate(b, values, ref cancellation);
                }
                catch (ExpressionException)
                {
                    return false;
                }

                if (double.IsFinite(x) != double.IsFinite(y))
                {
                    return false;
                }

                if (double.IsFinite(x))
                {
                    pairs.Add((x, y));
                }
            }

            if (pairs.Count >= Points / 3)
            {
                break;
            }
        }

        if (pairs.Count == 0)
        {
            return false;
        }

        return aIsEquation ? SameEquation(pairs) : SameValues(pairs, cancellation);
    }

    /// <summary>Agreement relative to the size of the values themselves, so x/10^10 is not "equal" to 0.</summary>
    private static bool SameValues(List<(double X, double Y)> pairs, double cancellation)
    {
        var scale = System.Math.Max(pairs.Max(p => System.Math.Max(System.Math.Abs(p.X), System.Math.Abs(p.Y))), cancellation);
        var tolerance = 1e-9 * scale;
        return pairs.All(p => System.Math.Abs(p.X - p.Y) <= tolerance);
    }

    /// <summary>Equations match when (left − right) of one is a fixed non-zero multiple of the other's.</summary>
    private static bool SameEquation(List<(double X, double Y)> pairs)
    {
        var scale = pairs.Max(p => System.Math.Max(System.Math.Abs(p.X), System.Math.Abs(p.Y)));
        var zero = 1e-9 * System.Math.Max(scale, 1e-300);
        double? ratio = null;
        foreach (var (x, y) in pairs)
        {
            var xZero = System.Math.Abs(x) <= zero;
            var yZero = System.Math.Abs(y) <= zero;
            if (xZero && yZero)
            {
                continue;
            }

            if (xZero || yZero)
            {
                return false;
            }

            var r = x / y;
            if (ratio is null)
            {
                ratio = r;
            }
            else if (System.Math.Abs(ratio.Value - r) > 1e-9 * System.Math.Max(1, System.Math.Abs(r)))
            {
                return false;
            }
        }

        return true;
    }

    private static double Function(string name, double x) => name switch
    {
        "sqrt" => System.Math.Sqrt(x),
        "abs" => System.Math.Abs(x),
        "ln" => System.Math.Log(x),
        "log" => System.Math.Log10(x),
        "exp" => System.Math.Exp(x),
        "sin" => System.Math.Sin(x),
        "cos" => System.Math.Cos(x),
        "tan" => System.Math.Tan(x),
        _ => throw new ExpressionException($"Unknown function '{name}'."),
    };
}
