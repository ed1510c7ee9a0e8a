using System.Globalization;
using System.Text;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions.Symbolic;

/// <summary>Thrown when exact algebra would grow past the limits; the caller falls back to sampling.</summary>
internal sealed class TooComplexException : Exception
{
    public TooComplexException()
        : base("The expression is too large to normalise exactly.")
    {
    }
}

/// <summary>A product of variables (or opaque atoms) raised to positive whole powers: x²y, or 1 for no factors.</summary>
internal sealed class Monomial : IEquatable<Monomial>, IComparable<Monomial>
{
    private readonly (string Name, int Power)[] _factors;
    private readonly int _hash;

    private Monomial((string Name, int Power)[] factors)
    {
        _factors = factors;
        var hash = new HashCode();
        foreach (var (name, power) in factors)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(power);
        }

        _hash = hash.ToHashCode();
        Degree = factors.Sum(f => f.Power);
    }

    public static Monomial One { get; } = new([]);

    public static Monomial Of(string name) => new([(name, 1)]);

    public IReadOnlyList<(string Name, int Power)> Factors => _factors;

    /// <summary>The total degree.</summary>
    public int Degree { get; }

    public int PowerOf(string name)
    {
        foreach (var (n, p) in _factors)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return p;
            }
        }

        return 0;
    }

    public Monomial Times(Monomial other)
    {
        if (other._factors.Length == 0)
        {
            return this;
        }

        if (_factors.Length == 0)
        {
            return other;
        }

        var merged = new List<(string, int)>(_factors.Length + other._factors.Length);
        int i = 0, j = 0;
        while (i < _factors.Length || j < other._factors.Length)
        {
            var cmp = i == _factors.Length ? 1 : j == other._factors.Length ? -1 : string.CompareOrdinal(_factors[i].Name, other._factors[j].Name);
            if (cmp < 0)
            {
                merged.Add(_factors[i++]);
            }
            else if (cmp > 0)
            {
                merged.Add(other._factors[j++]);
            }
            else
            {
                merged.Add((_factors[i].Name, checked(_factors[i].Power + other._factors[j].Power)));
                i++;
                j++;
            }
        }

        return new Monomial([.. merged]);
    }

    /// <summary>This monomial with the power of <paramref name="name"/> lowered by <paramref name="by"/> (at most its power).</summary>
    public Monomial Lower(string name, int by) =>
        new(_factors.Select(f => string.Equals(f.Name, name, StringComparison.Ordinal) ? (f.Name, f.Power - by) : f).Where(f => f.Item2 > 0).ToArray());

    public bool Equals(Monomial? other) =>
        other is not null && _hash == other._hash && _factors.AsSpan().SequenceEqual(other._factors);

    public override bool Equals(object? obj) => Equals(obj as Monomial);

    public override int GetHashCode() => _hash;

    /// <summary>Graded order: higher total degree first, then by the first variable's power.</summary>
    public int CompareTo(Monomial? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (Degree != other.Degree)
        {
            return Degree.CompareTo(other.Degree);
        }

        for (var k = 0; k < System.Math.Min(_factors.Length, other._factors.Length); k++)
        {
            var byName = string.CompareOrdinal(other._factors[k].Name, _factors[k].Name);
            if (byName != 0)
            {
                return byName;
            }

            if (_factors[k].Power != other._factors[k].Power)
            {
                return _factors[k].Power.CompareTo(other._factors[k].Power);
            }
        }

        return _factors.Length.CompareTo(other._factors.Length);
    }

    public override string ToString() =>
        _factors.Length == 0 ? "1" : string.Join("*", _factors.Select(f => f.Power == 1 ? f.Name : $"{f.Name}^{f.Power.ToString(CultureInfo.InvariantCulture)}"));
}

/// <summary>A polynomial with exact rational coefficients in named variables; never holds a zero coefficient.</summary>
internal sealed class Polynomial
{
    /// <summary>Past this many terms exact algebra gives up (and the caller samples instead).</summary>
    public const int MaxTerms = 4000;

    /// <summary>Past this many bits in one coefficient exact algebra gives up.</summary>
    public const long MaxCoefficientBits = 1 << 18;

    private readonly Dictionary<Monomial, Rational> _terms;

    private Polynomial(Dictionary<Monomial, Rational> terms)
    {
        if (terms.Count > MaxTerms)
        {
            throw new TooComplexException();
        }

        _terms = terms;
    }

    public static Polynomial Zero { get; } = new(new Dictionary<Monomial, Rational>());

    public static Polynomial One { get; } = Constant(Rational.One);

