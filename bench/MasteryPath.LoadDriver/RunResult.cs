using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace MasteryPath.LoadDriver;

internal sealed record MachineInfo(int Cores, string Os, string Runtime, string Architecture)
{
    public static MachineInfo Current() => new(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSArchitecture.ToString());
}

internal sealed record HistoryBucketResult(string Bucket, long Answers, double P50Ms, double P99Ms);

internal sealed record CeilingResult(string Path, double RequestsPerSecond, LatencySummary Latency, IReadOnlyDictionary<string, long> Errors);

/// <summary>Every figure of a run: the --json file and the table.</summary>
internal sealed record RunResult(
    DateTimeOffset At,
    MachineInfo Machine,
    string Target,
    string Provider,
    int Nodes,
    bool StartedByDriver,
    LoadSettingsDto Settings,
    double AnsweredPerSecond,
    LatencySummary Answer,
    LatencySummary Open,
    LatencySummary Map,
    long ErrorCount,
    IReadOnlyDictionary<string, long> Errors,
    long Unreadable,
    long Duplicates,
    double CorrectShare,
    IReadOnlyList<HistoryBucketResult> AnswerByHistory,
    double? HistoryP50Ratio,
    int HistoryMin,
    int HistoryMax,
    CeilingResult? Ceiling,
    double? AppCpuCores,
    double? AppCpuMsPerAnswer)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static RunResult From(AppUnderTest app, LoadSettings settings, Recorder total, IReadOnlyList<int> histories, CeilingResult? ceiling, TimeSpan? appCpu)
    {
        var buckets = HistoryBuckets.Labels.Select((label, i) => new HistoryBucketResult(label, total.AnswersByHistory[i].Count, total.AnswersByHistory[i].PercentileMs(50), total.AnswersByHistory[i].PercentileMs(99))).ToList();
        var first = buckets[0];
        var last = buckets[^1];
        return new RunResult(
            DateTimeOffset.UtcNow,
            MachineInfo.Current(),
            app.Url.ToString(),
            app.Provider,
            app.Urls.Count,
            app.Started,
            LoadSettingsDto.From(settings),
            total.Answers.Count / settings.Duration.TotalSeconds,
            total.Answers.Summary(),
            total.Opens.Summary(),
            total.Maps.Summary(),
            total.ErrorCount,
            new SortedDictionary<string, long>(total.Errors, StringComparer.Ordinal),
            total.Unreadable,
            total.Duplicates,
            total.Answers.Count == 0 ? 0 : (double)total.Correct / total.Answers.Count,
            buckets,
            first.Answers > 0 && last.Answers > 0 ? last.P50Ms / first.P50Ms : null,
            histories.Count == 0 ? 0 : histories.Min(),
            histories.Count == 0 ? 0 : histories.Max(),
            ceiling,
            appCpu / settings.Duration,
            appCpu is { } cpu && total.Answers.Count > 0 ? cpu.TotalMilliseconds / total.Answers.Count : null);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Write(IAnsiConsole console)
    {
        var table = new Table().Title($"[bold]{Settings.Learners} learner(s), {Provider}{(Nodes > 1 ? $" × {Nodes} nodes" : string.Empty)}, {Settings.DurationSeconds:0.#} s[/]").AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("answered questions / s", $"{AnsweredPerSecond:0.0}");
        AddLatency(table, "answer", Answer);
        AddLatency(table, "open", Open);
        table.AddRow("map reads (p50 / p99)", $"{Map.Count} ({Map.P50Ms:0.0} / {Map.P99Ms:0.0} ms)");
        table.AddRow("errors", ErrorCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, count) in Errors)
        {
            table.AddRow($"  {Markup.Escape(key)}", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        table.AddRow("unreadable answers (retried)", Unreadable.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("right answers", $"{CorrectShare:P0}");
        foreach (var bucket in AnswerByHistory.Where(b => b.Answers > 0))
        {
            table.AddRow($"answer at history {Markup.Escape(bucket.Bucket)} (n, p50 / p99)", $"{bucket.Answers} ({bucket.P50Ms:0.0} / {bucket.P99Ms:0.0} ms)");
        }

        if (HistoryP50Ratio is { } ratio)
        {
            table.AddRow("p50 at > 1000 ÷ p50 at ≤ 50", $"{ratio:0.00}×");
        }

        table.AddRow("learners' history at the end (min–max)", $"{HistoryMin}–{HistoryMax}");
        if (AppCpuCores is { } cores)
        {
            table.AddRow("app CPU: cores busy / ms per answer (with its open)", $"{cores:0.00} / {AppCpuMsPerAnswer:0.00}");
        }

        if (Ceiling is { } ceiling)
        {
            table.AddRow($"ceiling: GET {Markup.Escape(ceiling.Path)} / s", $"{ceiling.RequestsPerSecond:0}");
            table.AddRow("ceiling p50 / p99", $"{ceiling.Latency.P50Ms:0.00} / {ceiling.Latency.P99Ms:0.00} ms");
            table.AddRow("answers / ceiling", $"{AnsweredPerSecond / Math.Max(ceiling.RequestsPerSecond, 1):P2}");
            if (ceiling.Errors.Count > 0)
            {
                table.AddRow("ceiling errors", string.Join(", ", ceiling.Errors.Select(e => $"{Markup.Escape(e.Key)}: {e.Value}")));
            }
        }

        table.AddRow("machine", Markup.Escape($"{Machine.Cores} cores, {Machine.Os}, {Machine.Runtime}"));
        console.Write(table);
    }

    private static void AddLatency(Table table, string name, LatencySummary s) =>
        table.AddRow($"{name} p50 / p90 / p99 / max", $"{s.P50Ms:0.0} / {s.P90Ms:0.0} / {s.P99Ms:0.0} / {s.MaxMs:0.0} ms");
}

internal sealed record LoadSettingsDto(int Learners, double DurationSeconds, double WarmupSeconds, int Veterans, int History, string Course, double CeilingSeconds, int Seed)
{
    public static LoadSettingsDto From(LoadSettings s) => new(s.Learners, s.Duration.TotalSeconds, s.Warmup.TotalSeconds, s.Veterans, s.History, s.Course, s.CeilingDuration.TotalSeconds, s.Seed);
}
