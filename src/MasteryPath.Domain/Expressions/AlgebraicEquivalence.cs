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
        return expr switch
        {
            NumberExpr n => n.Value.ToDouble(),
            VariableExpr v when variables.TryGetValue(v.Name, out var value) => value,
            VariableExpr v when v.Name == "pi" => System.Math.PI,
            VariableExpr v => throw new ExpressionException($"Unknown variable '{v.Name}'."),
            UnaryExpr { Operator: "-" } u => -Evaluate(u.Operand, variables),
            BinaryExpr b => b.Operator switch
            {
                "+" => Evaluate(b.Left, variables) + Evaluate(b.Right, variables),
                "-" or "=" => Evaluate(b.Left, variables) - Evaluate(b.Right, variables),
                "*" => Evaluate(b.Left, variables) * Evaluate(b.Right, variables),
                "/" => Evaluate(b.Left, variables) / Evaluate(b.Right, variables),
                "^" => System.Math.Pow(Evaluate(b.Left, variables), Evaluate(b.Right, variables)),
                _ => throw new ExpressionException($"'{b.Operator}' does not belong in an algebraic answer."),
            },
            CallExpr { Arguments.Count: 1 } c => Function(c.Function, Evaluate(c.Arguments[0], variables)),
            _ => throw new ExpressionException("This is not an algebraic expression."),
        };
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
                    x = Evaluate(a, values);
                    y = Evaluate(b, values);
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

        return aIsEquation ? SameEquation(pairs) : SameValues(pairs);
    }

    /// <summary>Agreement relative to the size of the values themselves, so x/10^10 is not "equal" to 0.</summary>
    private static bool SameValues(List<(double X, double Y)> pairs)
    {
        var scale = pairs.Max(p => System.Math.Max(System.Math.Abs(p.X), System.Math.Abs(p.Y)));
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