    public static Polynomial Constant(Rational value) =>
        value.Sign == 0 ? Zero : new(new Dictionary<Monomial, Rational> { [Monomial.One] = value });

    /// <summary>Sums the given terms.</summary>
    public static Polynomial FromTerms(IEnumerable<(Monomial Monomial, Rational Coefficient)> terms)
    {
        var result = new Dictionary<Monomial, Rational>();
        foreach (var (m, c) in terms)
        {
            var sum = result.TryGetValue(m, out var existing) ? existing + c : c;
            if (sum.Sign == 0)
            {
                result.Remove(m);
            }
            else
            {
                result[m] = sum;
            }
        }

        return new Polynomial(result);
    }

    public static Polynomial Variable(string name) => new(new Dictionary<Monomial, Rational> { [Monomial.Of(name)] = Rational.One });

    public IReadOnlyDictionary<Monomial, Rational> Terms => _terms;

    public bool IsZero => _terms.Count == 0;

    public bool IsConstant => _terms.Count == 0 || (_terms.Count == 1 && _terms.ContainsKey(Monomial.One));

    /// <summary>The constant value (only meaningful when <see cref="IsConstant"/>).</summary>
    public Rational ConstantValue => _terms.TryGetValue(Monomial.One, out var c) ? c : Rational.Zero;

    public IEnumerable<string> Names => _terms.Keys.SelectMany(m => m.Factors.Select(f => f.Name)).Distinct(StringComparer.Ordinal);

    /// <summary>The largest monomial in the graded order, or null for zero.</summary>
    public Monomial? Leading => _terms.Count == 0 ? null : _terms.Keys.Max();

    public static Polynomial operator +(Polynomial a, Polynomial b) => Combine(a, b, Rational.One);

    public static Polynomial operator -(Polynomial a, Polynomial b) => Combine(a, b, -Rational.One);

    public static Polynomial operator -(Polynomial a) => a.Scale(-Rational.One);

    public static Polynomial operator *(Polynomial a, Polynomial b)
    {
        if (a.IsZero || b.IsZero)
        {
            return Zero;
        }

        if ((long)a._terms.Count * b._terms.Count > MaxTerms * 4L)
        {
            throw new TooComplexException();
        }

        var result = new Dictionary<Monomial, Rational>();
        foreach (var (ma, ca) in a._terms)
        {
            foreach (var (mb, cb) in b._terms)
            {
                var m = ma.Times(mb);
                var c = Guard(ca * cb);
                if (result.TryGetValue(m, out var existing))
                {
                    var sum = existing + c;
                    if (sum.Sign == 0)
                    {
                        result.Remove(m);
                    }
                    else
                    {
                        result[m] = sum;
                    }
                }
                else
                {
                    result[m] = c;
                }
            }
        }

        return new Polynomial(result);
    }

    public Polynomial Scale(Rational factor)
    {
        if (factor.Sign == 0)
        {
            return Zero;
        }

        return new Polynomial(_terms.ToDictionary(t => t.Key, t => Guard(t.Value * factor)));
    }

    public Polynomial Pow(int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        var result = One;
        var power = this;
        var n = exponent;
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                result *= power;
            }

