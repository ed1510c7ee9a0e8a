namespace MasteryPath.Domain.Retention;

/// <summary>The four FSRS grades of a review, numbered as FSRS numbers them (the formulas use the number).</summary>
public enum Grade
{
    /// <summary>Forgot: the answer was wrong (a lapse).</summary>
    Again = 1,

    /// <summary>Recalled with serious difficulty; in MasteryPath, right but only with a hint.</summary>
    Hard = 2,

    /// <summary>Recalled: right without help.</summary>
    Good = 3,

    /// <summary>Recalled easily. <see cref="RetentionScheduler.FromAnswer"/> never produces it; a caller may.</summary>
    Easy = 4,
}
