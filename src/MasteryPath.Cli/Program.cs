using System.CommandLine;
using MasteryPath.Cli;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // Piped or captured output: never wrap lines or tables (file:line:column must stay on one line).
    AnsiConsole.Console.Profile.Width = 100_000;
}

var root = new RootCommand("MasteryPath: check courses, measure the answer checker, evaluate and simulate the learning engine, run the database and its privacy duties.");
root.Subcommands.Add(CourseCommands.Create());
root.Subcommands.Add(AnswerCommands.Create());
root.Subcommands.Add(KnowledgeTracingCommands.Create());
root.Subcommands.Add(SimulateCommands.Create());
root.Subcommands.Add(FsrsCommands.Create());
root.Subcommands.Add(DatabaseCommands.Create());
root.Subcommands.Add(PrivacyCommands.Create());
return root.Parse(args).Invoke();
