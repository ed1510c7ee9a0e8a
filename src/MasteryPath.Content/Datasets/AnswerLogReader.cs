using System.Globalization;
using CsvHelper;
using MasteryPath.Domain.Learning;

namespace MasteryPath.Content.Datasets;

/// <summary>A data file could not be read; <see cref="Line"/> is 1-based.</summary>
public sealed class AnswerLogFormatException(string file, int line, string message)
    : Exception(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
{
    /// <summary>The file.</summary>
    public string File { get; } = file;

    /// <summary>The 1-based line of the problem; 0 for the file as a whole.</summary>
    public int Line { get; } = line;
}

/// <summary>An answer log: learners' answer sequences, with skills as dense indices.</summary>
public sealed record AnswerLog(IReadOnlyList<LearnerSequence> Learners, IReadOnlyDictionary<string, int> SkillIndex)
{
    /// <summary>The number of answers.</summary>
    public int AnswerCount => Learners.Sum(l => l.Attempts.Count);
}

/// <summary>
/// Reads answer logs for fitting and evaluating learner models. Two formats:
/// the 3-line knowledge-tracing format (count / skill ids / 0-1 responses per learner, trailing commas
/// allowed), and the platform's answer-event CSV export (header with <c>learner</c>, <c>skill</c>,
/// <c>correct</c>, optionally <c>timestamp</c>; rows in time order per learner).
/// </summary>
public static class AnswerLogReader
{
    /// <summary>Reads <paramref name="path"/>, detecting its format. Skill names map to indices through <paramref name="skillIndex"/>, which grows as new skills appear, so train and test share one mapping.</summary>
    /// <exception cref="AnswerLogFormatException">With the line of the first problem; also when the file is missing, unreadable or holds no answers.</exception>
    public static AnswerLog Read(string path, Dictionary<string, int>? skillIndex = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        skillIndex ??= new Dictionary<string, int>(StringComparer.Ordinal);
        if (!System.IO.File.Exists(path))
        {
            throw new AnswerLogFormatException(path, 0, Directory.Exists(path) ? "this is a folder, not an answer log file" : "the file does not exist");
        }

        List<LearnerSequence> learners;
        try
        {
            using var reader = new StreamReader(path);
            var first = (reader.ReadLine() ?? string.Empty).TrimStart('\uFEFF');
            reader.BaseStream.Seek(0, SeekOrigin.Begin);
            reader.DiscardBufferedData();
            learners = first.Contains(',', StringComparison.Ordinal) && first.Any(char.IsLetter) ? ReadCsv(path, reader, skillIndex) : ReadThreeLine(path, reader, skillIndex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AnswerLogFormatException(path, 0, $"the file could not be read: {ex.Message}");
        }

        // Fitting or scoring on nothing "succeeds" with NaN scores or an untrained model; refuse it here for every caller.
        if (learners.Sum(l => l.Attempts.Count) == 0)
        {
            throw new AnswerLogFormatException(path, 0, "the file has no answers (it is empty, or holds only a header)");
        }

        return new AnswerLog(learners, skillIndex);
    }

    private static int Index(Dictionary<string, int> skillIndex, string skill)
    {
        if (!skillIndex.TryGetValue(skill, out var index))
        {
            index = skillIndex.Count;
            skillIndex[skill] = index;
        }

        return index;
    }

    private static List<LearnerSequence> ReadThreeLine(string path, StreamReader reader, Dictionary<string, int> skillIndex)
    {
        var learners = new List<LearnerSequence>();
        var lineNumber = 0;
        string? NextNonEmpty()
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                line = line.Trim().TrimStart('\uFEFF');
                if (line.Length > 0)
                {
                    return line;
                }
            }

            return null;
        }

        List<string> Fields(string? line, string what)
        {
            if (line is null)
            {
                throw new AnswerLogFormatException(path, lineNumber + 1, $"the file ends where the line of {what} should be");
            }

            var fields = line.Split(',').Select(f => f.Trim()).ToList();
            if (fields.Count > 0 && fields[^1].Length == 0)
            {
                fields.RemoveAt(fields.Count - 1);
            }

            return fields;
        }

        string? countLine;
        while ((countLine = NextNonEmpty()) is not null)
        {
            var countAt = lineNumber;
            if (!int.TryParse(countLine.TrimEnd(','), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new AnswerLogFormatException(path, countAt, $"expected the number of answers of a learner, found '{Shorten(countLine)}'");
            }

            var skills = Fields(NextNonEmpty(), "skill ids");
            var skillsAt = lineNumber;
            var responses = Fields(NextNonEmpty(), "responses");
            var responsesAt = lineNumber;
            if (skills.Count != count)
            {
                throw new AnswerLogFormatException(path, skillsAt, $"line {countAt} says {count} answers but this line has {skills.Count} skill ids");
            }

            if (responses.Count != count)
            {
                throw new AnswerLogFormatException(path, responsesAt, $"line {countAt} says {count} answers but this line has {responses.Count} responses");
            }

            var attempts = new Attempt[count];
            for (var i = 0; i < count; i++)
            {
                if (!long.TryParse(skills[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw new AnswerLogFormatException(path, skillsAt, $"skill id number {i + 1} is '{Shorten(skills[i])}', not a whole number");
                }

                var correct = responses[i] switch
                {
                    "1" => true,
                    "0" => false,
                    _ => throw new AnswerLogFormatException(path, responsesAt, $"response number {i + 1} is '{Shorten(responses[i])}'; responses are 0 or 1"),
                };
                attempts[i] = new Attempt(Index(skillIndex, skills[i]), correct);
            }

            learners.Add(new LearnerSequence($"learner-{learners.Count + 1}", attempts));
        }

        return learners;
    }

    private static List<LearnerSequence> ReadCsv(string path, StreamReader reader, Dictionary<string, int> skillIndex)
    {
        var options = new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, TrimWhitespace = true, SkipEmptyLines = true };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        var byLearner = new Dictionary<string, List<Attempt>>(StringComparer.Ordinal);
        var order = new List<string>();
        int learnerAt = -1, skillAt = -1, correctAt = -1;
        try
        {
            while (csv.Read())
            {
                if (learnerAt < 0)
                {
                    var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
                    foreach (var required in new[] { "learner", "skill", "correct" })
                    {
                        if (!header.Contains(required))
                        {
                            throw new AnswerLogFormatException(path, 1, $"the header has no '{required}' column (expected learner,skill,correct[,timestamp])");
                        }
                    }

                    (learnerAt, skillAt, correctAt) = (header.IndexOf("learner"), header.IndexOf("skill"), header.IndexOf("correct"));
                }

                var line = (int)csv.LineNumber;
                if (csv.FieldCount <= System.Math.Max(learnerAt, System.Math.Max(skillAt, correctAt)))
                {
                    throw new AnswerLogFormatException(path, line, $"the row has {csv.FieldCount} fields, fewer than the header");
                }

                var learner = csv.GetString(learnerAt);
                var skill = csv.GetString(skillAt);
                var correctText = csv.GetString(correctAt).ToLowerInvariant();
                if (learner.Length == 0 || skill.Length == 0)
                {
                    throw new AnswerLogFormatException(path, line, "the learner or skill is empty");
                }

                var correct = correctText switch
                {
                    "1" or "true" => true,
                    "0" or "false" => false,
                    _ => throw new AnswerLogFormatException(path, line, $"'correct' is '{Shorten(correctText)}'; use 1/0 or true/false"),
                };
                if (!byLearner.TryGetValue(learner, out var attempts))
                {
                    byLearner[learner] = attempts = [];
                    order.Add(learner);
                }

                attempts.Add(new Attempt(Index(skillIndex, skill), correct));
            }
        }
        catch (CsvFormatException ex)
        {
            throw new AnswerLogFormatException(path, (int)ex.LineNumber, "the CSV row does not fit the header (a missing or extra column, or an unclosed quote)");
        }

        if (learnerAt < 0)
        {
            throw new AnswerLogFormatException(path, 1, "the file has a header but no answers");
        }

        return order.Select(l => new LearnerSequence(l, byLearner[l])).ToList();
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