            n >>= 1;
            if (n > 0)
            {
                power *= power;
            }
        }

        return result;
    }

    public bool Equals(Polynomial other)
    {
        if (_terms.Count != other._terms.Count)
        {
            return false;
        }

        foreach (var (m, c) in _terms)
        {
            if (!other._terms.TryGetValue(m, out var d) || d != c)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A stable text form (terms in descending graded order), used to name atoms.</summary>
    public override string ToString()
    {
        if (_terms.Count == 0)
        {
            return "0";
        }

        var sb = new StringBuilder();
        foreach (var (m, c) in _terms.OrderByDescending(t => t.Key))
        {
            if (sb.Length > 0)
            {
                sb.Append(" + ");
            }

            sb.Append('(').Append(c.ToString()).Append(')');
            if (m.Degree > 0)
            {
                sb.Append('*').Append(m);
            }
        }

        return sb.ToString();
    }

    private static Polynomial Combine(Polynomial a, Polynomial b, Rational sign)
    {
        var result = new Dictionary<Monomial, Rational>(a._terms);
        foreach (var (m, c) in b._terms)
        {
            var add = sign.Sign < 0 ? -c : c;
            if (result.TryGetValue(m, out var existing))
            {
                var sum = Guard(existing + add);
                if (sum.Sign == 0)
                {
                    result.Remove(m);
                }
                else
                {
                    result[m] = sum;
                }
            }
            else
            {
                result[m] = add;
            }
        }

        return new Polynomial(result);
    }

    private static Rational Guard(Rational value)
    {
        if (value.Numerator.GetBitLength() + value.Denominator.GetBitLength() > MaxCoefficientBits)
        {
            throw new TooComplexException();
        }

        return value;
    }
}

/// <summary>A quotient of two polynomials, not reduced (equality is decided by cross-multiplying).</summary>
internal sealed record RationalFunction(Polynomial Numerator, Polynomial Denominator)
{
    public static RationalFunction Constant(Rational value) => new(Polynomial.Constant(value), Polynomial.One);

    public static RationalFunction Of(Polynomial p) => new(p, Polynomial.One);

    public bool IsPolynomial => Denominator.IsConstant;

    public bool IsConstant => Numerator.IsConstant && Denominator.IsConstant;

    /// <summary>The constant value, when <see cref="IsConstant"/>.</summary>
    public Rational ConstantValue => Numerator.ConstantValue / Denominator.ConstantValue;

    public IEnumerable<string> Names => Numerator.Names.Concat(Denominator.Names).Distinct(StringComparer.Ordinal);

    public static RationalFunction operator +(RationalFunction a, RationalFunction b) =>
        a.Denominator.Equals(b.Denominator)
            ? Normal(a.Numerator + b.Numerator, a.Denominator)
            : Normal((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static RationalFunction operator -(RationalFunction a, RationalFunction b) => a + (-b);

    public static RationalFunction operator -(RationalFunction a) => new(-a.Numerator, a.Denominator);

    public static RationalFunction operator *(RationalFunction a, RationalFunction b) =>
        Normal(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <exception cref="DivideByZeroException">When <paramref name="b"/> is the zero polynomial: the quotient is defined nowhere.</exception>
    public static RationalFunction operator /(RationalFunction a, RationalFunction b)
    {
        if (b.Numerator.IsZero)
        {
            throw new DivideByZeroException("Division by an expression that is zero everywhere.");
        }

        return Normal(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    }

    public RationalFunction Pow(int exponent) =>
        exponent >= 0
            ? Normal(Numerator.Pow(exponent), Denominator.Pow(exponent))
            : Numerator.IsZero ? throw new DivideByZeroException("Zero to a negative power.") : Normal(Denominator.Pow(-exponent), Numerator.Pow(-exponent));

    /// <summary>The numerator of this minus <paramref name="other"/>: zero exactly when the two are equal as rational functions.</summary>
    public Polynomial DifferenceNumerator(RationalFunction other) =>
        Denominator.Equals(other.Denominator)
            ? Numerator - other.Numerator
            : (Numerator * other.Denominator) - (other.Numerator * Denominator);

    /// <summary>A stable text form, used to name atoms.</summary>
    public override string ToString() => Denominator.IsConstant && Denominator.ConstantValue == Rational.One
        ? Numerator.ToString()
        : $"[{Numerator}]/[{Denominator}]";

    /// <summary>Folds a constant denominator into the numerator, and cancels a common monomial factor.</summary>
    private static RationalFunction Normal(Polynomial numerator, Polynomial denominator)
    {
        if (numerator.IsZero)
        {
            return new RationalFunction(Polynomial.Zero, Polynomial.One);
        }

        if (denominator.IsConstant)
        {
            return new RationalFunction(numerator.Scale(Rational.One / denominator.ConstantValue), Polynomial.One);
        }

        // Cancel the highest power of each name dividing every term of both (x²/x → x/1), so repeated
        // division does not grow the degree; and make the denominator's leading coefficient 1.
        var names = denominator.Names.ToList();
        foreach (var name in names)
        {
            var common = System.Math.Min(numerator.Terms.Keys.Min(m => m.PowerOf(name)), denominator.Terms.Keys.Min(m => m.PowerOf(name)));
            if (common > 0)
            {
                numerator = Lower(numerator, name, common);
                denominator = Lower(denominator, name, common);
            }
        }

        if (denominator.IsConstant)
        {
            return new RationalFunction(numerator.Scale(Rational.One / denominator.ConstantValue), Polynomial.One);
        }

        var lead = denominator.Terms[denominator.Leading!];
        return lead == Rational.One
            ? new RationalFunction(numerator, denominator)
            : new RationalFunction(numerator.Scale(Rational.One / lead), denominator.Scale(Rational.One / lead));
    }

    private static Polynomial Lower(Polynomial p, string name, int by) =>
        Polynomial.FromTerms(p.Terms.Select(t => (t.Key.Lower(name, by), t.Value)));
}
