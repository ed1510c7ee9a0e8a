using System.Globalization;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions;

/// <summary>What a template formula evaluates to: an exact number, an approximate number, text, or true/false.</summary>
public abstract record Value
{
    /// <summary>Wraps an exact number.</summary>
    public static Value Of(Rational value) => new ExactValue(value);

    /// <summary>Wraps a whole number.</summary>
    public static Value Of(long value) => new ExactValue(value);

    /// <summary>Wraps an approximate number; whole doubles become exact.</summary>
    public static Value Of(double value) =>
        double.IsFinite(value) && value == System.Math.Floor(value) && System.Math.Abs(value) < 1e15
            ? new ExactValue((long)value)
            : new RealValue(value);

    /// <summary>Wraps text.</summary>
    public static Value Of(string value) => new TextValue(value);

    /// <summary>Wraps a truth value.</summary>
    public static Value Of(bool value) => new BoolValue(value);
}

/// <summary>An exact rational number.</summary>
public sealed record ExactValue(Rational Number) : Value
{
    /// <inheritdoc/>
    public override string ToString() => Number.IsInteger || !Number.HasTerminatingDecimal ? Number.ToString() : Number.ToDecimalString();
}

/// <summary>A number known only approximately (a square root, pi).</summary>
public sealed record RealValue(double Number) : Value
{
    /// <inheritdoc/>
    public override string ToString() => System.Math.Round(Number, 6).ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>Text, e.g. a name drawn from a list.</summary>
public sealed record TextValue(string Text) : Value
{
    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>True or false.</summary>
public sealed record BoolValue(bool Flag) : Value
{
    /// <inheritdoc/>
    public override string ToString() => Flag ? "true" : "false";
}
