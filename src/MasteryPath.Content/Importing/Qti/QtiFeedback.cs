using System.Xml.Linq;
using static MasteryPath.Content.Importing.Qti.QtiXml;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// Where a QTI feedback element (modalFeedback, or feedbackBlock/feedbackInline outside a choice) goes, in this order:
/// <list type="number">
/// <item>outcomeIdentifier starting with HINT, or class "hint" → a hint (document order);</item>
/// <item>outcomeIdentifier or identifier SOLUTION, GENERAL or GENERAL_FEEDBACK, or class "solution" → the solution;</item>
/// <item>identifier equal to a choice identifier → that choice's feedback;</item>
/// <item>identifier set by response processing for one specific response → that choice's feedback, or for a
/// numeric/text item a misconception with that response;</item>
/// <item>anything else (feedback for "correct"/"incorrect", score bands) → reported, not kept.</item>
/// </list>
/// </summary>
internal static class QtiFeedback
{
    private static readonly string[] SolutionNames = ["SOLUTION", "GENERAL", "GENERAL_FEEDBACK"];

    public static ImportedItem Apply(ImportedItem item, XElement itemElement, XElement body, QtiResponseRules rules, QtiSource source)
    {
        var choiceIds = Descendants(body, "simpleChoice").Concat(Descendants(body, "inlineChoice"))
            .Select(c => Attr(c, "identifier") ?? string.Empty)
            .ToList();
        var choices = item.Choices.ToList();
        var hints = item.Hints.ToList();
        var misconceptions = item.Misconceptions.ToList();
        var solution = new List<string>();

        foreach (var rubric in Descendants(body, "rubricBlock"))
        {
            source.Problem(rubric, rubric.Name.LocalName, "a rubricBlock of a scored item has no place in a MasteryPath item; not kept");
        }

        var feedbackElements = Children(itemElement, "modalFeedback")
            .Concat(body.Descendants().Where(e => Name(e) is "feedbackBlock" or "feedbackInline"
                && !e.Ancestors().Any(a => Name(a) is "simpleChoice" or "inlineChoice")))
            .OrderBy(Line);
        foreach (var feedback in feedbackElements)
        {
            var outcome = Attr(feedback, "outcomeIdentifier") ?? string.Empty;
            var identifier = Attr(feedback, "identifier") ?? string.Empty;
            var content = feedback.Elements().SingleOrDefault(e => Name(e) == "contentBody") is { } wrapped ? wrapped.Nodes() : feedback.Nodes();
            var text = source.Markdown(content, feedback);
            if (outcome.StartsWith("HINT", StringComparison.OrdinalIgnoreCase) || HasClass(feedback, "hint"))
            {
                hints.Add(text);
            }
            else if (SolutionNames.Contains(outcome, StringComparer.OrdinalIgnoreCase) || SolutionNames.Contains(identifier, StringComparer.OrdinalIgnoreCase) || HasClass(feedback, "solution"))
            {
                solution.Add(text);
            }
            else if (choiceIds.IndexOf(identifier) is var index and >= 0 && index < choices.Count)
            {
                choices[index] = AddFeedback(choices[index], text);
            }
            else if (rules.ResponseByFeedback.TryGetValue(identifier, out var response) && choiceIds.IndexOf(response) is var byResponse and >= 0 && byResponse < choices.Count)
            {
                choices[byResponse] = AddFeedback(choices[byResponse], text);
            }
            else if (rules.ResponseByFeedback.TryGetValue(identifier, out response) && item.Kind is "numeric" or "text")
            {
                misconceptions.Add(new ImportedMisconception(item.Kind == "numeric" ? Number(response) ?? response : response, text));
            }
            else
            {
                source.Problem(feedback, feedback.Name.LocalName, $"feedback shown when {(outcome.Length > 0 ? outcome : "an outcome")} is '{identifier}' is neither per-answer feedback, a hint nor the solution; not kept");
            }
        }

        return item with
        {
            Choices = choices,
            Hints = hints,
            Misconceptions = misconceptions,
            Solution = solution.Count == 0 ? item.Solution : string.Join("\n\n", solution),
        };
    }

    private static ImportedChoice AddFeedback(ImportedChoice choice, string text) =>
        choice with { Feedback = choice.Feedback is null ? text : choice.Feedback + "\n\n" + text };
}
