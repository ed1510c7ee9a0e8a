using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions;

/// <summary>The verdict on a pair of answers written as text.</summary>
public enum EquivalenceVerdict
{
    /// <summary>The two mean the same.</summary>
    Equivalent,

    /// <summary>The two differ.</summary>
    NotEquivalent,

    /// <summary>One of them could not be read.</summary>
    Unreadable,
}

/// <summary>
/// Compares two answers as a learner would type them: numbers (12, 0.75, 3/4, 3 5/6), expressions,
/// equations and inequalities. A plain number is read with <see cref="NumberReader"/>, so a mixed number
/// counts; everything else with the algebra parser.
/// </summary>
public static class AnswerEquivalence
{
    /// <summary>Reads an answer: a number literal when it is one, otherwise algebra.</summary>
    /// <exception cref="ExpressionException">When it cannot be read.</exception>
    public static Expr Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var number = NumberReader.TryRead(text, out _);
        return number is not null ? new NumberExpr(number.Value) : ExpressionParser.Parse(text, ExpressionSyntax.Algebra);
    }

    /// <summary>Judges <paramref name="response"/> against <paramref name="expected"/>; <paramref name="error"/> says why a text could not be read.</summary>
    public static EquivalenceVerdict Judge(string expected, string response, EquivalenceOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        Expr a, b;
        try
        {
            a = Read(expected);
        }
        catch (ExpressionException ex)
        {
            error = $"expected: {ex.Message}";
            return EquivalenceVerdict.Unreadable;
        }

        try
        {
            b = Read(response);
        }
        catch (ExpressionException ex)
        {
            error = $"response: {ex.Message}";
            return EquivalenceVerdict.Unreadable;
        }

        error = null;
        return AlgebraicEquivalence.AreEquivalent(a, b, options) ? EquivalenceVerdict.Equivalent : EquivalenceVerdict.NotEquivalent;
    }
}
