using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MasteryPath.Content.Datasets;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`answers ...`: measure the answer checker.</summary>
internal static class AnswerCommands
{
    public static Command Create()
    {
        var corpus = new Option<string>("--corpus")
        {
            Description = "A labelled corpus: CSV or TSV with the header category,expected,response,equivalent[,tolerance][,note].",
            Required = true,
        };
        var format = new Option<string>("--format") { Description = "'table' (default) or 'json'.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var eval = new Command("eval", "Run the equivalence checker over a labelled corpus: agreement, false accepts and false rejects per category, and every disagreement. Exits 1 when anything is falsely accepted.");
        eval.Options.Add(corpus);
        eval.Options.Add(format);
        eval.SetAction(parse => Evaluate(parse.GetValue(corpus)!, parse.GetValue(format)!));

        var answers = new Command("answers", "Measure the answer checker.");
        answers.Subcommands.Add(eval);
        return answers;
    }

    private static int Evaluate(string path, string format)
    {
        CorpusReport report;
        try
        {
            report = EquivalenceCorpus.Evaluate(EquivalenceCorpus.Read(path));
        }
        catch (CorpusFormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }

        var disagreements = report.Results.Where(r => !r.Agrees).ToList();
        if (format == "json")
        {
            static Dictionary<string, object> Row(CorpusSummary s) => new()
            {
                ["category"] = s.Category,
                ["cases"] = s.Cases,
                ["equivalent"] = s.Equivalent,
                ["agreed"] = s.Agreed,
                ["agreement"] = Math.Round(s.Agreement, 4),
                ["false_accepts"] = s.FalseAccepts,
                ["false_rejects"] = s.FalseRejects,
                ["false_reject_rate"] = Math.Round(s.FalseRejectRate, 4),
                ["unreadable"] = s.Unreadable,
            };
            var json = new Dictionary<string, object>
            {
                ["corpus"] = path,
                ["total"] = Row(report.Total),
                ["categories"] = report.Categories.Select(Row).ToList(),
                ["disagreements"] = disagreements.Select(r => new Dictionary<string, object?>
                {
                    ["line"] = r.Case.Line,
                    ["category"] = r.Case.Category,
                    ["expected"] = r.Case.Expected,
                    ["response"] = r.Case.Response,
                    ["label"] = r.Case.Equivalent,
                    ["verdict"] = r.Verdict.ToString(),
                    ["kind"] = r.FalseAccept ? "false-accept" : "false-reject",
                    ["error"] = r.Error,
                }).ToList(),
                ["seconds"] = Math.Round(report.Seconds, 3),
                ["ms_per_pair_median"] = Math.Round(report.MedianMilliseconds, 3),
                ["ms_per_pair_max"] = Math.Round(report.MaxMilliseconds, 3),
            };
            Console.WriteLine(JsonSerializer.Serialize(json));
            return report.Total.FalseAccepts > 0 ? 1 : 0;
        }

        var table = new Table().AddColumns("category", "cases", "equivalent", "agreement", "false accepts", "false rejects", "unreadable");
        table.Title = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{path}: {report.Total.Cases} pairs in {report.Seconds:0.00} s (median {report.MedianMilliseconds:0.00} ms, slowest {report.MaxMilliseconds:0} ms per pair)")));
        foreach (var s in report.Categories.Append(report.Total))
        {
            var name = s == report.Total ? "[bold]total[/]" : Markup.Escape(s.Category);
            table.AddRow(
                name,
                s.Cases.ToString(CultureInfo.InvariantCulture),
                s.Equivalent.ToString(CultureInfo.InvariantCulture),
                (s.Agreement * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %",
                s.FalseAccepts == 0 ? "0" : $"[red]{s.FalseAccepts}[/]",
                s.FalseRejects.ToString(CultureInfo.InvariantCulture),
                s.Unreadable.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        var slowest = new Table().AddColumns("line", "ms", "expected", "response");
        slowest.Title = new TableTitle("Slowest pairs");
        foreach (var r in report.Results.OrderByDescending(r => r.Milliseconds).Take(5))
        {
            slowest.AddRow(r.Case.Line.ToString(CultureInfo.InvariantCulture), r.Milliseconds.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(r.Case.Expected), Markup.Escape(r.Case.Response));
        }

        AnsiConsole.Write(slowest);
        if (disagreements.Count > 0)
        {
            var list = new Table().AddColumns("line", "kind", "category", "expected", "response", "note");
            list.Title = new TableTitle("Disagreements");
            foreach (var r in disagreements)
            {
                list.AddRow(
                    r.Case.Line.ToString(CultureInfo.InvariantCulture),
                    r.FalseAccept ? "[red]false accept[/]" : "false reject",
                    Markup.Escape(r.Case.Category),
                    Markup.Escape(r.Case.Expected),
                    Markup.Escape(r.Case.Response),
                    Markup.Escape(r.Error ?? r.Case.Note));
            }

            AnsiConsole.Write(list);
        }

        return report.Total.FalseAccepts > 0 ? 1 : 0;
    }
}
