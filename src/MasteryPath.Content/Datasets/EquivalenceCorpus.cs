using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using MasteryPath.Domain.Expressions;

namespace MasteryPath.Content.Datasets;

/// <summary>A corpus file that cannot be read, with the line of the problem.</summary>
public sealed class CorpusFormatException(string path, int line, string message)
    : Exception($"{path}:{line}: {message}")
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>1-based line.</summary>
    public int Line { get; } = line;
}

/// <summary>One labelled pair: is <paramref name="Response"/> equivalent to <paramref name="Expected"/>?</summary>
/// <param name="Line">Line in the file.</param>
/// <param name="Category">What the pair tests (e.g. large-exponents).</param>
/// <param name="Expected">The answer key, as a learner would write it.</param>
/// <param name="Response">The learner's answer.</param>
/// <param name="Equivalent">The label.</param>
/// <param name="Tolerance">Relative tolerance the item allows; 0 = exact.</param>
/// <param name="Note">Why the label is what it is (optional).</param>
public sealed record CorpusCase(int Line, string Category, string Expected, string Response, bool Equivalent, double Tolerance, string Note);

/// <summary>The checker's verdict on one case, and how long it took.</summary>
public sealed record CorpusResult(CorpusCase Case, EquivalenceVerdict Verdict, string? Error, double Milliseconds)
{
    /// <summary>True when the checker accepted the response.</summary>
    public bool Accepted => Verdict == EquivalenceVerdict.Equivalent;

    /// <summary>True when the checker agrees with the label.</summary>
    public bool Agrees => Accepted == Case.Equivalent;

    /// <summary>A non-equivalent response accepted: the expensive error.</summary>
    public bool FalseAccept => Accepted && !Case.Equivalent;

    /// <summary>An equivalent response rejected (unreadable counts as rejected).</summary>
    public bool FalseReject => !Accepted && Case.Equivalent;
}

/// <summary>Counts for one category (or the total).</summary>
public sealed record CorpusSummary(string Category, int Cases, int Equivalent, int Agreed, int FalseAccepts, int FalseRejects, int Unreadable)
{
    /// <summary>Share of cases where the checker agrees with the label.</summary>
    public double Agreement => Cases == 0 ? 1 : (double)Agreed / Cases;

    /// <summary>False rejects as a share of the equivalent cases.</summary>
    public double FalseRejectRate => Equivalent == 0 ? 0 : (double)FalseRejects / Equivalent;

    /// <summary>False accepts as a share of the non-equivalent cases.</summary>
    public double FalseAcceptRate => Cases - Equivalent == 0 ? 0 : (double)FalseAccepts / (Cases - Equivalent);
}

/// <summary>The outcome of running the checker over a corpus.</summary>
public sealed record CorpusReport(IReadOnlyList<CorpusResult> Results, IReadOnlyList<CorpusSummary> Categories, CorpusSummary Total, double Seconds)
{
    /// <summary>The median time to judge one pair.</summary>
    public double MedianMilliseconds => Percentile(0.5);

    /// <summary>The slowest pair.</summary>
    public double MaxMilliseconds => Results.Count == 0 ? 0 : Results.Max(r => r.Milliseconds);

    private double Percentile(double p)
    {
        var sorted = Results.Select(r => r.Milliseconds).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[(int)System.Math.Min(sorted.Count - 1, System.Math.Floor(p * sorted.Count))];
    }
}

/// <summary>
/// Reads a labelled equivalence corpus (CSV or TSV with a header: category, expected, response,
/// equivalent, and optional tolerance and note, in any order) and runs the answer checker over it.
/// </summary>
public static class EquivalenceCorpus
{
    /// <summary>Reads every case of <paramref name="path"/>.</summary>
    /// <exception cref="CorpusFormatException">On a missing column, a bad label or a malformed row.</exception>
    public static IReadOnlyList<CorpusCase> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new CorpusFormatException(path, 1, "there is no such file");
        }

        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? string.Empty;
        var separator = first.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        reader.BaseStream.Position = 0;
        reader.DiscardBufferedData();
        var options = new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, SkipEmptyLines = true, Separator = separator };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        var cases = new List<CorpusCase>();
        Dictionary<string, int>? columns = null;
        try
        {
            while (csv.Read())
            {
                columns ??= Columns(path, csv.Headers);
                var line = (int)csv.LineNumber;
                string Field(string name) => columns.TryGetValue(name, out var at) && at < csv.FieldCount ? csv.GetString(at).Trim() : string.Empty;
                var label = Field("equivalent").ToLowerInvariant() switch
                {
                    "true" or "1" or "yes" or "y" => true,
                    "false" or "0" or "no" or "n" => false,
                    var other => throw new CorpusFormatException(path, line, $"'equivalent' is '{other}'; use true/false, 1/0 or yes/no"),
                };
                var toleranceText = Field("tolerance");
                var tolerance = 0.0;
                if (toleranceText.Length > 0 && (!double.TryParse(toleranceText, NumberStyles.Float, CultureInfo.InvariantCulture, out tolerance) || tolerance < 0))
                {
                    throw new CorpusFormatException(path, line, $"'tolerance' is '{toleranceText}'; use a non-negative number such as 0.001, or leave it empty for exact");
                }

                var category = Field("category");
                cases.Add(new CorpusCase(line, category.Length == 0 ? "uncategorised" : category, Field("expected"), Field("response"), label, tolerance, Field("note")));
            }
        }
        catch (CsvFormatException ex)
        {
            throw new CorpusFormatException(path, (int)ex.LineNumber, "the row does not fit the header (a missing or extra column, or an unclosed quote)");
        }

        if (columns is null)
        {
            throw new CorpusFormatException(path, 1, "the file has no cases (a header line and at least one row are needed)");
        }

        return cases;
    }

    private static Dictionary<string, int> Columns(string path, IEnumerable<string> headers)
    {
        var names = headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        foreach (var required in new[] { "expected", "response", "equivalent" })
        {
            if (!names.Contains(required))
            {
                throw new CorpusFormatException(path, 1, $"the header has no '{required}' column (expected category,expected,response,equivalent[,tolerance][,note])");
            }
        }

        return names.Select((n, i) => (n, i)).GroupBy(p => p.n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    /// <summary>Runs the checker over <paramref name="cases"/>.</summary>
    public static CorpusReport Evaluate(IReadOnlyList<CorpusCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var clock = Stopwatch.StartNew();
        var results = cases.Select(c =>
        {
            var options = c.Tolerance > 0 ? new EquivalenceOptions(RelativeTolerance: c.Tolerance) : EquivalenceOptions.Exact;
            var started = Stopwatch.GetTimestamp();
            var verdict = AnswerEquivalence.Judge(c.Expected, c.Response, options, out var error);
            return new CorpusResult(c, verdict, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }).ToList();
        var seconds = clock.Elapsed.TotalSeconds;
        var categories = results.GroupBy(r => r.Case.Category, StringComparer.Ordinal)
            .Select(g => Summarise(g.Key, g.ToList()))
            .OrderBy(s => s.Category, StringComparer.Ordinal)
            .ToList();
        return new CorpusReport(results, categories, Summarise("total", results), seconds);
    }

    private static CorpusSummary Summarise(string category, IReadOnlyCollection<CorpusResult> results) => new(
        category,
        results.Count,
        results.Count(r => r.Case.Equivalent),
        results.Count(r => r.Agrees),
        results.Count(r => r.FalseAccept),
        results.Count(r => r.FalseReject),
        results.Count(r => r.Verdict == EquivalenceVerdict.Unreadable));
}
