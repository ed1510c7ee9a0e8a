using System.Numerics;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions.Symbolic;

/// <summary>
/// Evaluates at a point in fixed-point arithmetic with <see cref="Bits"/> fractional bits (about 170 digits).
/// Doubles cannot tell √3 from 1.7320508075688772 or π from 3.141592653589793; this can, so a sampled
/// "equal" is confirmed here before it is believed. Null: undefined here, or too large to represent.
/// </summary>
internal sealed class PreciseEvaluator
{
    /// <summary>Fractional bits of every value.</summary>
    public const int Bits = 576;

    private const int MaxBits = Bits + 8192;
    private static readonly BigInteger One = BigInteger.One << Bits;
    private static readonly Lazy<BigInteger> Pi = new(ComputePi);
    private static readonly Lazy<BigInteger> Ln2 = new(() => 2 * AtanhOfInverse(3));
    private readonly Dictionary<Expr, Rational?> _constants = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The largest magnitude met in any evaluation so far: rounding is relative to it, so sin(π) is zero
    /// "relative to π", while 10⁻¹²·sin(x) is not zero relative to x.
    /// </summary>
    public BigInteger Scale { get; private set; }

    /// <summary>The value of <paramref name="expr"/> at <paramref name="point"/>, scaled by 2^Bits; null where undefined or too large.</summary>
    public BigInteger? Evaluate(Expr expr, IReadOnlyDictionary<string, double> point)
    {
        var value = expr switch
        {
            NumberExpr n => FromRational(n.Value),
            VariableExpr { Name: "pi" } => Pi.Value,
            VariableExpr variable => point.TryGetValue(variable.Name, out var x) ? FromDouble(x) : null,
            UnaryExpr { Operator: "-" } u => -Evaluate(u.Operand, point),
            UnaryExpr { Operator: "+" } u => Evaluate(u.Operand, point),
            BinaryExpr { Operator: "^" } b => Power(b, point),
            BinaryExpr b => Binary(b.Operator, Evaluate(b.Left, point), Evaluate(b.Right, point)),
            CallExpr c => Call(c, point),
            _ => null,
        };
        if (value is { } v)
        {
            if (v.GetBitLength() > MaxBits)
            {
                return null;
            }

            var magnitude = BigInteger.Abs(v);
            if (magnitude > Scale)
            {
                Scale = magnitude;
            }
        }

        return value;
    }

    /// <summary>Exact fixed-point value of a rational (rounded down).</summary>
    public static BigInteger FromRational(Rational value) => (value.Numerator << Bits) / value.Denominator;

