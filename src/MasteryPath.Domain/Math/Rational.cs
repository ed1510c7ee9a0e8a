using System.Globalization;
using System.Numerics;

namespace MasteryPath.Domain.Math;

/// <summary>An exact fraction in lowest terms with a positive denominator.</summary>
public readonly struct Rational : IComparable<Rational>, IEquatable<Rational>
{
    /// <summary>Creates the fraction <paramref name="numerator"/>/<paramref name="denominator"/> in lowest terms.</summary>
    /// <exception cref="DivideByZeroException">When the denominator is zero.</exception>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("Division by zero.");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        Numerator = numerator;
        _denominator = numerator.IsZero ? BigInteger.One : denominator;
    }

    private readonly BigInteger _denominator;

    /// <summary>The numerator; carries the sign.</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator; always positive. The default value reads as zero.</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    /// <inheritdoc/>
    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary>Compares by value.</summary>
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    /// <summary>Compares by value.</summary>
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    /// <summary>Zero.</summary>
    public static Rational Zero => new(0, 1);

    /// <summary>One.</summary>
    public static Rational One => new(1, 1);

    /// <summary>True when the value is a whole number.</summary>
    public bool IsInteger => Denominator.IsOne;

    /// <summary>The sign: -1, 0 or 1.</summary>
    public int Sign => Numerator.Sign;

    /// <summary>The value as a double (rounded).</summary>
    public double ToDouble() => (double)Numerator / (double)Denominator;

    /// <summary>Converts a whole number.</summary>
    public static implicit operator Rational(long value) => new(value, 1);

    /// <summary>Adds two fractions.</summary>
    public static Rational operator +(Rational a, Rational b) =>
        new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    /// <summary>Subtracts two fractions.</summary>
    public static Rational operator -(Rational a, Rational b) =>
        new((a.Numerator * b.Denominator) - (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    /// <summary>Negates a fraction.</summary>
    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    /// <summary>Multiplies two fractions.</summary>
    public static Rational operator *(Rational a, Rational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>Divides two fractions.</summary>
    /// <exception cref="DivideByZeroException">When <paramref name="b"/> is zero.</exception>
    public static Rational operator /(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>Compares by value.</summary>
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    /// <summary>Compares by value.</summary>
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    /// <summary>Compares by value.</summary>
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    /// <summary>Compares by value.</summary>
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <inheritdoc/>
    public int CompareTo(Rational other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>Raises to a whole power (negative powers invert).</summary>
    public Rational Pow(int exponent)
    {
        if (exponent >= 0)
        {
            return new Rational(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent));
        }

        return new Rational(BigInteger.Pow(Denominator, -exponent), BigInteger.Pow(Numerator, -exponent));
    }

    /// <summary>The absolute value.</summary>
    public Rational Abs() => new(BigInteger.Abs(Numerator), Denominator);

    /// <summary>The greatest whole number not above the value.</summary>
    public BigInteger Floor()
    {
        var quotient = BigInteger.DivRem(Numerator, Denominator, out var remainder);
        return remainder.Sign < 0 ? quotient - 1 : quotient;
    }

    /// <summary>True when the fraction has a finite decimal expansion (denominator of the form 2^a·5^b).</summary>
    public bool HasTerminatingDecimal
    {
        get
        {
            var d = Denominator;
            while ((d % 2).IsZero)
            {
                d /= 2;
            }

            while ((d % 5).IsZero)
            {
                d /= 5;
            }

            return d.IsOne;
        }
    }

    /// <summary>Writes "n" or "n/d".</summary>
    public override string ToString() =>
        IsInteger
            ? Numerator.ToString(CultureInfo.InvariantCulture)
            : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Writes the value as an exact decimal when it terminates within <paramref name="maxPlaces"/> places, else as n/d.</summary>
    public string ToDecimalString(int maxPlaces = 20)
    {
        if (IsInteger || !HasTerminatingDecimal || TerminatingPlaces() > maxPlaces)
        {
            return ToString();
        }

        var sign = Sign < 0 ? "-" : string.Empty;
        var abs = Abs();
        var whole = abs.Floor();
        var fraction = abs - new Rational(whole, 1);
        var digits = new System.Text.StringBuilder();
        for (var i = 0; i < maxPlaces && !fraction.Numerator.IsZero; i++)
        {
            fraction *= 10;
            var digit = fraction.Floor();
            digits.Append(digit.ToString(CultureInfo.InvariantCulture));
            fraction -= new Rational(digit, 1);
        }

        return $"{sign}{whole.ToString(CultureInfo.InvariantCulture)}.{digits}";
    }

    /// <summary>For a terminating decimal (denominator 2^a·5^b): the number of decimal places, max(a, b).</summary>
    private int TerminatingPlaces()
    {
        var d = Denominator;
        int twos = 0, fives = 0;
        while ((d % 2).IsZero)
        {
            d /= 2;
            twos++;
        }

        while ((d % 5).IsZero)
        {
            d /= 5;
            fives++;
        }

        return System.Math.Max(twos, fives);
    }

    /// <summary>Converts a decimal exactly.</summary>
    public static Rational FromDecimal(decimal value)
    {
        var bits = decimal.GetBits(value);
        var low = (uint)bits[0];
        var mid = (uint)bits[1];
        var high = (uint)bits[2];
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var mantissa = ((BigInteger)high << 64) | ((BigInteger)mid << 32) | low;
        if (negative)
        {
            mantissa = -mantissa;
        }

        return new Rational(mantissa, BigInteger.Pow(10, scale));
    }
}
