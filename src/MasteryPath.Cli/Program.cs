using System.CommandLine;
using MasteryPath.Cli;

var root = new RootCommand("MasteryPath: check courses, evaluate and simulate the learning engine, run the database.");
root.Subcommands.Add(CourseCommands.Create());
root.Subcommands.Add(KnowledgeTracingCommands.Create());
root.Subcommands.Add(SimulateCommands.Create());
return root.Parse(args).Invoke();
