namespace MasteryPath.Web.Learning;

/// <summary>A request the learning flow refuses, with the HTTP status and a message a learner can read.</summary>
public sealed class LearningException : Exception
{
    public LearningException()
    {
        Title = "Error";
    }

    public LearningException(string message)
        : base(message)
    {
        Title = "Error";
    }

    public LearningException(string message, Exception innerException)
        : base(message, innerException)
    {
        Title = "Error";
    }

    private LearningException(int status, string title, string message)
        : base(message)
    {
        Status = status;
        Title = title;
    }

    public int Status { get; } = StatusCodes.Status400BadRequest;

    public string Title { get; }

    public static LearningException NotFound(string message) => new(StatusCodes.Status404NotFound, "Not found", message);

    public static LearningException Locked(string message) => new(StatusCodes.Status403Forbidden, "Skill locked", message);

    public static LearningException NotReady(string message) => new(StatusCodes.Status409Conflict, "Not available yet", message);

    public static LearningException Forbidden(string message) => new(StatusCodes.Status403Forbidden, "Not allowed", message);

    public static LearningException Conflict(string message) => new(StatusCodes.Status409Conflict, "Already there", message);

    public static LearningException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, "Too large", message);

    public static LearningException Invalid(string message) => new(StatusCodes.Status400BadRequest, "Invalid request", message);
}
