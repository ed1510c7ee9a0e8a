using System.Globalization;
using CsvHelper;

namespace MasteryPath.Content.Datasets;

/// <summary>One row of an answer log.</summary>
/// <param name="Learner">A pseudonymous learner id.</param>
/// <param name="Skill">The skill id.</param>
/// <param name="Correct">Whether the answer was right.</param>
/// <param name="At">When it was given.</param>
public readonly record struct AnswerLogRow(string Learner, string Skill, bool Correct, DateTimeOffset At);

/// <summary>
/// Writes the answer-log CSV: <c>learner,skill,correct,timestamp</c>, rows in time order per learner. The product's
/// class export and <c>masterypath simulate answer-log</c> both write it; <see cref="AnswerLogReader"/> reads it.
/// </summary>
public static class AnswerLogWriter
{
    /// <summary>The header.</summary>
    public static readonly IReadOnlyList<string> Header = ["learner", "skill", "correct", "timestamp"];

    /// <summary>An instant as the log writes it: UTC, milliseconds, ISO 8601.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes the header and <paramref name="rows"/> to <paramref name="stream"/>, which stays open.</summary>
    public static void Write(Stream stream, IEnumerable<AnswerLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader([.. Header]);
        foreach (var row in rows)
        {
            csv.WriteField(row.Learner);
            csv.WriteField(row.Skill);
            csv.WriteField(row.Correct ? "1" : "0");
            csv.WriteField(Timestamp(row.At));
            csv.EndRecord();
        }

        csv.Flush();
    }
}
