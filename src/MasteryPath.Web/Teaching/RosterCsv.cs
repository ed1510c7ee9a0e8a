using System.Text;
using CsvHelper;

namespace MasteryPath.Web.Teaching;

/// <summary>A roster file read as a table: its columns by header name, and its rows.</summary>
internal sealed record RosterTable(string File, Dictionary<string, int> Columns, List<RosterRow> Rows);

/// <summary>A row of a <see cref="RosterTable"/> with the line it starts on.</summary>
internal sealed record RosterRow(int Line, string[] Fields)
{
    /// <summary>The field of the named column, or empty when the file has no such column.</summary>
    public string Get(RosterTable table, string column) => table.Columns.TryGetValue(column, out var i) ? Fields[i] : string.Empty;
}

/// <summary>
/// Reads the bytes of roster uploads: the OneRoster files out of a .zip, and each CSV into a table of strictly
/// decoded text (UTF-8, or UTF-16 with a byte order mark), with the required columns and cells free of
/// <see cref="ControlCharacters"/>.
/// </summary>
public static class RosterCsv
{
    private const int MaxRows = 50_000;
    private const string SaveAsUtf8 = "save it as 'CSV UTF-8' in Excel, or as UTF-8 in your editor";

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16BigEndian = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    /// <summary>The OneRoster and simple-CSV columns that hold people's or classes' names, where <see cref="ControlCharacters"/> allows joiners.</summary>
    private static readonly HashSet<string> NameColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "givenName", "familyName", "middleName", "preferredGivenName", "preferredMiddleName", "preferredFamilyName", "title",
    };

    /// <summary>Takes users.csv, classes.csv and enrollments.csv out of a .zip (in any folder); see <see cref="OneRosterBundle.FromZip"/> for all its files.</summary>
    public static (RosterFile? Users, RosterFile? Classes, RosterFile? Enrollments) Unzip(RosterFile zip, List<RosterProblem> problems)
    {
        var bundle = OneRosterBundle.FromZip(zip, problems);
        return (bundle.Get(RosterFiles.UsersFile), bundle.Get(RosterFiles.ClassesFile), bundle.Get(RosterFiles.EnrollmentsFile));
    }

    /// <summary>Reads a CSV with a header; null (with problems) when it cannot be read, lacks a required column or holds a refused character.</summary>
    internal static RosterTable? Read(RosterFile file, IReadOnlyList<string> required, string expected, List<RosterProblem> problems)
    {
        if (RosterFiles.CheckSize(file.Name, file.Content.LongLength) is { } tooLarge)
        {
            problems.Add(tooLarge);
            return null;
        }

        if (Decode(file, problems) is not { } text)
        {
            return null;
        }

        if (text.AsSpan().IndexOfAnyExcept(" \t\r\n") < 0)
        {
            problems.Add(new RosterProblem(file.Name, 0, $"the file is empty; expected a header ({expected})"));
            return null;
        }

        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            TrimInsideQuotes = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            DetectSeparatorHint = false,
            MaxRecordSize = 64 * 1024,
        };
        var before = problems.Count;
        var rows = new List<RosterRow>();
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var csv = CsvReader.FromText(text, options);
            var headers = csv.Headers.Select(h => h.Trim()).ToList();
            for (var i = 0; i < headers.Count; i++)
            {
                if (ControlCharacters.Find(headers[i]) is { } found)
                {
                    problems.Add(new RosterProblem(file.Name, 1, $"column {i + 1} of the header holds {found}; remove it"));
                }
            }

            if (problems.Count > before)
            {
                return null;
            }

            for (var i = 0; i < headers.Count; i++)
            {
                if (headers[i].Length > 0 && !columns.TryAdd(headers[i], i))
                {
                    problems.Add(new RosterProblem(file.Name, 1, $"wrong header: the column '{RosterFiles.Shorten(headers[i])}' appears twice"));
                }
            }

            var absent = required.Where(r => !columns.ContainsKey(r)).ToList();
            if (absent.Count > 0)
            {
                problems.Add(new RosterProblem(file.Name, 1, $"wrong header: no {string.Join(", ", absent.Select(a => $"'{a}'"))} column (expected {expected}; found '{RosterFiles.Shorten(string.Join(",", headers))}')"));
            }

            if (problems.Count > before)
            {
                return null;
            }

            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                if (csv.FieldCount != headers.Count)
                {
                    problems.Add(new RosterProblem(file.Name, line, $"the row has {csv.FieldCount} fields but the header has {headers.Count}"));
                    continue;
                }

                var fields = new string[csv.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = csv.GetString(i).Trim();
                    if (ControlCharacters.Find(fields[i], NameColumns.Contains(headers[i])) is { } found)
                    {
                        problems.Add(new RosterProblem(file.Name, line, $"column {i + 1} ('{RosterFiles.Shorten(headers[i])}') holds {found}; remove it"));
                    }
                }

                rows.Add(new RosterRow(line, fields));
                if (rows.Count > MaxRows)
                {
                    problems.Add(new RosterProblem(file.Name, line, $"more than {MaxRows} rows"));
                    return null;
                }
            }
        }
        catch (CsvFormatException ex)
        {
            problems.Add(new RosterProblem(file.Name, (int)ex.LineNumber, "malformed CSV: an unclosed or stray quote, or a row too long"));
            return null;
        }

        return problems.Count > before ? null : new RosterTable(file.Name, columns, rows);
    }

    /// <summary>
    /// The text of the file: UTF-8 with or without a byte order mark, or UTF-16 with one. Anything else is refused
    /// with the line of its first bad byte rather than guessed at: a guessed code page stores misread names.
    /// </summary>
    public static string? Decode(RosterFile file, List<RosterProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(problems);
        ReadOnlySpan<byte> bytes = file.Content;
        if (bytes is [0xFF, 0xFE, 0, 0, ..] or [0, 0, 0xFE, 0xFF, ..])
        {
            problems.Add(new RosterProblem(file.Name, 0, $"the file is UTF-32: {SaveAsUtf8}"));
            return null;
        }

        var (strict, lenient, name, skip) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (StrictUtf8, Encoding.UTF8, "UTF-8", 3),
            [0xFF, 0xFE, ..] => (StrictUtf16, Encoding.Unicode, "UTF-16", 2),
            [0xFE, 0xFF, ..] => (StrictUtf16BigEndian, Encoding.BigEndianUnicode, "UTF-16", 2),
            _ => (StrictUtf8, Encoding.UTF8, "UTF-8", 0),
        };
        bytes = bytes[skip..];
        try
        {
            return strict.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var at = Math.Clamp(ex.Index, 0, bytes.Length);
            var line = 1 + lenient.GetString(bytes[..at]).Count('\n');
            var bad = strict == StrictUtf8 && ex.BytesUnknown is [var first, ..] ? $"byte 0x{first:X2}" : "an unpaired surrogate";
            problems.Add(new RosterProblem(file.Name, line, $"the file is not {name} ({bad} on this line): {SaveAsUtf8}"));
            return null;
        }
    }
}
