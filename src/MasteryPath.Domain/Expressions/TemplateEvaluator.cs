using System.Numerics;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions;

/// <summary>
/// Evaluates template formulas exactly: whole numbers and fractions stay exact, square roots of
/// non-squares and pi become approximate, and every error names what went wrong.
/// </summary>
public static class TemplateEvaluator
{
    /// <summary>The functions a formula may call.</summary>
    public static readonly IReadOnlySet<string> Functions = new HashSet<string>(StringComparer.Ordinal)
    {
        "abs", "min", "max", "gcd", "lcm", "floor", "ceil", "round", "sqrt", "sign", "num", "den", "isint", "isprime", "mod",
    };

    /// <summary>Evaluates <paramref name="expr"/> with the given variable values.</summary>
    /// <exception cref="ExpressionException">On unknown names, wrong types, division by zero and similar.</exception>
    public static Value Evaluate(Expr expr, IReadOnlyDictionary<string, Value> variables)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(variables);
        return expr switch
        {
            NumberExpr n => Value.Of(n.Value),
            StringExpr s => Value.Of(s.Value),
            VariableExpr v => Lookup(v.Name, variables),
            UnaryExpr u => Unary(u.Operator, Evaluate(u.Operand, variables)),
            BinaryExpr b when b.Operator == "&&" => Value.Of(AsBool(Evaluate(b.Left, variables)) && AsBool(Evaluate(b.Right, variables))),
            BinaryExpr b when b.Operator == "||" => Value.Of(AsBool(Evaluate(b.Left, variables)) || AsBool(Evaluate(b.Right, variables))),
            BinaryExpr b => Binary(b.Operator, Evaluate(b.Left, variables), Evaluate(b.Right, variables)),
            ConditionalExpr c => AsBool(Evaluate(c.Condition, variables)) ? Evaluate(c.WhenTrue, variables) : Evaluate(c.WhenFalse, variables),
            CallExpr c => Call(c.Function, c.Arguments.Select(a => Evaluate(a, variables)).ToList()),
            _ => throw new ExpressionException($"Cannot evaluate {expr.GetType().Name}."),
        };
    }

    /// <summary>Reads a value as true/false.</summary>
    public static bool AsBool(Value value) => value switch
    {
        BoolValue b => b.Flag,
        _ => throw new ExpressionException($"Expected true or false but got {value}."),
    };

    /// <summary>Reads a value as a double.</summary>
    public static double AsDouble(Value value) => value switch
    {
        ExactValue e => e.Number.ToDouble(),
        RealValue r => r.Number,
        _ => throw new ExpressionException($"Expected a number but got '{value}'."),
    };

    private static Value Lookup(string name, IReadOnlyDictionary<string, Value> variables)
    {
        if (variables.TryGetValue(name, out var value))
        {
            return value;
        }

        return name switch
        {
            "pi" => new RealValue(System.Math.PI),
            "true" => Value.Of(true),
            "false" => Value.Of(false),
            _ => throw new ExpressionException($"Unknown name '{name}'."),
        };
    }

    private static Value Unary(string op, Value operand) => (op, operand) switch
    {
        ("-", ExactValue e) => Value.Of(-e.Number),
        ("-", RealValue r) => new RealValue(-r.Number),
        ("!", BoolValue b) => Value.Of(!b.Flag),
        _ => throw new ExpressionException($"Cannot apply '{op}' to '{operand}'."),
    };

    private static Value Binary(string op, Value left, Value right)
    {
        if (op is "==" or "!=")
        {
            var equal = (left, right) switch
            {
                (ExactValue a, ExactValue b) => a.Number == b.Number,
                (TextValue a, TextValue b) => a.Text == b.Text,
                (BoolValue a, BoolValue b) => a.Flag == b.Flag,
                (ExactValue or RealValue, ExactValue or RealValue) => System.Math.Abs(AsDouble(left) - AsDouble(right)) < 1e-9,
                _ => false,
            };
            return Value.Of(op == "==" ? equal : !equal);
        }

        if (op == "+" && (left is TextValue || right is TextValue))
        {
            return Value.Of(left.ToString() + right.ToString());
        }

        if (left is ExactValue a2 && right is ExactValue b2)
        {
            return Exact(op, a2.Number, b2.Number);
        }

        var x = AsDouble(left);
        var y = AsDouble(right);
        return op switch
        {
            "+" => Real(x + y),
            "-" => Real(x - y),
            "*" => Real(x * y),
            "/" => y == 0 ? throw new ExpressionException("Division by zero.") : Real(x / y),
            "^" => Real(System.Math.Pow(x, y)),
            "<" => Value.Of(x < y),
            "<=" => Value.Of(x <= y),
            ">" => Value.Of(x > y),
            ">=" => Value.Of(x >= y),
            _ => throw new ExpressionException($"Cannot apply '{op}' to approximate numbers."),
        };
    }

    private static Value Real(double value) =>
        double.IsFinite(value) ? new RealValue(value) : throw new ExpressionException("The result is not a finite number.");

    private static Value Exact(string op, Rational a, Rational b)
    {
        switch (op)
        {
            case "+": return Value.Of(a + b);
            case "-": return Value.Of(a - b);
            case "*": return Value.Of(a * b);
            case "/":
                return b.Sign == 0 ? throw new ExpressionException("Division by zero.") : Value.Of(a / b);
            case "%":
                if (!a.IsInteger || !b.IsInteger || b.Sign == 0)
                {
                    throw new ExpressionException("'%' needs whole numbers and a non-zero divisor.");
                }

                var remainder = BigInteger.Remainder(a.Numerator, b.Numerator);
                if (remainder.Sign < 0)
                {
                    remainder += BigInteger.Abs(b.Numerator);
                }

                return Value.Of(new Rational(remainder, 1));
            case "^":
                if (b.IsInteger && BigInteger.Abs(b.Numerator) <= 64)
                {
                    if (a.Sign == 0 && b.Sign < 0)
                    {
                        throw new ExpressionException("Division by zero.");
                    }

                    return Value.Of(a.Pow((int)b.Numerator));
                }

                return Real(System.Math.Pow(a.ToDouble(), b.ToDouble()));
            case "<": return Value.Of(a < b);
            case "<=": return Value.Of(a <= b);
            case ">": return Value.Of(a > b);
            case ">=": return Value.Of(a >= b);
            default: throw new ExpressionException($"Unknown operator '{op}'.");
        }
    }

    private static Rational ExactArg(List<Value> args, int index, string function) =>
        args[index] is ExactValue e ? e.Number : throw new ExpressionException($"{function}() needs exact numbers.");

    private static BigInteger IntegerArg(List<Value> args, int index, string function)
    {
        var r = ExactArg(args, index, function);
        return r.IsInteger ? r.Numerator : throw new ExpressionException($"{function}() needs whole numbers but got {r}.");
    }

    private static Value Call(string function, List<Value> args)
    {
        void Arity(int count)
        {
            if (args.Count != count)
            {
                throw new ExpressionException($"{function}() takes {count} argument(s) but got {args.Count}.");
            }
        }

        switch (function)
        {
            case "abs":
                Arity(1);
                return args[0] is ExactValue e ? Value.Of(e.Number.Abs()) : Real(System.Math.Abs(AsDouble(args[0])));
            case "min":
            case "max":
                if (args.Count == 0)
                {
                    throw new ExpressionException($"{function}() needs arguments.");
                }

                var ordered = args.OrderBy(AsDouble).ToList();
                return function == "min" ? ordered[0] : ordered[^1];
            case "gcd":
                Arity(2);
                return Value.Of(new Rational(BigInteger.GreatestCommonDivisor(IntegerArg(args, 0, function), IntegerArg(args, 1, function)), 1));
            case "lcm":
                {
                    Arity(2);
                    var p = IntegerArg(args, 0, function);
                    var q = IntegerArg(args, 1, function);
                    var g = BigInteger.GreatestCommonDivisor(p, q);
                    return g.IsZero ? Value.Of(Rational.Zero) : Value.Of(new Rational(BigInteger.Abs(p * q) / g, 1));
                }

            case "floor":
                Arity(1);
                return args[0] is ExactValue fe ? Value.Of(new Rational(fe.Number.Floor(), 1)) : Value.Of(System.Math.Floor(AsDouble(args[0])));
            case "ceil":
                Arity(1);
                return args[0] is ExactValue ce ? Value.Of(new Rational(-(-ce.Number).Floor(), 1)) : Value.Of(System.Math.Ceiling(AsDouble(args[0])));
            case "round":
                {
                    if (args.Count is < 1 or > 2)
                    {
                        throw new ExpressionException("round() takes 1 or 2 arguments.");
                    }

                    var placesArg = args.Count == 2 ? IntegerArg(args, 1, function) : BigInteger.Zero;
                    if (placesArg < 0 || placesArg > 15)
                    {
                        throw new ExpressionException("round(x, places) needs places from 0 to 15.");
                    }

                    var places = (int)placesArg;
                    if (args[0] is ExactValue re)
                    {
                        var scale = Rational.One * new Rational(BigInteger.Pow(10, places), 1);
                        var scaled = re.Number * scale;
                        var half = new Rational(1, 2);
                        var rounded = scaled.Sign >= 0 ? (scaled + half).Floor() : -((-scaled) + half).Floor();
                        return Value.Of(new Rational(rounded, 1) / scale);
                    }

                    return Real(System.Math.Round(AsDouble(args[0]), places, MidpointRounding.AwayFromZero));
                }

            case "sqrt":
                {
                    Arity(1);
                    if (args[0] is ExactValue se && se.Number.Sign >= 0)
                    {
                        var n = IntegerSqrt(se.Number.Numerator);
                        var d = IntegerSqrt(se.Number.Denominator);
                        if (n * n == se.Number.Numerator && d * d == se.Number.Denominator)
                        {
                            return Value.Of(new Rational(n, d));
                        }
                    }

                    var x = AsDouble(args[0]);
                    return x < 0 ? throw new ExpressionException("Square root of a negative number.") : Real(System.Math.Sqrt(x));
                }

            case "sign":
                Arity(1);
                return Value.Of(new Rational(System.Math.Sign(AsDouble(args[0])), 1));
            case "num":
                Arity(1);
                return Value.Of(new Rational(ExactArg(args, 0, function).Numerator, 1));
            case "den":
                Arity(1);
                return Value.Of(new Rational(ExactArg(args, 0, function).Denominator, 1));
            case "isint":
                Arity(1);
                return Value.Of(args[0] is ExactValue ie && ie.Number.IsInteger);
            case "isprime":
                {
                    Arity(1);
                    var n = IntegerArg(args, 0, function);
                    if (n < 2)
                    {
                        return Value.Of(false);
                    }

                    if (n > 1_000_000_000_000)
                    {
                        throw new ExpressionException("isprime() is limited to numbers up to 10^12.");
                    }

                    for (BigInteger k = 2; k * k <= n; k++)
                    {
                        if ((n % k).IsZero)
                        {
                            return Value.Of(false);
                        }
                    }

                    return Value.Of(true);
                }

            case "mod":
                Arity(2);
                return Binary("%", args[0], args[1]);
            default:
                throw new ExpressionException($"Unknown function '{function}'.");
        }
    }

    private static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.Sign <= 0)
        {
            return BigInteger.Zero;
        }

        // Newton's method on BigInteger: exact for any size, no detour through double.
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }
}
