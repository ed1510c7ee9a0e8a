using System.Globalization;
using System.Text;

namespace MasteryPath.Content.Importing;

/// <summary>Imported items and tasks as course-format YAML (docs/course-format.md), written with YamlDotNet so quoting is always right.</summary>
internal static class ItemYaml
{
    /// <summary>One entry of an items file's <c>items:</c> list, indented under it.</summary>
    public static string Entry(string id, ImportedItem item)
    {
        var entry = new Dictionary<string, object> { ["id"] = id, ["kind"] = item.Kind, ["prompt"] = item.Prompt };
        switch (item.Kind)
        {
            case "single-choice" or "multiple-select":
                entry["choices"] = item.Choices.Select(c =>
                {
                    var choice = new Dictionary<string, object> { ["text"] = c.Text, ["correct"] = c.Correct };
                    if (!string.IsNullOrWhiteSpace(c.Feedback))
                    {
                        choice["feedback"] = c.Feedback;
                    }

                    return choice;
                }).ToList();
                if (item.PinLastChoice)
                {
                    entry["shuffle"] = false;
                }

                break;
            default:
                entry["answer"] = item.Answer ?? string.Empty;
                if (item.Tolerance is { } tolerance)
                {
                    entry["tolerance"] = tolerance;
                }

                if (item.Accept.Count > 0)
                {
                    entry["accept"] = item.Accept.ToList();
                }

                if (item.CaseSensitive)
                {
                    entry["case-sensitive"] = true;
                }

                break;
        }

        if (item.Hints.Count > 0)
        {
            entry["hints"] = item.Hints.ToList();
        }

        entry["solution"] = string.IsNullOrWhiteSpace(item.Solution) ? SolutionFromKey(item) : item.Solution;
        if (item.Misconceptions.Count > 0)
        {
            entry["misconceptions"] = item.Misconceptions.Select(m => new Dictionary<string, string> { ["answer"] = m.Answer, ["feedback"] = m.Feedback }).ToList();
        }

        var yaml = CourseBankLayout.Serialize(new List<object> { entry });
        var builder = new StringBuilder();
        foreach (var line in yaml.TrimEnd('\n').Split('\n'))
        {
            builder.Append("  ").Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>A solution stated from the answer key, for banks that give none (the course format requires one).</summary>
    public static string SolutionFromKey(ImportedItem item) => item.Kind switch
    {
        "single-choice" => "The answer is: " + (item.Choices.FirstOrDefault(c => c.Correct)?.Text ?? string.Empty),
        "multiple-select" => "The answers are: " + string.Join("; ", item.Choices.Where(c => c.Correct).Select(c => c.Text)),
        "numeric" when item.Tolerance is { } tolerance && tolerance != "0" => string.Create(CultureInfo.InvariantCulture, $"The answer is {item.Answer} (within {tolerance})."),
        _ => $"The answer is {item.Answer}.",
    };

    /// <summary>A tasks/&lt;id&gt;.yaml for an essay question, with a four-level rubric the author should adapt.</summary>
    public static string Task(string id, string skill, ImportedTask task)
    {
        var submission = new Dictionary<string, object> { ["text"] = true };
        if (task.AcceptsFiles)
        {
            submission["files"] = new List<string> { "pdf", "docx", "png", "jpg" };
            submission["max-megabytes"] = 10;
        }

        var notes = string.IsNullOrWhiteSpace(task.GraderNotes) ? string.Empty : " " + task.GraderNotes.Trim();
        var document = new Dictionary<string, object>
        {
            ["id"] = id,
            ["title"] = task.Title,
            ["skills"] = new List<string> { skill },
            ["prompt"] = task.Prompt,
            ["submission"] = submission,
            ["criteria"] = new List<object>
            {
                new Dictionary<string, object>
                {
                    ["id"] = "response",
                    ["title"] = "Response",
                    ["passing"] = 3,
                    ["levels"] = new List<object>
                    {
                        Level(1, "Beginning", "The response does not yet answer the question."),
                        Level(2, "Developing", "The response answers part of the question, with gaps or errors."),
                        Level(3, "Proficient", "The response answers the question correctly and completely." + notes),
                        Level(4, "Advanced", "The response answers the question completely and goes beyond it with precise reasoning."),
                    },
                },
            },
        };
        return $"# Imported by `masterypath course import` from {task.Source}; the rubric is a general four-level scale: adapt it to this task.\n"
            + CourseBankLayout.Serialize(document);
    }

    private static Dictionary<string, object> Level(int score, string label, string description) =>
        new() { ["score"] = score, ["label"] = label, ["description"] = description };
}
