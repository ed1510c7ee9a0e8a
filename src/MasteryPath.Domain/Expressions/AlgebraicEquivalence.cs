using System.Numerics;
using MasteryPath.Domain.Expressions.Symbolic;

namespace MasteryPath.Domain.Expressions;

/// <summary>
/// How close two values must be to count as equal. The default is exact: only rounding error of the
/// computation itself is forgiven, so 0.3333333333 is not 1/3. An item that accepts approximations sets
/// a relative and/or absolute tolerance.
/// </summary>
/// <param name="RelativeTolerance">Accepted difference as a share of the larger value (0.01 = 1 %).</param>
/// <param name="AbsoluteTolerance">Accepted difference, absolute.</param>
public sealed record EquivalenceOptions(double RelativeTolerance = 0, double AbsoluteTolerance = 0)
{
    /// <summary>Exact comparison.</summary>
    public static EquivalenceOptions Exact { get; } = new();

    /// <summary>True when some approximation is accepted.</summary>
    public bool Approximate => RelativeTolerance > 0 || AbsoluteTolerance > 0;
}

/// <summary>
/// Decides whether two algebraic expressions, equations or inequalities are equivalent, never accepting
/// a pair that is not (docs/adr/0011-answer-equivalence.md):
/// <list type="bullet">
/// <item>Rational expressions (+ − × ÷ and whole powers) are normalised exactly, with big-integer
/// fractions: equal as rational functions means equivalent (a removable singularity, (x²−1)/(x−1) vs x+1,
/// is accepted); different means not, however close (2^1000 vs 2^1000 + 1).</item>
/// <item>Roots, logarithms, trigonometry, π and variable exponents are kept as atoms; when they do not
/// cancel exactly, the difference is sampled with rounding-error bounds at points where each side is
/// defined, and the two sides must be defined at the same points (√x² vs x, ln x² vs 2 ln x differ).</item>
/// <item>Equations: (left − right) of one is a non-zero constant multiple of the other's; for one variable
/// and rational sides, the same roots. Inequalities: the same direction and strictness, and a positive
/// constant multiple.</item>
/// </list>
/// </summary>
public static class AlgebraicEquivalence
{
    private const int Points = 24;
    private const int RequiredPoints = 12;

    /// <summary>Points at which a sampled agreement is confirmed in high precision.</summary>
    private const int ConfirmedPoints = 3;

    /// <summary>How many rounding-error radii two values may differ by and still count as equal.</summary>
    private const double Slack = 8;

