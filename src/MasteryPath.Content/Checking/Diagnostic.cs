namespace MasteryPath.Content.Checking;

/// <summary>How bad a problem is: errors stop a course from loading, warnings do not.</summary>
public enum Severity
{
    /// <summary>The course cannot be used until this is fixed.</summary>
    Error,

    /// <summary>Worth fixing; the course still loads.</summary>
    Warning,
}

/// <summary>A place in a course file; line and column are 1-based.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>One problem in a course, at a place, with a stable code (e.g. "unknown-prerequisite") and a plain message.</summary>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Code, string Message)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Location}: {(Severity == Severity.Error ? "error" : "warning")} {Code}: {Message}";
}
