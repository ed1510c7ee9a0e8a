using System.CommandLine;
using MasteryPath.Content.Checking;
using MasteryPath.Content.Loading;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Templates;
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
        var check = new Command("check", $"Check course folders and report every problem as file:line:column, stopping after {CourseChecker.DefaultErrorLimit} errors. Symbolic links that lead outside a course folder are reported, never read. Exits 1 on errors, 0 with only warnings.");
        check.Arguments.Add(folders);
        check.SetAction(parse => Check(parse.GetValue(folders)!));

        var previewFolder = new Argument<string>("folder") { Description = "The course folder." };
        var previewId = new Argument<string>("id") { Description = "An item or template id." };
        var seeds = new Option<int>("--count") { Description = "How many variants to show (seeds 1..count).", DefaultValueFactory = _ => 3 };
        var preview = new Command("preview", "Show variants of an item or template as a learner would see them, with the answer key, hints and solution.");
        preview.Arguments.Add(previewFolder);
        preview.Arguments.Add(previewId);
        preview.Options.Add(seeds);
        preview.SetAction(parse => Preview(parse.GetValue(previewFolder)!, parse.GetValue(previewId)!, parse.GetValue(seeds)));

        var course = new Command("course", "Commands for course authors.");
        course.Subcommands.Add(check);
        course.Subcommands.Add(preview);
        course.Subcommands.Add(CaseImportCommand.Create());
        course.Subcommands.Add(BankImportCommand.Create());
        course.Subcommands.Add(QtiExportCommand.Create());
        return course;
    }

    private static int Preview(string folder, string id, int count)
    {
        var load = CourseLoader.Load(folder.TrimEnd('/', '\\'));
        var definition = load.ItemDefinitions.FirstOrDefault(d => d.Id == id);
        if (definition is null)
        {
            AnsiConsole.MarkupLine($"[red]error[/]: no item or template '{Markup.Escape(id)}' in {Markup.Escape(folder)} (run 'course check' for problems loading it)");
            return 1;
        }

        var generator = new ItemGenerator(definition);
        var failed = false;
        for (long seed = 1; seed <= System.Math.Max(1, count); seed++)
        {
            try
            {
                var item = generator.Instantiate(seed);
                var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("field").AddColumn("value");
                table.Title = new TableTitle(Markup.Escape($"{item.Id} ({ItemKinds.Name(item.Kind)}, skill {item.PrimarySkill})"));
                table.AddRow("prompt", Markup.Escape(item.Prompt));
                if (item.Key is ChoiceAnswerKey choices)
                {
                    foreach (var c in choices.Choices)
                    {
                        table.AddRow(c.IsCorrect ? $"[green]{c.Key} ✓[/]" : c.Key, Markup.Escape(c.Text + (c.Feedback is null ? string.Empty : $"   → {c.Feedback}")));
                    }
                }
                else
                {
                    table.AddRow("[green]answer[/]", Markup.Escape(item.Key.DisplayAnswer));
                    foreach (var feedback in item.Key.FeedbackTexts)
                    {
                        table.AddRow("feedback", Markup.Escape(feedback));
                    }
                }

                for (var i = 0; i < item.Hints.Count; i++)
                {
                    table.AddRow($"hint {i + 1}", Markup.Escape(item.Hints[i]));
                }

                table.AddRow("solution", Markup.Escape(item.Solution));
                AnsiConsole.Write(table);
                if (!definition.IsTemplate)
                {
                    break;
                }
            }
            catch (TemplateException ex)
            {
                failed = true;
                AnsiConsole.MarkupLine($"[red]seed {seed}[/]: {Markup.Escape(ex.Field)}: {Markup.Escape(ex.Message)}");
            }
        }

        return failed ? 1 : 0;
    }

    private static int Check(string[] folders)
    {
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
            if (report.StopNote is { } stopped)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(stopped)}[/]");
            }
            failed |= report.Errors > 0;
        }

        return failed ? 1 : 0;
    }
}
