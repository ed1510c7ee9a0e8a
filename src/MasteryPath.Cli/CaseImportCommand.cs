using System.CommandLine;
using MasteryPath.Content.Standards;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>`course import-case`: a course outline from a CASE 1.1 framework (CFPackage JSON).</summary>
internal static class CaseImportCommand
{
    public static Command Create()
    {
        var package = new Argument<string>("package") { Description = "The CASE package: a CFPackage JSON file (CASE 1.0 or 1.1, as /ims/case/v1p0|v1p1/CFPackages/{id} serves it, or an export with CFDocument, CFItems and CFAssociations)." };
        var folder = new Argument<string>("out-folder") { Description = "The course folder to write (new or empty)." };
        var courseId = new Option<string?>("--course-id") { Description = "The course id (lower-case letters, digits, dashes). Default: from the framework's title." };
        var title = new Option<string?>("--title") { Description = "The course title. Default: the framework's title." };
        var root = new Option<string?>("--root") { Description = "Import only the standards under this CFItem, named by its CASE identifier or its code (humanCodingScheme), e.g. a grade or a domain." };
        var grade = new Option<string?>("--grade") { Description = "Import only the standards of this education level (e.g. 06 or 6, KG)." };
        var unitDepth = new Option<int>("--unit-depth") { Description = "Which level below the root becomes the units: 1 (default) = the root's children.", DefaultValueFactory = _ => 1 };
        var force = new Option<bool>("--force") { Description = "Write into a folder that already holds files: course.yaml, README.md and skill files of the same names are replaced, other files kept." };
        var command = new Command("import-case", "Write a course outline from a CASE framework: leaf standards become skills (their CASE identifier, uri, code and statement kept in a standard: block), the isChildOf hierarchy units, precedes associations prerequisites. Lessons and items are left for the author; README.md in the folder lists them. Exits 1 when the package is refused.");
        command.Arguments.Add(package);
        command.Arguments.Add(folder);
        command.Options.Add(courseId);
        command.Options.Add(title);
        command.Options.Add(root);
        command.Options.Add(grade);
        command.Options.Add(unitDepth);
        command.Options.Add(force);
        command.SetAction(parse => Run(
            parse.GetValue(package)!,
            parse.GetValue(folder)!,
            new CaseImportOptions(parse.GetValue(courseId), parse.GetValue(title), parse.GetValue(root), parse.GetValue(grade), parse.GetValue(unitDepth)),
            parse.GetValue(force)));
        return command;
    }

    private static int Run(string package, string folder, CaseImportOptions options, bool force)
    {
        CaseImportResult result;
        try
        {
            result = CaseImport.Run(package, folder.TrimEnd('/', '\\'), options, force);
        }
        catch (CasePackageException ex)
        {
            Console.Error.WriteLine($"error: {package}: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        var outline = result.Outline;
        AnsiConsole.MarkupLine($"[green]Wrote[/] {Markup.Escape(folder)}: course '{Markup.Escape(outline.CourseId)}' from \"{Markup.Escape(outline.Framework.Title)}\", {outline.Units.Count} units, {outline.Skills.Count} skills, {outline.Skills.Sum(s => s.Prerequisites.Count)} prerequisite links.");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("skill").AddColumn("standard").AddColumn("CASE identifier").AddColumn("unit").AddColumn("prerequisites");
        foreach (var skill in outline.Skills)
        {
            table.AddRow(Markup.Escape(skill.Id), Markup.Escape(skill.Standard.Code), skill.Standard.Identifier, Markup.Escape(skill.UnitId ?? "-"), Markup.Escape(string.Join(", ", skill.Prerequisites)));
        }

        AnsiConsole.Write(table);
        foreach (var line in outline.LeftOut)
        {
            AnsiConsole.MarkupLine($"[yellow]left out[/]: {Markup.Escape(line)}");
        }

        foreach (var problem in result.Other)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(problem.ToString())}[/]");
        }

        if (result.BesideOtherCourses)
        {
            AnsiConsole.MarkupLine($"[yellow]warning[/]: {Markup.Escape(folder)} is beside other course folders; a web app that reads that folder will refuse to start until this outline passes `course check`. Keep it elsewhere until it is written.");
        }

        AnsiConsole.MarkupLine($"Still to write (README.md lists it; `course check` reports it as {result.ToWrite.Count(d => d.Severity == Content.Checking.Severity.Error)} errors): lessons, corrective and enrichment sections and items for all {outline.Skills.Count} skills.");
        return result.Other.Any(d => d.Severity == Content.Checking.Severity.Error) ? 1 : 0;
    }
}
