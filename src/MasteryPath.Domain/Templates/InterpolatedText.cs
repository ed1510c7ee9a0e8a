using System.Globalization;
using System.Text;
using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Templates;

/// <summary>
/// Text with [[formula]] or [[formula|format]] holes. Formats: <c>signed</c> ("+ 3" / "- 3"),
/// <c>coef</c> (1 → "", -1 → "-"), <c>signedcoef</c> ("+ " / "- 2"), <c>paren</c> (negatives in parentheses),
/// <c>frac</c> (LaTeX \frac{n}{d}), <c>fraction</c> (n/d), <c>mixed</c> (1 1/2), <c>decimal</c>.
/// </summary>
public sealed class InterpolatedText
{
    /// <summary>The formats a hole may ask for.</summary>
    public static readonly IReadOnlySet<string> Formats = new HashSet<string>(StringComparer.Ordinal)
    {
        "signed", "coef", "signedcoef", "paren", "frac", "fraction", "mixed", "decimal",
    };

    private readonly List<object> _parts;

    private InterpolatedText(string source, List<object> parts)
    {
        Source = source;
        _parts = parts;
    }

    private sealed record Hole(Expr Formula, string? Format);

    /// <summary>The authored text.</summary>
    public string Source { get; }

    /// <summary>True when the text has at least one hole.</summary>
    public bool HasHoles => _parts.Any(p => p is Hole);

    /// <summary>Every name the holes mention.</summary>
    public IEnumerable<string> Names => _parts.OfType<Hole>().SelectMany(h => h.Formula.Variables());

    /// <summary>Parses the holes of <paramref name="text"/>.</summary>
    /// <exception cref="ExpressionException">With the offset in <paramref name="text"/> of a bad hole.</exception>
    public static InterpolatedText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<object>();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("[[", i, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(text[i..]);
                break;
            }

            if (open > i)
            {
                parts.Add(text[i..open]);
            }

            var close = text.IndexOf("]]", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ExpressionException("'[[' is not closed by ']]'.", open);
            }

            var inner = text[(open + 2)..close];
            string? format = null;
            var bar = inner.LastIndexOf('|');
            if (bar >= 0 && !inner.Contains("||", StringComparison.Ordinal))
            {
                format = inner[(bar + 1)..].Trim();
                inner = inner[..bar];
                if (!Formats.Contains(format))
                {
                    throw new ExpressionException($"Unknown format '{format}'; use one of: {string.Join(", ", Formats)}.", open);
                }
            }

            try
            {
                parts.Add(new Hole(ExpressionParser.Parse(inner, ExpressionSyntax.Template), format));
            }
            catch (ExpressionException ex)
            {
                throw new ExpressionException($"In [[{inner}]]: {ex.Message}", open + 2 + (ex.Position ?? 0));
            }

            i = close + 2;
        }

        return new InterpolatedText(text, parts);
    }

    /// <summary>Fills the holes.</summary>
    /// <exception cref="ExpressionException">When a formula cannot be evaluated.</exception>
    public string Render(IReadOnlyDictionary<string, Value> values)
    {
        if (!HasHoles)
        {
            return Source;
        }

        var sb = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part is string literal)
            {
                sb.Append(literal);
            }
            else
            {
                var hole = (Hole)part;
                sb.Append(Format(TemplateEvaluator.Evaluate(hole.Formula, values), hole.Format));
            }
        }

        return sb.ToString();
    }

    /// <summary>Writes a value in one of the <see cref="Formats"/> (or plainly when null).</summary>
    public static string Format(Value value, string? format)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (format is null || value is TextValue or BoolValue)
        {
            return value.ToString()!;
        }

        var plain = value.ToString()!;
        var negative = value is ExactValue { Number.Sign: < 0 } || value is RealValue { Number: < 0 };
        var absolute = negative ? plain[1..] : plain;
        return format switch
        {
            "signed" => negative ? $"- {absolute}" : $"+ {plain}",
            "coef" => plain switch { "1" => string.Empty, "-1" => "-", _ => plain },
            "signedcoef" => (negative ? "- " : "+ ") + (absolute == "1" ? string.Empty : absolute),
            "paren" => negative ? $"({plain})" : plain,
            "frac" => value is ExactValue { Number.IsInteger: false } e
                ? $"{(negative ? "-" : string.Empty)}\\frac{{{BigAbs(e.Number.Numerator)}}}{{{e.Number.Denominator.ToString(CultureInfo.InvariantCulture)}}}"
                : plain,
            "fraction" => value is ExactValue f ? f.Number.ToString() : plain,
            "mixed" => value is ExactValue m ? Mixed(m.Number) : plain,
            "decimal" => value is ExactValue d
                ? (d.Number.HasTerminatingDecimal ? d.Number.ToDecimalString() : System.Math.Round(d.Number.ToDouble(), 6).ToString(CultureInfo.InvariantCulture))
                : plain,
            _ => plain,
        };
    }

    private static string BigAbs(System.Numerics.BigInteger n) => System.Numerics.BigInteger.Abs(n).ToString(CultureInfo.InvariantCulture);

    private static string Mixed(Rational r)
    {
        if (r.IsInteger)
        {
            return r.ToString();
        }

        var sign = r.Sign < 0 ? "-" : string.Empty;
        var abs = r.Abs();
        var whole = abs.Floor();
        var rest = abs - new Rational(whole, 1);
        return whole.IsZero ? $"{sign}{rest}" : $"{sign}{whole.ToString(CultureInfo.InvariantCulture)} {rest}";
    }
}
