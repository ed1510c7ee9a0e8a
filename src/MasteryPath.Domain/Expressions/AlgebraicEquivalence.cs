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
        var compared = 0;
        double? ratio = null;
        for (var attempt = 0; attempt < Points * 4 && compared < Points; attempt++)
        {
            foreach (var name in names)
            {
                // Non-integer points in a moderate range avoid accidental agreement at special values.
                values[name] = (random.NextDouble() * 6) - 3 + 0.137;
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

            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                if (double.IsFinite(x) != double.IsFinite(y))
                {
                    return false;
                }

                continue;
            }

            compared++;
            if (aIsEquation)
            {
                if (IsClose(x, 0) && IsClose(y, 0))
                {
                    continue;
                }

                if (IsClose(y, 0) || IsClose(x, 0))
                {
                    return false;
                }

                var r = x / y;
                if (ratio is null)
                {
                    ratio = r;
                }
                else if (!IsClose(ratio.Value, r))
                {
                    return false;
                }
            }
            else if (!IsClose(x, y))
            {
                return false;
            }
        }

        return compared > 0;
    }

    private static bool IsClose(double x, double y) =>
        System.Math.Abs(x - y) <= 1e-9 * System.Math.Max(1, System.Math.Max(System.Math.Abs(x), System.Math.Abs(y)));

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
