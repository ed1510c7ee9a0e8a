using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions;

/// <summary>A parsed expression: the syntax tree shared by template formulas and learners' algebraic answers.</summary>
public abstract record Expr
{
    /// <summary>The number of nodes in the tree: a rough measure of how "simplified" an expression is.</summary>
    public abstract int Size { get; }

    /// <summary>Every variable name the expression mentions.</summary>
    public IReadOnlySet<string> Variables()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Collect(this, names);
        return names;

        static void Collect(Expr e, SortedSet<string> names)
        {
            switch (e)
            {
                case VariableExpr v:
                    names.Add(v.Name);
                    break;
                case UnaryExpr u:
                    Collect(u.Operand, names);
                    break;
                case BinaryExpr b:
                    Collect(b.Left, names);
                    Collect(b.Right, names);
                    break;
                case CallExpr c:
                    foreach (var a in c.Arguments)
                    {
                        Collect(a, names);
                    }

                    break;
                case ConditionalExpr c:
                    Collect(c.Condition, names);
                    Collect(c.WhenTrue, names);
                    Collect(c.WhenFalse, names);
                    break;
            }
        }
    }
}

/// <summary>A number literal, kept exact.</summary>
public sealed record NumberExpr(Rational Value) : Expr
{
    /// <inheritdoc/>
    public override int Size => 1;
}

/// <summary>A quoted text literal (template formulas only).</summary>
public sealed record StringExpr(string Value) : Expr
{
    /// <inheritdoc/>
    public override int Size => 1;
}

/// <summary>A variable or template parameter.</summary>
public sealed record VariableExpr(string Name) : Expr
{
    /// <inheritdoc/>
    public override int Size => 1;
}

/// <summary>A prefix operator: "-", "+" or "!".</summary>
public sealed record UnaryExpr(string Operator, Expr Operand) : Expr
{
    /// <inheritdoc/>
    /// <remarks>A negative number literal (-5) counts as one node, so "-5 + 3x" is as simple as "3x - 5".</remarks>
    public override int Size => Operator == "-" && Operand is NumberExpr ? 1 : 1 + Operand.Size;
}

/// <summary>An infix operator: arithmetic, comparison, logic, or "=" between the two sides of an equation.</summary>
public sealed record BinaryExpr(string Operator, Expr Left, Expr Right) : Expr
{
    /// <inheritdoc/>
    public override int Size => 1 + Left.Size + Right.Size;
}

/// <summary>A function call such as sqrt(x) or gcd(a, b).</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments) : Expr
{
    /// <inheritdoc/>
    public override int Size => 1 + Arguments.Sum(a => a.Size);
}

/// <summary>condition ? whenTrue : whenFalse (template formulas only).</summary>
public sealed record ConditionalExpr(Expr Condition, Expr WhenTrue, Expr WhenFalse) : Expr
{
    /// <inheritdoc/>
    public override int Size => 1 + Condition.Size + WhenTrue.Size + WhenFalse.Size;
}
