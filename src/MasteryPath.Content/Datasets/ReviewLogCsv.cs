using System.Globalization;
using CsvHelper;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Content.Datasets;

/// <summary>
/// Review histories as CSV, the input of <c>masterypath fsrs fit</c>: header <c>learner,skill,episode,at,grade</c>,
/// one row per review. <c>at</c> is ISO 8601 with an offset; <c>grade</c> is <c>again</c>, <c>hard</c>, <c>good</c>,
/// <c>easy</c> or 1–4; <c>episode</c> (optional, default 1) numbers the memories of one skill a learner started
/// over. The rows of a (learner, skill, episode) form one history, sorted by time; its first row is the moment
/// the skill was mastered.
/// </summary>
public static class ReviewLogCsv
{
    /// <summary>The header <see cref="Write(TextWriter, IEnumerable{ReviewHistory})"/> writes.</summary>
    public const string Header = "learner,skill,episode,at,grade";

    /// <summary>Writes <paramref name="histories"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<ReviewHistory> histories)
    {
        using var writer = new StreamWriter(path);
        Write(writer, histories);
    }

    /// <summary>Writes <paramref name="histories"/>, one row per review, in the order given.</summary>
    public static void Write(TextWriter writer, IEnumerable<ReviewHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(histories);
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        foreach (var column in Header.Split(','))
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
        foreach (var history in histories)
        {
            foreach (var review in history.Reviews)
            {
                csv.WriteField(history.Learner);
                csv.WriteField(history.Skill.Value);
                csv.WriteField(history.Episode.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(review.At.ToString("O", CultureInfo.InvariantCulture));
                csv.WriteField(review.Grade.ToString().ToLowerInvariant());
                csv.EndRecord();
            }
        }
    }

    /// <summary>Reads review histories, ordered by learner, skill and episode.</summary>
    /// <exception cref="AnswerLogFormatException">With the line of the first problem.</exception>
    public static IReadOnlyList<ReviewHistory> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new AnswerLogFormatException(path, 0, "the file does not exist");
        }

        using var reader = new StreamReader(path);
        var options = new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, TrimWhitespace = true, SkipEmptyLines = true };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        var histories = new Dictionary<(string Learner, string Skill, int Episode), List<ReviewRecord>>();
        int learnerAt = -1, skillAt = -1, episodeAt = -1, atAt = -1, gradeAt = -1;
        try
        {
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                if (learnerAt < 0)
                {
                    var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
                    foreach (var required in new[] { "learner", "skill", "at", "grade" })
                    {
                        if (!header.Contains(required))
                        {
                            throw new AnswerLogFormatException(path, 1, $"the header has no '{required}' column (expected {Header})");
                        }
                    }

                    (learnerAt, skillAt, episodeAt, atAt, gradeAt) = (header.IndexOf("learner"), header.IndexOf("skill"), header.IndexOf("episode"), header.IndexOf("at"), header.IndexOf("grade"));
                }

                if (csv.FieldCount <= new[] { learnerAt, skillAt, episodeAt, atAt, gradeAt }.Max())
                {
                    throw new AnswerLogFormatException(path, line, $"the row has {csv.FieldCount} fields, fewer than the header");
                }

                var learner = csv.GetString(learnerAt);
                var skill = csv.GetString(skillAt);
                if (learner.Length == 0 || !SkillId.IsValid(skill))
                {
                    throw new AnswerLogFormatException(path, line, learner.Length == 0 ? "the learner is empty" : $"'{Shorten(skill)}' is not a skill id");
                }

                var episode = 1;
                if (episodeAt >= 0 && !(int.TryParse(csv.GetString(episodeAt), NumberStyles.None, CultureInfo.InvariantCulture, out episode) && episode >= 1))
                {
                    throw new AnswerLogFormatException(path, line, $"'episode' is '{Shorten(csv.GetString(episodeAt))}'; use a whole number from 1");
                }

                if (!DateTimeOffset.TryParse(csv.GetString(atAt), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    throw new AnswerLogFormatException(path, line, $"'at' is '{Shorten(csv.GetString(atAt))}'; use ISO 8601, e.g. 2026-09-01T08:00:00Z");
                }

                var grade = ParseGrade(csv.GetString(gradeAt))
                    ?? throw new AnswerLogFormatException(path, line, $"'grade' is '{Shorten(csv.GetString(gradeAt))}'; use again, hard, good, easy or 1-4");
                var key = (learner, skill, episode);
                if (!histories.TryGetValue(key, out var reviews))
                {
                    histories[key] = reviews = [];
                }

                reviews.Add(new ReviewRecord(at, grade));
            }
        }
        catch (CsvFormatException ex)
        {
            throw new AnswerLogFormatException(path, (int)ex.LineNumber, "the CSV row does not fit the header (a missing or extra column, or an unclosed quote)");
        }

        if (learnerAt < 0)
        {
            throw new AnswerLogFormatException(path, 1, "the file has no reviews (it is empty, or holds only a header)");
        }

        return histories
            .OrderBy(h => h.Key.Learner, StringComparer.Ordinal)
            .ThenBy(h => h.Key.Skill, StringComparer.Ordinal)
            .ThenBy(h => h.Key.Episode)
            .Select(h => new ReviewHistory(h.Key.Learner, SkillId.Parse(h.Key.Skill), h.Key.Episode, h.Value.OrderBy(r => r.At).ToList()))
            .ToList();
    }

    private static Grade? ParseGrade(string text) => text.ToLowerInvariant() switch
    {
        "again" or "1" => Grade.Again,
        "hard" or "2" => Grade.Hard,
        "good" or "3" => Grade.Good,
        "easy" or "4" => Grade.Easy,
        _ => null,
    };

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
