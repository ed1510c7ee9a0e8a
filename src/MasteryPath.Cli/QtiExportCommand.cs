using System.CommandLine;
using MasteryPath.Content.Importing.Qti;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`course export-qti`: a course's items as a QTI 3.0 content package.</summary>
internal static class QtiExportCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "The course folder." };
        var output = new Option<string>("--out") { Description = "The package to write (.zip); replaced if it exists.", Required = true };
        var variants = new Option<int>("--variants") { Description = "How many variants of each template to export (seeds 1..N).", DefaultValueFactory = _ => 3 };
        var command = new Command("export-qti", "Write the course's items as a QTI 3.0 content package (zip): imsmanifest.xml, an assessment test with a section per skill, one item per fixed item and N sampled variants per template, and the images they use. Every approximated or left-out item is listed with why. Exits 1 when the course does not load.");
        command.Arguments.Add(folder);
        command.Options.Add(output);
        command.Options.Add(variants);
        command.SetAction(parse => Run(parse.GetValue(folder)!, parse.GetValue(output)!, parse.GetValue(variants)));
        return command;
    }

    private static int Run(string folder, string output, int variants)
    {
        QtiExportResult result;
        try
        {
            result = QtiExporter.Export(folder, output, variants);
        }
        catch (QtiExportException ex)
        {
            AnsiConsole.MarkupLine($"[red]error[/]: {Markup.Escape(ex.Message)}");
            return 1;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("skill").AddColumn("kind").AddColumn(new TableColumn("items").RightAligned());
        foreach (var group in result.Items.GroupBy(i => (i.Skill, i.Kind)).OrderBy(g => g.Key.Skill, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(group.Key.Skill), group.Key.Kind, group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        foreach (var item in result.Items.Where(i => i.Notes.Count > 0))
        {
            foreach (var note in item.Notes)
            {
                AnsiConsole.MarkupLine($"[yellow]approximated[/] {Markup.Escape(item.Identifier)}: {Markup.Escape(note)}");
            }
        }

        foreach (var item in result.LeftOut)
        {
            AnsiConsole.MarkupLine($"[red]left out[/] {Markup.Escape(item.Identifier)}: {Markup.Escape(string.Join("; ", item.Notes))}");
        }

        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(output)}: {result.Items.Count} items, {result.MediaFiles} media files, {result.Items.Count(i => i.Notes.Count > 0)} approximated, {result.LeftOut.Count} left out.");
        return 0;
    }
}
