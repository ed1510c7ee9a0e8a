using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions.Symbolic;

/// <summary>
/// Polynomials in one variable as coefficient arrays (index = power), for comparing the roots of two
/// one-variable equations exactly.
/// </summary>
internal static class Univariate
{
    /// <summary>The coefficients of <paramref name="p"/> in <paramref name="name"/> (p must have no other names).</summary>
    public static Rational[] From(Polynomial p, string? name)
    {
        var degree = p.Terms.Keys.Select(m => name is null ? 0 : m.PowerOf(name)).DefaultIfEmpty(0).Max();
        var coefficients = new Rational[degree + 1];
        foreach (var (m, c) in p.Terms)
        {
            coefficients[name is null ? 0 : m.PowerOf(name)] += c;
        }

        return Trim(coefficients);
    }

    /// <summary>
    /// The roots of numerator/denominator, each once: the numerator without the factors it shares with
    /// the denominator, made square-free and monic.
    /// </summary>
    public static Rational[] SolutionPolynomial(Rational[] numerator, Rational[] denominator)
    {
        var p = numerator;
        for (var guard = 0; guard < 64; guard++)
        {
            var common = Gcd(p, denominator);
            if (Degree(common) == 0)
            {
                break;
            }

            p = DivRem(p, common).Quotient;
        }

        var squareFree = Degree(p) > 0 ? DivRem(p, Gcd(p, Derivative(p))).Quotient : p;
        return Monic(squareFree);
    }

    /// <summary>True when the two polynomials have a common factor of degree 1 or more.</summary>
    public static bool SharesRoot(Rational[] a, Rational[] b) => !IsZero(a) && !IsZero(b) && Degree(Gcd(a, b)) > 0;

    /// <summary>True when two square-free polynomials have the same real roots (Sturm counts of each and of their gcd agree).</summary>
    public static bool SameRealRoots(Rational[] a, Rational[] b)
    {
        var common = Gcd(a, b);
        var roots = RealRootCount(common);
        return RealRootCount(a) == roots && RealRootCount(b) == roots;
    }

    /// <summary>The number of distinct real roots of a square-free polynomial (Sturm's theorem).</summary>
    private static int RealRootCount(Rational[] p)
    {
        if (Degree(p) <= 0)
        {
            return 0;
        }

        var sequence = new List<Rational[]> { p, Derivative(p) };
        while (Degree(sequence[^1]) > 0)
        {
            var remainder = DivRem(sequence[^2], sequence[^1]).Remainder;
            if (IsZero(remainder))
            {
                break;
            }

            sequence.Add(remainder.Select(c => -c).ToArray());
        }

        int Changes(bool positiveInfinity)
        {
            var changes = 0;
            var last = 0;
            foreach (var q in sequence)
            {
                var sign = q[^1].Sign * (positiveInfinity || Degree(q) % 2 == 0 ? 1 : -1);
                if (sign != 0 && last != 0 && sign != last)
                {
                    changes++;
                }

                last = sign != 0 ? sign : last;
            }

            return changes;
        }

        return Changes(positiveInfinity: false) - Changes(positiveInfinity: true);
    }

    public static int Degree(Rational[] p) => p.Length - 1;

    private static Rational[] Trim(Rational[] p)
    {
        var n = p.Length;
        while (n > 1 && p[n - 1].Sign == 0)
        {
            n--;
        }

        return n == p.Length ? p : p[..n];
    }

    private static bool IsZero(Rational[] p) => p.Length == 1 && p[0].Sign == 0;

    private static Rational[] Monic(Rational[] p)
    {
        if (IsZero(p))
        {
            return p;
        }

        var lead = p[^1];
        return p.Select(c => c / lead).ToArray();
    }

    private static Rational[] Derivative(Rational[] p) =>
        p.Length <= 1 ? [Rational.Zero] : Trim(p.Skip(1).Select((c, i) => c * (i + 1)).ToArray());

    private static (Rational[] Quotient, Rational[] Remainder) DivRem(Rational[] a, Rational[] b)
    {
        var remainder = (Rational[])a.Clone();
        var degreeB = Degree(b);
        if (Degree(a) < degreeB)
        {
            return ([Rational.Zero], a);
        }

        var quotient = new Rational[Degree(a) - degreeB + 1];
        for (var k = Degree(a) - degreeB; k >= 0; k--)
        {
            var factor = remainder[k + degreeB] / b[degreeB];
            quotient[k] = factor;
            for (var j = 0; j <= degreeB; j++)
            {
                remainder[k + j] -= factor * b[j];
            }
        }

        return (Trim(quotient), Trim(remainder.Length > degreeB ? remainder[..System.Math.Max(1, degreeB)] : remainder));
    }

    private static Rational[] Gcd(Rational[] a, Rational[] b)
    {
        while (!IsZero(b))
        {
            (a, b) = (b, DivRem(a, b).Remainder);
        }

        return IsZero(a) ? [Rational.One] : Monic(a);
    }
}