    /// <summary>Exact fixed-point value of a double.</summary>
    public static BigInteger? FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            return null;
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        var shift = exponent - 1075 + Bits;
        var magnitude = shift >= 0 ? new BigInteger(mantissa) << shift : new BigInteger(mantissa) >> -shift;
        return value < 0 ? -magnitude : magnitude;
    }

    /// <summary>Multiplies two fixed-point values.</summary>
    public static BigInteger Multiply(BigInteger a, BigInteger b) => (a * b) >> Bits;

    /// <summary>A fixed-point whole power.</summary>
    public static BigInteger? Pow(BigInteger value, BigInteger exponent)
    {
        if (exponent.Sign < 0)
        {
            var positive = Pow(value, -exponent);
            return positive is null || positive.Value.IsZero ? null : (One << Bits) / positive.Value;
        }

        var result = One;
        var power = value;
        var n = exponent;
        while (!n.IsZero)
        {
            if (!n.IsEven)
            {
                result = Multiply(result, power);
            }

            n >>= 1;
            if (!n.IsZero)
            {
                power = Multiply(power, power);
            }

            if (result.GetBitLength() > MaxBits || power.GetBitLength() > MaxBits * 2)
            {
                return null;
            }
        }

        return result;
    }

    private static BigInteger? Binary(string op, BigInteger? a, BigInteger? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        return op switch
        {
            "+" => a + b,
            "-" => a - b,
            "*" => Multiply(a.Value, b.Value),
            "/" => b.Value.IsZero ? null : (a.Value << Bits) / b.Value,
            _ => null,
        };
    }

    private BigInteger? Power(BinaryExpr power, IReadOnlyDictionary<string, double> point)
    {
        var baseValue = Evaluate(power.Left, point);
        if (baseValue is null)
        {
            return null;
        }

        if (!_constants.TryGetValue(power.Right, out var constant))
        {
            constant = SymbolicForm.TryConstant(power.Right);
            _constants[power.Right] = constant;
        }

        if (constant is { } e)
        {
            if (e.IsInteger)
            {
                return BigInteger.Abs(e.Numerator) > 100_000_000 ? null : Pow(baseValue.Value, e.Numerator);
            }

            if (e.Denominator <= 64)
            {
                var root = Root(baseValue.Value, (int)e.Denominator);
                return root is null ? null : Pow(root.Value, e.Numerator);
            }
        }

        var exponent = Evaluate(power.Right, point);
        if (exponent is null)
        {
            return null;
        }

        var whole = BigInteger.DivRem(exponent.Value, One, out var fraction);
        if (fraction.IsZero)
        {
            return Pow(baseValue.Value, whole);
        }

        if (baseValue.Value.IsZero)
        {
            return exponent.Value.Sign > 0 ? BigInteger.Zero : null;
        }

        if (baseValue.Value.Sign < 0)
        {
            return null;
        }

        var log = Ln(baseValue.Value);
        return log is null ? null : Exp(Multiply(exponent.Value, log.Value));
    }

    private BigInteger? Call(CallExpr call, IReadOnlyDictionary<string, double> point)
    {
        var x = Evaluate(call.Arguments[0], point);
        if (x is null)
        {
            return null;
        }

        var v = x.Value;
        switch (call.Function)
        {
            case "root" when call.Arguments.Count == 2:
                return SymbolicForm.TryConstant(call.Arguments[1]) is { IsInteger: true } n && n >= 2 && n <= 64 ? Root(v, (int)n.Numerator) : null;
            case "sqrt":
                return Root(v, 2);
            case "cbrt":
                return Root(v, 3);
            case "abs":
                return BigInteger.Abs(v);
            case "ln":
                return Ln(v);
            case "log":
                var ln = Ln(v);
                var ln10 = Ln(10 * One);
                return ln is null || ln10 is null ? null : (ln.Value << Bits) / ln10.Value;
            case "exp":
                return Exp(v);
            case "sin":
                return SinCos(v).Sin;
            case "cos":
                return SinCos(v).Cos;
            case "tan":
                var (sin, cos) = SinCos(v);
                return cos.IsZero ? null : (sin << Bits) / cos;
            default:
                return null;
        }
    }

    /// <summary>The real n-th root (negative values only for odd n).</summary>
    private static BigInteger? Root(BigInteger value, int n)
    {
        if (value.Sign < 0)
        {
            return n % 2 == 1 ? -Root(-value, n) : null;
        }

        if (value.IsZero)
        {
            return BigInteger.Zero;
        }

        var scaled = value << (Bits * (n - 1));
        var x = BigInteger.One << (int)((scaled.GetBitLength() / n) + 1);
        while (true)
        {
            var next = (((n - 1) * x) + (scaled / BigInteger.Pow(x, n - 1))) / n;
            if (next >= x)
            {
                return x;
            }

            x = next;
        }
    }

    private static BigInteger? Exp(BigInteger x)
    {
        var k = BigInteger.Divide(x, Ln2.Value);
        if (BigInteger.Abs(k) > 20_000)
        {
            return null;
        }

        var r = (x - (k * Ln2.Value)) >> 12;
        var sum = One;
        var term = One;
        for (var i = 1; i < 400 && !term.IsZero; i++)
        {
            term = Multiply(term, r) / i;
            sum += term;
        }

        for (var i = 0; i < 12; i++)
        {
            sum = Multiply(sum, sum);
        }

        var shift = (int)k;
        return shift >= 0 ? sum << shift : sum >> -shift;
    }

    private static BigInteger? Ln(BigInteger x)
    {
        if (x.Sign <= 0)
        {
            return null;
        }

        // x = m · 2^k with m in [1, 2); ln m = 2 atanh((m − 1)/(m + 1)).
        var k = (int)x.GetBitLength() - 1 - Bits;
        var m = k >= 0 ? x >> k : x << -k;
        var z = ((m - One) << Bits) / (m + One);
        var z2 = Multiply(z, z);
        var sum = BigInteger.Zero;
        var power = z;
        for (var n = 1; n < 2000 && !power.IsZero; n += 2)
        {
            sum += power / n;
            power = Multiply(power, z2);
        }

        return (2 * sum) + (k * Ln2.Value);
    }

    private static (BigInteger Sin, BigInteger Cos) SinCos(BigInteger x)
    {
        var twoPi = 2 * Pi.Value;
        var turns = BigInteger.Divide(x + (twoPi / 2), twoPi);
        var r = (x - (turns * twoPi)) >> 12;
        BigInteger sin = BigInteger.Zero, cos = BigInteger.Zero;
        var term = One;
        for (var i = 0; i < 400 && !term.IsZero; i++)
        {
            if (i % 4 == 0)
            {
                cos += term;
            }
            else if (i % 4 == 1)
            {
                sin += term;
            }
            else if (i % 4 == 2)
            {
                cos -= term;
            }
            else
            {
                sin -= term;
            }

            term = Multiply(term, r) / (i + 1);
        }

        for (var i = 0; i < 12; i++)
        {
            (sin, cos) = (2 * Multiply(sin, cos), Multiply(cos, cos) - Multiply(sin, sin));
        }

        return (sin, cos);
    }

    private static BigInteger ComputePi() => (16 * AtanOfInverse(5)) - (4 * AtanOfInverse(239));

    private static BigInteger AtanOfInverse(int k)
    {
        var sum = BigInteger.Zero;
        var power = One / k;
        var k2 = k * k;
        for (var n = 0; !power.IsZero; n++)
        {
            var term = power / ((2 * n) + 1);
            sum += n % 2 == 0 ? term : -term;
            power /= k2;
        }

        return sum;
    }

    private static BigInteger AtanhOfInverse(int k)
    {
        var sum = BigInteger.Zero;
        var power = One / k;
        var k2 = k * k;
        for (var n = 0; !power.IsZero; n++)
        {
            sum += power / ((2 * n) + 1);
            power /= k2;
        }

        return sum;
    }
}
