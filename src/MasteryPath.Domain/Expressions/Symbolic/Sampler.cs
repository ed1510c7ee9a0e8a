namespace MasteryPath.Domain.Expressions.Symbolic;

/// <summary>
/// Sample points for comparing two expressions numerically. Real variables take non-integer values
/// (so no accidental agreement at 0, 1 or 2) in widening ranges, negative ones included; a variable
/// used in an exponent takes whole values, so (−2)^n is defined at every point.
/// </summary>
internal static class Sampler
{
    private static readonly (double From, double To)[] Ranges = [(-2.863, 3.137), (0.5, 10.5), (-10.5, -0.5), (10.5, 100.5), (100.5, 1000.5)];

    private const int PerRange = 48;

    /// <summary>Points for the variables of <paramref name="a"/> and <paramref name="b"/>, the same on every run.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, double>> Points(Expr a, Expr b)
    {
        var names = a.Variables().Union(b.Variables()).Where(n => n != "pi").Order(StringComparer.Ordinal).ToArray();
        var whole = new HashSet<string>(StringComparer.Ordinal);
        CollectExponentVariables(a, whole, inExponent: false);
        CollectExponentVariables(b, whole, inExponent: false);
        if (names.Length == 0)
        {
            for (var i = 0; i < PerRange; i++)
            {
                yield return new Dictionary<string, double>();
            }

            yield break;
        }

        var random = new DeterministicRandom(0x5eed);
        foreach (var (from, to) in Ranges)
        {
            for (var i = 0; i < PerRange; i++)
            {
                var point = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var name in names)
                {
                    point[name] = whole.Contains(name)
                        ? random.Next(16) - 6
                        : from + (random.NextDouble() * (to - from));
                }

                yield return point;
            }
        }
    }

    private static void CollectExponentVariables(Expr expr, HashSet<string> names, bool inExponent)
    {
        switch (expr)
        {
            case VariableExpr v when inExponent:
                names.Add(v.Name);
                break;
            case UnaryExpr u:
                CollectExponentVariables(u.Operand, names, inExponent);
                break;
            case BinaryExpr { Operator: "^" } power:
                CollectExponentVariables(power.Left, names, inExponent);
                CollectExponentVariables(power.Right, names, inExponent: true);
                break;
            case BinaryExpr b:
                CollectExponentVariables(b.Left, names, inExponent);
                CollectExponentVariables(b.Right, names, inExponent);
                break;
            case CallExpr c:
                for (var i = 0; i < c.Arguments.Count; i++)
                {
                    CollectExponentVariables(c.Arguments[i], names, inExponent || (c.Function == "root" && i == 1));
                }

                break;
        }
    }
}

/// <summary>Which way a relation points once written as "difference ? 0".</summary>
internal enum RelationKind
{
    /// <summary>difference = 0.</summary>
    Zero,

    /// <summary>difference &gt; 0.</summary>
    Positive,

    /// <summary>difference ≥ 0.</summary>
    NonNegative,
}

/// <summary>One equation or inequality as "difference ? 0": x &gt; 3, 3 &lt; x and −x &lt; −3 all become x − 3 &gt; 0.</summary>
internal sealed record Relation(RelationKind Kind, Expr Difference)
{
    /// <summary>The relations of an equation, inequality or chain (1 &lt; x &lt; 3 is two); null for a plain expression.</summary>
    public static List<Relation>? Read(Expr expr)
    {
        switch (expr)
        {
            case BinaryExpr { Operator: "&&" } chain:
                var left = Read(chain.Left);
                var right = Read(chain.Right);
                return left is null || right is null ? null : [.. left, .. right];
            case BinaryExpr { Operator: "=" } b:
                return [new Relation(RelationKind.Zero, new BinaryExpr("-", b.Left, b.Right))];
            case BinaryExpr { Operator: ">" } b:
                return [new Relation(RelationKind.Positive, new BinaryExpr("-", b.Left, b.Right))];
            case BinaryExpr { Operator: ">=" } b:
                return [new Relation(RelationKind.NonNegative, new BinaryExpr("-", b.Left, b.Right))];
            case BinaryExpr { Operator: "<" } b:
                return [new Relation(RelationKind.Positive, new BinaryExpr("-", b.Right, b.Left))];
            case BinaryExpr { Operator: "<=" } b:
                return [new Relation(RelationKind.NonNegative, new BinaryExpr("-", b.Right, b.Left))];
            default:
                return null;
        }
    }

    /// <summary>True for an equation, inequality or chain.</summary>
    public static bool IsRelation(Expr expr) => expr is BinaryExpr { Operator: "=" or "<" or ">" or "<=" or ">=" or "&&" };
}
