using System.CommandLine;
using MasteryPath.Content.Checking;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`course ...`: commands for course authors.</summary>
internal static class CourseCommands
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folder")
        {
            Description = "One or more course folders (each holds a course.yaml).",
            Arity = ArgumentArity.OneOrMore,
        };
        var check = new Command("check", "Check course folders and report every problem as file:line:column. Exits 1 on errors, 0 with only warnings.");
        check.Arguments.Add(folders);
        check.SetAction(parse => Check(parse.GetValue(folders)!));

        var course = new Command("course", "Commands for course authors.");
        course.Subcommands.Add(check);
        return course;
    }

    private static int Check(string[] folders)
    {
        if (Console.IsOutputRedirected)
        {
            // One problem per line, never wrapped, so editors and grep can follow file:line:column.
            AnsiConsole.Console.Profile.Width = 100_000;
        }

        var failed = false;
        foreach (var folder in folders)
        {
            var report = CourseChecker.Check(folder.TrimEnd('/', '\\'));
            foreach (var d in report.Diagnostics)
            {
                var color = d.Severity == Severity.Error ? "red" : "yellow";
                var word = d.Severity == Severity.Error ? "error" : "warning";
                AnsiConsole.MarkupLine($"{Markup.Escape(d.Location.ToString())}: [{color}]{word}[/] {Markup.Escape(d.Code)}: {Markup.Escape(d.Message)}");
            }

            var summaryColor = report.Errors > 0 ? "red" : "green";
            AnsiConsole.MarkupLine($"[{summaryColor}]{Markup.Escape(report.Summary)}[/]");
            failed |= report.Errors > 0;
        }

        return failed ? 1 : 0;
    }
}
