namespace MasteryPath.Domain.Expressions.Symbolic;

/// <summary>
/// A double with a bound on its rounding error (midpoint and radius). The radius grows with every
/// operation, so a result near zero carries the absolute error of the sums that produced it (sin(7π)
/// is 0 within its radius; 10⁻¹²·x is not, because x is exact). Mid = NaN: undefined at this point
/// (√ of a negative, division by zero). Radius = ∞: the point tells nothing (overflow, or a value too
/// close to a singularity to judge).
/// </summary>
internal readonly record struct Approx(double Mid, double Radius)
{
    /// <summary>Unit round-off, doubled to cover the library functions' last-bit errors.</summary>
    public const double Eps = 2.3e-16;

    public static Approx Undefined { get; } = new(double.NaN, 0);

    public static Approx Unknown { get; } = new(0, double.PositiveInfinity);

    public bool IsUndefined => double.IsNaN(Mid);

    public bool IsUnknown => !IsUndefined && (!double.IsFinite(Mid) || !double.IsFinite(Radius));

    /// <summary>True when exactly known (an integer sample point, a literal that a double holds exactly).</summary>
    public bool IsExact => Radius == 0 && double.IsFinite(Mid);

    public static Approx Exact(double value) => new(value, 0);

    public static Approx Of(Math.Rational value)
    {
        var mid = ToDouble(value);
        var exact = value.Denominator.IsPowerOfTwo && System.Numerics.BigInteger.Abs(value.Numerator) < (System.Numerics.BigInteger.One << 53);
        return Make(mid, exact ? 0 : Eps * System.Math.Abs(mid));
    }

    /// <summary>The nearest double, also for quotients of integers too large for a double (2^2000 / 2^1999 = 2).</summary>
    public static double ToDouble(Math.Rational value)
    {
        var numeratorBits = (long)value.Numerator.GetBitLength();
        var denominatorBits = (long)value.Denominator.GetBitLength();
        if (numeratorBits < 1000 && denominatorBits < 1000)
        {
            return value.ToDouble();
        }

        var numeratorShift = (int)System.Math.Max(0, numeratorBits - 64);
        var denominatorShift = (int)System.Math.Max(0, denominatorBits - 64);
        var quotient = (double)(value.Numerator >> numeratorShift) / (double)(value.Denominator >> denominatorShift);
        return System.Math.ScaleB(quotient, numeratorShift - denominatorShift);
    }

    public static Approx operator +(Approx a, Approx b)
    {
        var sum = a.Mid + b.Mid;
        return a.IsExact && b.IsExact && SumIsExact(a.Mid, b.Mid, sum) ? Exact(sum) : Propagate(a, b, sum, a.Radius + b.Radius);
    }

    public static Approx operator -(Approx a, Approx b) => a + (-b);

    public static Approx operator -(Approx a) => new(-a.Mid, a.Radius);

    public static Approx operator *(Approx a, Approx b)
    {
        var product = a.Mid * b.Mid;
        if (product == 0 && a.Mid != 0 && b.Mid != 0)
        {
            return Unknown;
        }

        if (a.IsExact && b.IsExact && double.IsFinite(product) && System.Math.FusedMultiplyAdd(a.Mid, b.Mid, -product) == 0)
        {
            return Exact(product);
        }

        return Propagate(a, b, product, (System.Math.Abs(a.Mid) * b.Radius) + (System.Math.Abs(b.Mid) * a.Radius) + (a.Radius * b.Radius));
    }

    public static Approx operator /(Approx a, Approx b)
    {
        if (a.IsUndefined || b.IsUndefined || (b.IsExact && b.Mid == 0))
        {
            return Undefined;
        }

        var lower = System.Math.Abs(b.Mid) - b.Radius;
        if (lower <= 0)
        {
            return a.IsUnknown ? a : Unknown;
        }

        var q = a.Mid / b.Mid;
        if (q == 0 && a.Mid != 0)
        {
            return Unknown;
        }

        if (a.IsExact && b.IsExact && double.IsFinite(q) && System.Math.FusedMultiplyAdd(q, b.Mid, -a.Mid) == 0)
        {
            return Exact(q);
        }

        return Propagate(a, b, q, ((System.Math.Abs(a.Mid) * b.Radius) + (System.Math.Abs(b.Mid) * a.Radius)) / (System.Math.Abs(b.Mid) * lower));
    }

    /// <summary>Raises to a whole power by repeated multiplication (exact sign for negative bases).</summary>
    public Approx Pow(long n)
    {
        if (IsUndefined || IsUnknown)
        {
            return this;
        }

        if (n == 0)
        {
            return Exact(1);
        }

        if (n < 0)
        {
            return Exact(1) / Pow(-n);
        }

        if (IsExact && n <= 64)
        {
            var exact = Exact(1);
            for (var i = 0; i < n; i++)
            {
                exact *= this;
            }

            return exact;
        }

        var mid = System.Math.Pow(Mid, n);
        if (mid == 0 && Mid != 0)
        {
            return Unknown;
        }

        var magnitude = System.Math.Abs(Mid);
        var radius = (System.Math.Pow(magnitude + Radius, n) - System.Math.Pow(magnitude, n)) + (Eps * n * System.Math.Abs(mid));
        return Make(mid, radius);
    }

    /// <summary>
    /// The real p/q-th power. With an odd q a negative base has a real root ((-8)^(1/3) = -2); with an even q it has none.
    /// </summary>
    public Approx RationalPow(long p, long q)
    {
        if (IsUndefined || IsUnknown)
        {
            return this;
        }

        if (q == 1)
        {
            return Pow(p);
        }

        var root = Root(q);
        return root.Pow(p);
    }

    /// <summary>The real q-th root: negative bases only for odd q.</summary>
    public Approx Root(long q)
    {
        if (IsUndefined || IsUnknown)
        {
            return this;
        }

        var odd = q % 2 != 0;
        if (Mid + Radius < 0 && !odd)
        {
            return Undefined;
        }

        double F(double v) => v < 0 ? (odd ? -System.Math.Pow(-v, 1.0 / q) : 0) : System.Math.Pow(v, 1.0 / q);
        var low = F(Mid - Radius);
        var high = F(Mid + Radius);
        var mid = F(Mid);
        return Make(mid, System.Math.Max(high - mid, mid - low) + (Eps * 2 * System.Math.Abs(mid)));
    }

    /// <summary>a^b for a real exponent: defined for positive bases (and 0 to a positive power).</summary>
    public static Approx RealPow(Approx a, Approx b)
    {
        if (a.IsUndefined || b.IsUndefined)
        {
            return Undefined;
        }

        if (a.IsUnknown || b.IsUnknown)
        {
            return Unknown;
        }

        if (a.IsExact && a.Mid == 0)
        {
            return b.Mid - b.Radius > 0 ? Exact(0) : b.Mid + b.Radius < 0 ? Undefined : Unknown;
        }

        if (a.Mid + a.Radius < 0)
        {
            return Undefined;
        }

        if (a.Mid - a.Radius <= 0)
        {
            return Unknown;
        }

        var value = System.Math.Pow(a.Mid, b.Mid);
        if (value == 0)
        {
            return Unknown;
        }

        var log = System.Math.Log(a.Mid);
        var relative = (System.Math.Abs(b.Mid) * a.Radius / (a.Mid - a.Radius)) + ((System.Math.Abs(log) + (a.Radius / (a.Mid - a.Radius))) * b.Radius);
        return Make(value, System.Math.Abs(value) * (ExpMinusOne(relative) + (4 * Eps)));
    }

    public Approx Sqrt() => Root(2);

    public Approx Abs() => IsUndefined ? this : new(System.Math.Abs(Mid), Radius);

    public Approx Ln() => Log(System.Math.Log);

    public Approx Log10() => Log(System.Math.Log10);

    public Approx Exp()
    {
        if (IsUndefined || IsUnknown)
        {
            return this;
        }

        var value = System.Math.Exp(Mid);
        if (value == 0)
        {
            return Unknown;
        }

        return Make(value, value * (ExpMinusOne(Radius) + (4 * Eps)));
    }

    public Approx Sin() => Periodic(System.Math.Sin(Mid), 1);

    public Approx Cos() => Periodic(System.Math.Cos(Mid), 1);

    public Approx Tan()
    {
        if (IsUndefined || IsUnknown)
        {
            return this;
        }

        var cos = System.Math.Cos(Mid);
        var lower = System.Math.Abs(cos) - Radius - (4 * Eps * (1 + System.Math.Abs(Mid)));
        if (lower <= 0)
        {
            return Unknown;
        }

        var value = System.Math.Tan(Mid);
        return Make(value, ((Radius + (4 * Eps * (1 + System.Math.Abs(Mid)))) / (lower * lower)) + (4 * Eps * System.Math.Abs(value)));
    }

    private Approx Periodic(double value, double slope)
    {
        if (IsUndefined || IsUnknown)
        {
            return this;
        }

        // The library reduces the argument exactly; the radius covers the argument's own error.
        return Make(value, (slope * Radius) + (4 * Eps * (1 + System.Math.Abs(value))));
    }

    private Approx Log(Func<double, double> log)
    {
        if (IsUndefined || IsUnknown)
        {
            return this;
        }

        if (Mid + Radius <= 0)
        {
            return Undefined;
        }

        if (Mid - Radius <= 0)
        {
            return Unknown;
        }

        var value = log(Mid);
        return Make(value, (log(Mid) - log(Mid - Radius)) + (4 * Eps * (1 + System.Math.Abs(value))));
    }

    private static Approx Propagate(Approx a, Approx b, double mid, double radius)
    {
        if (a.IsUndefined || b.IsUndefined)
        {
            return Undefined;
        }

        return Make(mid, radius + (Eps * System.Math.Abs(mid)));
    }

    /// <summary>True when a + b = sum with no rounding (Knuth's two-sum error term is zero).</summary>
    private static bool SumIsExact(double a, double b, double sum)
    {
        if (!double.IsFinite(sum))
        {
            return false;
        }

        var bVirtual = sum - a;
        var aVirtual = sum - bVirtual;
        return (a - aVirtual) + (b - bVirtual) == 0;
    }

    /// <summary>e^x − 1, accurate for small x (an upper bound is all that is needed).</summary>
    private static double ExpMinusOne(double x) => System.Math.Abs(x) < 1e-5 ? x + (x * x) : System.Math.Exp(x) - 1;

    private static Approx Make(double mid, double radius)
    {
        if (double.IsNaN(mid))
        {
            return Undefined;
        }

        // Underflow loses the value: 0.5^2000 and 0.5^2001 both print as 0.
        if (mid != 0 && System.Math.Abs(mid) < 1e-280)
        {
            return Unknown;
        }

        return double.IsFinite(mid) && double.IsFinite(radius) ? new Approx(mid, radius) : Unknown;
    }
}
