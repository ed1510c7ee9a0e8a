namespace MasteryPath.Domain.Expressions;

/// <summary>An expression could not be read or evaluated. <see cref="Position"/> is a 0-based offset into the text, when known.</summary>
public sealed class ExpressionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExpressionException(string message, int? position = null)
        : base(message)
    {
        Position = position;
    }

    /// <summary>Creates the exception.</summary>
    public ExpressionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>0-based offset into the parsed text, when the problem has one.</summary>
    public int? Position { get; }
}
