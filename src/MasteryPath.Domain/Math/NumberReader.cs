using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace MasteryPath.Domain.Math;

/// <summary>How a learner wrote a number.</summary>
public enum NumberForm
{
    /// <summary>A whole number: 12, -3, 1,200.</summary>
    Integer,

    /// <summary>A decimal: 0.75, -2.5.</summary>
    Decimal,

    /// <summary>A fraction: 3/4, -6/8.</summary>
    Fraction,

    /// <summary>A mixed number: 1 1/2.</summary>
    Mixed,
}

/// <summary>A number a learner typed, with the form they typed it in.</summary>
/// <param name="Value">The exact value.</param>
/// <param name="Form">How it was written.</param>
/// <param name="InLowestTerms">For fractions and mixed numbers: whether the written fraction was already reduced.</param>
/// <param name="DecimalPlaces">Digits written after the decimal point (0 unless a decimal).</param>
/// <param name="Proper">For mixed numbers: whether the fraction part is below 1 (3 5/6, not 2 11/6).</param>
public sealed record WrittenNumber(Rational Value, NumberForm Form, bool InLowestTerms, int DecimalPlaces = 0, bool Proper = true);

/// <summary>Reads numbers as learners type them: "-3", "1,250", "0.75", ".5", "3/4", "-1 1/2", with typographic minus signs.</summary>
public static partial class NumberReader
{
    [GeneratedRegex(@"^(?<sign>[-+])?\s*(?<whole>[0-9]{1,3}(,[0-9]{3})+|[0-9]+)?(?<frac>\.[0-9]+)?$")]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"^(?<sign>[-+])?\s*(?:(?<whole>[0-9]+)\s+)?(?<num>[0-9]+)\s*/\s*(?<den>[0-9]+)$")]
    private static partial Regex FractionPattern();

    /// <summary>Reads <paramref name="text"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static WrittenNumber? TryRead(string? text, out string? error)
    {
        error = null;
        var trimmed = Plain(text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            error = "Enter a number.";
            return null;
        }

        if (trimmed.Length > 64)
        {
            error = "That number is too long.";
            return null;
        }

        var fraction = FractionPattern().Match(trimmed);
        if (fraction.Success)
        {
            var numerator = BigInteger.Parse(fraction.Groups["num"].Value, CultureInfo.InvariantCulture);
            var denominator = BigInteger.Parse(fraction.Groups["den"].Value, CultureInfo.InvariantCulture);
            if (denominator.IsZero)
            {
                error = "A fraction cannot have 0 as its denominator.";
                return null;
            }

            var mixed = fraction.Groups["whole"].Success;
            var whole = mixed ? BigInteger.Parse(fraction.Groups["whole"].Value, CultureInfo.InvariantCulture) : BigInteger.Zero;
            var value = new Rational((whole * denominator) + numerator, denominator);
            if (fraction.Groups["sign"].Value == "-")
            {
                value = -value;
            }

            var lowest = BigInteger.GreatestCommonDivisor(numerator, denominator).IsOne && (!mixed || numerator < denominator);
            return new WrittenNumber(value, mixed ? NumberForm.Mixed : NumberForm.Fraction, lowest, Proper: !mixed || numerator < denominator);
        }

        var dec = DecimalPattern().Match(trimmed);
        if (dec.Success && (dec.Groups["whole"].Success || dec.Groups["frac"].Success))
        {
            var literal = dec.Groups["whole"].Value.Replace(",", string.Empty, StringComparison.Ordinal) + dec.Groups["frac"].Value;
            if (literal.StartsWith('.'))
            {
                literal = "0" + literal;
            }

            if (!decimal.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            {
                error = "That number is too long.";
                return null;
            }

            var value = Rational.FromDecimal(d);
            if (dec.Groups["sign"].Value == "-")
            {
                value = -value;
            }

            var places = dec.Groups["frac"].Success ? dec.Groups["frac"].Value.Length - 1 : 0;
            return new WrittenNumber(value, dec.Groups["frac"].Success ? NumberForm.Decimal : NumberForm.Integer, true, places);
        }

        error = $"'{trimmed}' is not a number. Write it like 12, -3.5, 3/4 or 1 1/2.";
        return null;
    }

    /// <summary>Typographic minus signs and fraction slashes, full-width digits (３/４) and non-breaking spaces in their plain form.</summary>
    private static string Plain(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                '\u2212' or '\u2013' => '-',
                '\u2044' or '\u2215' => '/',
                '\u00A0' or '\u202F' or '\u2009' or '\u3000' => ' ',
                >= '\uFF01' and <= '\uFF5E' => (char)(chars[i] - 0xFEE0),
                _ => chars[i],
            };
        }

        return new string(chars);
    }
}
