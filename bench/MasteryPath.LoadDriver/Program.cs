using System.CommandLine;
using Spectre.Console;

namespace MasteryPath.LoadDriver;

// An explicit class rather than top-level statements: the web tests reference both this app and the web app, whose
// top-level Program would otherwise clash with this one.
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Captured output: never wrap the table's rows.
            AnsiConsole.Console.Profile.Width = 200;
        }

        var url = new Option<string?>("--url") { Description = "A running instance, e.g. http://127.0.0.1:5080 (its demo teacher must exist)." };
        var start = new Option<string?>("--start") { Description = "Start the built web app on a fresh database: sqlite or postgres." };
        start.AcceptOnlyFromAmong("sqlite", "postgres");
        var postgres = new Option<string?>("--postgres") { Description = "With --start postgres: a superuser connection string; the driver creates and drops its own database." };
        var appDll = new Option<string?>("--app") { Description = "With --start: the web app's dll (default: src/MasteryPath.Web/bin/Release/net10.0/MasteryPath.Web.dll)." };
        var provider = new Option<string>("--provider") { Description = "With --url: what the instance runs on, for the report.", DefaultValueFactory = _ => "unknown" };
        var pool = new Option<int>("--pool") { Description = "With --start postgres: each node's connection pool (Maximum Pool Size); requests beyond it wait in the app instead of in PostgreSQL.", DefaultValueFactory = _ => 40 };
        var nodes = new Option<int>("--nodes") { Description = "With --start postgres: app processes on the one database; learners are spread over them round-robin.", DefaultValueFactory = _ => 1 };
        var learners = new Option<int>("--learners") { Description = "Concurrent learners.", DefaultValueFactory = _ => 4 };
        var duration = new Option<double>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of load before measuring.", DefaultValueFactory = _ => 2 };
        var veterans = new Option<int>("--veterans") { Description = "How many of the learners answer --history questions first (untimed).", DefaultValueFactory = _ => 0 };
        var history = new Option<int>("--history") { Description = "Answers each veteran gives before the run.", DefaultValueFactory = _ => 0 };
        var course = new Option<string>("--course") { Description = "The course practised.", DefaultValueFactory = _ => "algebra-1" };
        var ceilingSeconds = new Option<double>("--ceiling-duration") { Description = "Seconds the trivial endpoint is measured after the run (0: not).", DefaultValueFactory = _ => 5 };
        var ceilingPath = new Option<string?>("--ceiling-path") { Description = "The trivial endpoint (default: /health if it answers, else /app.css)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the learners' choices.", DefaultValueFactory = _ => 1 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure and the machine to this JSON file." };

        var root = new RootCommand("MasteryPath load driver: a class of learners opening and answering practice questions through the JSON API, measured.")
        {
            url, start, postgres, appDll, provider, pool, nodes, learners, duration, warmup, veterans, history, course, ceilingSeconds, ceilingPath, seed, json,
        };

        root.SetAction(async (parse, cancellationToken) =>
        {
            if ((parse.GetValue(url) is null) == (parse.GetValue(start) is null))
            {
                Console.Error.WriteLine("error: give either --url or --start sqlite|postgres.");
                return 2;
            }

            Uri? target = null;
            if (parse.GetValue(url) is { } given && (!Uri.TryCreate(given, UriKind.Absolute, out target) || target.Scheme is not ("http" or "https")))
            {
                Console.Error.WriteLine($"error: --url must be an absolute http(s) address, e.g. http://127.0.0.1:5080 (got '{given}').");
                return 2;
            }

            if (parse.GetValue(start) == "postgres" && string.IsNullOrWhiteSpace(parse.GetValue(postgres)))
            {
                Console.Error.WriteLine("error: --start postgres needs --postgres <connection string>.");
                return 2;
            }

            if (parse.GetValue(pool) < 3)
            {
                Console.Error.WriteLine("error: --pool ≥ 3 (a node keeps one connection for LISTEN).");
                return 2;
            }

            if (parse.GetValue(nodes) < 1 || (parse.GetValue(nodes) > 1 && parse.GetValue(start) != "postgres"))
            {
                Console.Error.WriteLine("error: --nodes ≥ 1; several nodes need --start postgres (one database shared by the nodes).");
                return 2;
            }

            if (parse.GetValue(learners) < 1 || parse.GetValue(duration) <= 0 || parse.GetValue(veterans) > parse.GetValue(learners))
            {
                Console.Error.WriteLine("error: --learners ≥ 1, --duration > 0, --veterans ≤ --learners.");
                return 2;
            }

            var settings = new LoadSettings
            {
                Learners = parse.GetValue(learners),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                Veterans = parse.GetValue(veterans),
                History = parse.GetValue(history),
                Course = parse.GetValue(course)!,
                CeilingDuration = TimeSpan.FromSeconds(parse.GetValue(ceilingSeconds)),
                CeilingPath = parse.GetValue(ceilingPath),
                Seed = parse.GetValue(seed),
            };

            await using var app = parse.GetValue(start) is { } database
                ? await AppUnderTest.StartAsync(database, parse.GetValue(appDll) ?? AppUnderTest.DefaultAppDll(), parse.GetValue(postgres), Console.Out, cancellationToken, parse.GetValue(nodes), parse.GetValue(pool))
                : AppUnderTest.External(target!, parse.GetValue(provider)!);
            var result = await LoadRun.RunAsync(app, settings, Console.Out, cancellationToken);
            result.Write(AnsiConsole.Console);
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, result.ToJson(), cancellationToken);
                Console.WriteLine($"Figures written to {file.FullName}");
            }

            return 0;
        });

        return await root.Parse(args).InvokeAsync();
    }
}
