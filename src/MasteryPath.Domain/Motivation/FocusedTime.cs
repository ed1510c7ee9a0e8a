namespace MasteryPath.Domain.Motivation;

/// <summary>
/// Focused practice time, measured from answering: each answered question counts the time from showing it to the
/// answer, except a rapid guess (answered in under <see cref="RapidGuess"/>: it counts nothing) and idle time (a
/// question left open longer than <see cref="IdleAfter"/> counts that much and no more).
/// </summary>
public static class FocusedTime
{
    /// <summary>Answers faster than this are guesses, not work.</summary>
    public static readonly TimeSpan RapidGuess = TimeSpan.FromSeconds(3);

    /// <summary>The most one question counts; the rest of a longer wait is time away.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(3);

    /// <summary>The focused time of answered questions, each given by when it was shown and when it was answered.</summary>
    public static TimeSpan Of(IEnumerable<(DateTimeOffset Shown, DateTimeOffset Answered)> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var total = TimeSpan.Zero;
        foreach (var (shown, answered) in questions)
        {
            var spent = answered - shown;
            if (spent >= RapidGuess)
            {
                total += spent < IdleAfter ? spent : IdleAfter;
            }
        }

        return total;
    }

    /// <summary>Whole minutes of focused time (rounded down).</summary>
    public static int WholeMinutes(TimeSpan focused) => (int)System.Math.Floor(focused.TotalMinutes);

    /// <summary>"no minutes", "less than a minute", "1 minute", "12 minutes".</summary>
    public static string Describe(TimeSpan focused) => WholeMinutes(focused) switch
    {
        0 => focused > TimeSpan.Zero ? "less than a minute" : "no minutes",
        1 => "1 minute",
        var n => $"{n} minutes",
    };
}
