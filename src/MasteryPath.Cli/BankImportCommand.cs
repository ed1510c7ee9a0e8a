using System.CommandLine;
using MasteryPath.Content.Checking;
using MasteryPath.Content.Importing;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`course import`: question banks (QTI 1.2/2.1/3.0, Moodle XML, GIFT) into a course folder.</summary>
internal static class BankImportCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("bank")
        {
            Description = "Bank files or folders: QTI 1.2 (Canvas), 2.1 or 3.0 items and content packages (a folder or .zip with imsmanifest.xml), Moodle XML, GIFT.",
            Arity = ArgumentArity.OneOrMore,
        };
        var folder = new Option<string>("--out") { Description = "The course folder: an existing course gets new item files beside its own; a new or empty folder becomes a course.", Required = true };
        var skill = new Option<string?>("--skill") { Description = "Put every question under this skill (a skill of the course, or the one skill of a new course). Default: one skill per category of the bank." };
        var command = new Command("import", "Import question banks into a course. Every question that cannot be mapped is reported with its file, line and why; an item the course checker refuses is left out again and reported. Exits 1 when nothing could be imported or the course still has errors in imported items.");
        command.Arguments.Add(inputs);
        command.Options.Add(folder);
        command.Options.Add(skill);
        command.SetAction(parse => Run(parse.GetValue(inputs)!, parse.GetValue(folder)!.TrimEnd('/', '\\'), parse.GetValue(skill)));
        return command;
    }

    private static int Run(string[] inputs, string folder, string? skill)
    {
        QuestionBankImportResult result;
        try
        {
            result = QuestionBankImport.Run(inputs, folder, skill);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("skill").AddColumn("kind").AddColumn("items");
        foreach (var group in result.Items.GroupBy(i => (i.Skill, i.Kind)).OrderBy(g => g.Key.Skill, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(group.Key.Skill), Markup.Escape(group.Key.Kind), group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.MarkupLine($"[green]Imported[/] {result.Items.Count} items and {result.Tasks} written tasks into {Markup.Escape(folder)}{(result.CreatedCourse ? " (a new course)" : string.Empty)}.");
        AnsiConsole.Write(table);
        foreach (var problem in result.Problems)
        {
            AnsiConsole.MarkupLine($"[yellow]not kept[/] {Markup.Escape(problem.ToString())}");
        }

        foreach (var d in result.Check.Diagnostics)
        {
            var color = d.Severity == Severity.Error ? "red" : "yellow";
            AnsiConsole.MarkupLine($"{Markup.Escape(d.Location.ToString())}: [{color}]{(d.Severity == Severity.Error ? "error" : "warning")}[/] {Markup.Escape(d.Code)}: {Markup.Escape(d.Message)}");
        }

        AnsiConsole.MarkupLine($"{(result.Check.Errors > 0 ? "[red]" : "[green]")}course check: {Markup.Escape(result.Check.Summary)}[/]");
        if (result.Check.Errors > 0)
        {
            AnsiConsole.MarkupLine("The errors above are what the course still needs from its author (lessons, enough items per skill); the imported items themselves passed.");
            var parent = Path.GetDirectoryName(Path.GetFullPath(folder));
            if (parent is not null && Directory.GetDirectories(parent).Any(d => Path.GetFullPath(d) != Path.GetFullPath(folder) && File.Exists(Path.Combine(d, "course.yaml"))))
            {
                AnsiConsole.MarkupLine($"[yellow]warning[/]: {Markup.Escape(folder)} is beside other course folders; a web app that reads that folder refuses to start until this course passes `course check`. Keep it elsewhere until it is written, or upload it on the authoring page as a draft.");
            }
        }

        return result.Items.Count + result.Tasks == 0 ? 1 : 0;
    }
}