    /// <summary>Evaluates an algebra expression in doubles (NaN where it is undefined); unknown functions and names throw.</summary>
    public static double Evaluate(Expr expr, IReadOnlyDictionary<string, double> variables)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(variables);
        var value = new NumericEvaluator().Evaluate(expr, variables);
        return value.IsUnknown ? double.PositiveInfinity : value.Mid;
    }

    /// <summary>True when a and b are equivalent expressions, equations or inequalities, compared exactly.</summary>
    public static bool AreEquivalent(Expr a, Expr b) => AreEquivalent(a, b, EquivalenceOptions.Exact);

    /// <summary>True when a and b are equivalent expressions, equations or inequalities.</summary>
    public static bool AreEquivalent(Expr a, Expr b, EquivalenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(options);
        var ra = Relation.Read(a);
        var rb = Relation.Read(b);
        try
        {
            if (ra is null && rb is null)
            {
                return SameExpression(a, b, options);
            }

            if (ra is null || rb is null || ra.Count != rb.Count)
            {
                return false;
            }

            var unused = rb.ToList();
            foreach (var relation in ra)
            {
                var match = unused.FirstOrDefault(other => other.Kind == relation.Kind
                    && Proportional(relation.Difference, other.Difference, positive: relation.Kind != RelationKind.Zero, oneVariableRoots: ra.Count == 1, options));
                if (match is null)
                {
                    return false;
                }

                unused.Remove(match);
            }

            return true;
        }
        catch (ExpressionException)
        {
            return false;
        }
    }

    private static bool SameExpression(Expr a, Expr b, EquivalenceOptions options)
    {
        if (SymbolicForm.Canonical(a) == SymbolicForm.Canonical(b))
        {
            return true;
        }

        var form = new SymbolicForm();
        var sa = form.TryConvert(a, out var aNowhere);
        var sb = form.TryConvert(b, out var bNowhere);
        if (aNowhere || bNowhere)
        {
            return false;
        }

        if (sa is not null && sb is not null)
        {
            Polynomial? difference;
            try
            {
                difference = sa.DifferenceNumerator(sb);
            }
            catch (TooComplexException)
            {
                difference = null;
            }

            if (difference is not null && !difference.Names.Any(SymbolicForm.IsAtom))
            {
                if (!difference.IsZero)
                {
                    return options.Approximate && SameValues(a, b, options);
                }

                return form.Atoms.Count == 0 || SameDomain(a, b);
            }

            if (difference is not null && !options.Approximate)
            {
                return ZeroWhereDefined(difference, a, b, form.Atoms);
            }
        }

        return SameValues(a, b, options);
    }

    /// <summary>True when (one side) = c·(other side) for a constant c (positive when <paramref name="positive"/>), or, for one variable, the same roots.</summary>
    private static bool Proportional(Expr a, Expr b, bool positive, bool oneVariableRoots, EquivalenceOptions options)
    {
        var form = new SymbolicForm();
        var sa = form.TryConvert(a, out var aNowhere);
        var sb = form.TryConvert(b, out var bNowhere);
        if (aNowhere || bNowhere)
        {
            return false;
        }

        if (sa is not null && sb is not null && !options.Approximate)
        {
            try
            {
                var p = sa.Numerator * sb.Denominator;
                var q = sb.Numerator * sa.Denominator;
                var hasAtoms = form.Atoms.Count > 0;
                if (p.IsZero || q.IsZero)
                {
                    return p.IsZero && q.IsZero && (!hasAtoms || SameDomain(a, b));
                }

                var lead = p.Leading!;
                if (q.Terms.TryGetValue(lead, out var qLead))
                {
                    var ratio = p.Terms[lead] / qLead;
                    if ((p - q.Scale(ratio)).IsZero)
                    {
                        return (!positive || ratio.Sign > 0) && (!hasAtoms || SameDomain(a, b));
                    }
                }

                if (!hasAtoms)
                {
                    return !positive && oneVariableRoots && SameRoots(sa, sb);
                }
            }
            catch (TooComplexException)
            {
                // Sample instead.
            }
        }

        return ProportionalValues(a, b, positive);
    }

    private static bool SameRoots(RationalFunction a, RationalFunction b)
    {
        var names = a.Names.Concat(b.Names).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > 1)
        {
            return false;
        }

        var name = names.Count == 1 ? names[0] : null;
        var rootsA = Univariate.SolutionPolynomial(Univariate.From(a.Numerator, name), Univariate.From(a.Denominator, name));
        var rootsB = Univariate.SolutionPolynomial(Univariate.From(b.Numerator, name), Univariate.From(b.Denominator, name));
        return Univariate.SameRealRoots(rootsA, rootsB);
    }

    /// <summary>Both sides defined at the same sample points, and at some.</summary>
    private static bool SameDomain(Expr a, Expr b)
    {
        var evaluator = new NumericEvaluator();
        int compared = 0, defined = 0, unknown = 0;
        foreach (var point in Sampler.Points(a, b))
        {
            var x = evaluator.Evaluate(a, point);
            var y = evaluator.Evaluate(b, point);
            if (x.IsUndefined != y.IsUndefined)
            {
                return false;
            }

            if (x.IsUnknown || y.IsUnknown)
            {
                unknown++;
                continue;
            }

            compared++;
            defined += x.IsUndefined ? 0 : 1;
            if (compared >= Points * 2 && defined >= RequiredPoints)
            {
                break;
            }
        }

        // Values too large for doubles (2^(2^20)) are defined; only "undefined everywhere" fails.
        return defined > 0 || (compared == 0 && unknown > 0);
    }

    /// <summary>The exact difference numerator (in variables and atoms) is zero, within rounding, wherever both sides are defined; and they are defined at the same points.</summary>
    private static bool ZeroWhereDefined(Polynomial difference, Expr a, Expr b, IReadOnlyDictionary<string, Expr> atoms)
    {
        var evaluator = new NumericEvaluator();
        var good = 0;
        foreach (var point in Sampler.Points(a, b))
        {
            var x = evaluator.Evaluate(a, point);
            var y = evaluator.Evaluate(b, point);
            if (x.IsUndefined != y.IsUndefined)
            {
                return false;
            }

            if (x.IsUnknown || y.IsUnknown)
            {
                continue;
            }

            if (x.IsUndefined)
            {
                continue;
            }

            var value = EvaluatePolynomial(difference, point, atoms, evaluator);
            if (value.IsUnknown || value.IsUndefined)
            {
                continue;
            }

            if (System.Math.Abs(value.Mid) > Slack * value.Radius)
            {
                return false;
            }

            if (good < ConfirmedPoints && !PreciselyZero(difference, point, atoms))
            {
                return false;
            }

            if (++good >= Points)
            {
                break;
            }
        }

        return good >= RequiredPoints;
    }

    /// <summary>The difference numerator is zero to about 90 digits, relative to the size of its terms.</summary>
    private static bool PreciselyZero(Polynomial difference, IReadOnlyDictionary<string, double> point, IReadOnlyDictionary<string, Expr> atoms)
    {
        var evaluator = new PreciseEvaluator();
        var values = new Dictionary<string, BigInteger?>(StringComparer.Ordinal);
        var sum = BigInteger.Zero;
        var size = BigInteger.Zero;
        foreach (var (monomial, coefficient) in difference.Terms)
        {
            BigInteger? term = PreciseEvaluator.FromRational(coefficient);
            foreach (var (name, power) in monomial.Factors)
            {
                if (!values.TryGetValue(name, out var v))
                {
                    v = SymbolicForm.IsAtom(name) ? evaluator.Evaluate(atoms[name], point) : PreciseEvaluator.FromDouble(point[name]);
                    values[name] = v;
                }

                var raised = v is null ? null : PreciseEvaluator.Pow(v.Value, power);
                term = term is null || raised is null ? null : PreciseEvaluator.Multiply(term.Value, raised.Value);
            }

            if (term is null)
            {
                return false;
            }

            sum += term.Value;
            size += BigInteger.Abs(term.Value);
        }

        return Negligible(sum, BigInteger.Max(size, evaluator.Scale));
    }

    /// <summary>|difference| ≤ 2^-300 · scale, with the scale well above the arithmetic's own resolution (2^-576).</summary>
    private static bool Negligible(BigInteger difference, BigInteger scale) =>
        difference.IsZero || (scale.GetBitLength() > PreciseEvaluator.Bits - 200 && (BigInteger.Abs(difference) << 300) <= scale);

    private static Approx EvaluatePolynomial(Polynomial p, IReadOnlyDictionary<string, double> point, IReadOnlyDictionary<string, Expr> atoms, NumericEvaluator evaluator)
    {
        var values = new Dictionary<string, Approx>(StringComparer.Ordinal);
        var sum = Approx.Exact(0);
        foreach (var (monomial, coefficient) in p.Terms)
        {
            var term = Approx.Of(coefficient);
            foreach (var (name, power) in monomial.Factors)
            {
                if (!values.TryGetValue(name, out var v))
                {
                    v = SymbolicForm.IsAtom(name) ? evaluator.Evaluate(atoms[name], point) : Approx.Exact(point[name]);
                    values[name] = v;
                }

                term *= v.Pow(power);
            }

            sum += term;
        }

        return sum;
    }

    /// <summary>Equal values, within rounding and the options' tolerance, wherever defined; defined at the same points.</summary>
    private static bool SameValues(Expr a, Expr b, EquivalenceOptions options)
    {
        var evaluator = new NumericEvaluator();
        var good = 0;
        foreach (var point in Sampler.Points(a, b))
        {
            var x = evaluator.Evaluate(a, point);
            var y = evaluator.Evaluate(b, point);
            if (x.IsUndefined != y.IsUndefined)
            {
                return false;
            }

            if (x.IsUnknown || y.IsUnknown)
            {
                continue;
            }

            if (x.IsUndefined)
            {
                continue;
            }

            var allowed = (Slack * (x.Radius + y.Radius))
                + (options.RelativeTolerance * System.Math.Max(System.Math.Abs(x.Mid), System.Math.Abs(y.Mid)))
                + options.AbsoluteTolerance;
            if (System.Math.Abs(x.Mid - y.Mid) > allowed)
            {
                return false;
            }

            if (!options.Approximate && good < ConfirmedPoints && !PreciselyEqual(a, b, point))
            {
                return false;
            }

            if (++good >= Points)
            {
                break;
            }
        }

        return good >= RequiredPoints;
    }

    private static bool PreciselyEqual(Expr a, Expr b, IReadOnlyDictionary<string, double> point)
    {
        var evaluator = new PreciseEvaluator();
        var x = evaluator.Evaluate(a, point);
        var y = evaluator.Evaluate(b, point);
        return x is not null && y is not null && Negligible(x.Value - y.Value, evaluator.Scale);
    }

    /// <summary>x₁·y₂ = x₂·y₁ in high precision: the two points give the same ratio.</summary>
    private static bool PreciselyProportional(Expr a, Expr b, IReadOnlyDictionary<string, double> first, IReadOnlyDictionary<string, double> second)
    {
        var evaluator = new PreciseEvaluator();
        var x1 = evaluator.Evaluate(a, first);
        var y1 = evaluator.Evaluate(b, first);
        var x2 = evaluator.Evaluate(a, second);
        var y2 = evaluator.Evaluate(b, second);
        if (x1 is null || y1 is null || x2 is null || y2 is null)
        {
            return false;
        }

        var left = PreciseEvaluator.Multiply(x1.Value, y2.Value);
        var right = PreciseEvaluator.Multiply(x2.Value, y1.Value);
        return Negligible(left - right, BigInteger.Max(BigInteger.Abs(left) + BigInteger.Abs(right), PreciseEvaluator.Multiply(evaluator.Scale, evaluator.Scale)));
    }

    /// <summary>The sampled values of a are a fixed multiple of b's (positive when asked), and zero at the same points.</summary>
    private static bool ProportionalValues(Expr a, Expr b, bool positive)
    {
        var evaluator = new NumericEvaluator();
        double? low = null, high = null;
        var good = 0;
        IReadOnlyDictionary<string, double>? firstPoint = null;
        foreach (var point in Sampler.Points(a, b))
        {
            var x = evaluator.Evaluate(a, point);
            var y = evaluator.Evaluate(b, point);
            if (x.IsUndefined != y.IsUndefined)
            {
                return false;
            }

            if (x.IsUnknown || y.IsUnknown)
            {
                continue;
            }

            if (x.IsUndefined)
            {
                continue;
            }

            var xZero = System.Math.Abs(x.Mid) <= Slack * x.Radius;
            var yZero = System.Math.Abs(y.Mid) <= Slack * y.Radius;
            if (xZero || yZero)
            {
                if (xZero != yZero)
                {
                    return false;
                }

                continue;
            }

            // The ratio x/y lies in [lo, hi]; every point's interval must share a common value.
            var ratio = x / y;
            if (ratio.IsUnknown)
            {
                continue;
            }

            var spread = (Slack * ratio.Radius) + (1e-12 * System.Math.Abs(ratio.Mid));
            low = System.Math.Max(low ?? double.NegativeInfinity, ratio.Mid - spread);
            high = System.Math.Min(high ?? double.PositiveInfinity, ratio.Mid + spread);
            if (low > high || (positive && high <= 0))
            {
                return false;
            }

            if (firstPoint is null)
            {
                firstPoint = point;
            }
            else if (good < ConfirmedPoints && !PreciselyProportional(a, b, firstPoint, point))
            {
                return false;
            }

            if (++good >= Points)
            {
                break;
            }
        }

        return good >= RequiredPoints / 2;
    }
}
