using System.Xml.Linq;
using static MasteryPath.Content.Importing.Qti.QtiXml;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// Reads one QTI 2.1/2.2/3.0 assessmentItem into the bank: a choice, inline-choice or text-entry interaction becomes an
/// item, an extended-text or upload interaction a task; anything else, a second interaction or a missing correct
/// response leaves the item out with a reported problem. Feedback follows the rule in <see cref="QtiFeedback"/>.
/// </summary>
internal static class QtiItemReader
{
    private const string Blank = "____";

    public static void Read(XElement item, QtiSource source)
    {
        var id = Attr(item, "identifier") ?? $"item-{Line(item)}";
        var body = Child(item, "itemBody");
        if (body is null)
        {
            source.Problem(item, item.Name.LocalName, $"item '{id}' has no itemBody; left out");
            return;
        }

        var interactions = body.Descendants().Where(e => Name(e).EndsWith("Interaction", StringComparison.Ordinal)).ToList();
        if (interactions.Count == 0)
        {
            source.Problem(item, item.Name.LocalName, $"item '{id}' has no interaction (text only); left out");
            return;
        }

        if (interactions.Count > 1)
        {
            source.Problem(interactions[1], interactions[1].Name.LocalName, $"item '{id}' has more than one interaction (the first is {interactions[0].Name.LocalName} at line {Line(interactions[0])}); a MasteryPath item takes one answer, so the item is left out");
            return;
        }

        var interaction = interactions[0];
        var kind = Name(interaction);
        if (kind is "extendedTextInteraction" or "uploadInteraction")
        {
            ReadTask(item, id, body, interaction, source);
            return;
        }

        if (kind is not ("choiceInteraction" or "inlineChoiceInteraction" or "textEntryInteraction"))
        {
            source.Problem(interaction, interaction.Name.LocalName, $"item '{id}': this interaction has no MasteryPath kind (choice, multiple select, numeric, text, essay); left out");
            return;
        }

        var responseId = Attr(interaction, "responseIdentifier") ?? string.Empty;
        var declaration = Children(item, "responseDeclaration").FirstOrDefault(d => Attr(d, "identifier") == responseId);
        if (declaration is null)
        {
            source.Problem(interaction, interaction.Name.LocalName, $"item '{id}': no responseDeclaration '{responseId}' for the interaction; left out");
            return;
        }

        var correct = Child(declaration, "correctResponse") is { } correctResponse
            ? Children(correctResponse, "value").Select(v => v.Value.Trim()).Where(v => v.Length > 0).ToList()
            : [];
        if (correct.Count == 0)
        {
            source.Problem(declaration, declaration.Name.LocalName, $"item '{id}' has no correctResponse, so its right answer is unknown; left out");
            return;
        }

        source.RegisterImages(item);
        var rules = QtiResponseRules.Read(item, responseId, source);
        var imported = new ImportedItem
        {
            SourceId = id,
            Kind = "text",
            Prompt = Prompt(body, interaction, source),
            Source = source.At(item),
            Category = source.Category,
        };
        imported = kind == "textEntryInteraction"
            ? ReadTextEntry(imported, declaration, correct, rules, source)
            : ReadChoices(imported, interaction, declaration, correct, source);
        if (imported is null)
        {
            return;
        }

        imported = QtiFeedback.Apply(imported, item, body, rules, source);
        source.Bank.Items.Add(imported);
    }

    private static ImportedItem? ReadChoices(ImportedItem item, XElement interaction, XElement declaration, List<string> correct, QtiSource source)
    {
        var multiple = Attr(declaration, "cardinality") is "multiple" or "ordered";
        var choiceName = Name(interaction) == "choiceInteraction" ? "simpleChoice" : "inlineChoice";
        var options = Descendants(interaction, choiceName).ToList();
        var unknown = correct.Where(c => options.All(o => Attr(o, "identifier") != c)).ToList();
        if (unknown.Count > 0)
        {
            source.Problem(declaration, declaration.Name.LocalName, $"item '{item.SourceId}': correctResponse names no choice ({string.Join(", ", unknown)}); left out");
            return null;
        }

        if (!multiple && correct.Count > 1)
        {
            source.Problem(declaration, declaration.Name.LocalName, $"item '{item.SourceId}': {correct.Count} correct values for a single-cardinality response; left out");
            return null;
        }

        var choices = options.Select(option =>
        {
            var feedback = Children(option, "feedbackInline").ToList();
            var text = source.Markdown(option.Nodes().Where(n => n is not XElement e || Name(e) is not ("feedbackInline" or "feedbackBlock")), option);
            var message = feedback.Count == 0 ? null : string.Join("\n\n", feedback.Select(f => source.Markdown(f.Nodes(), f)));
            return new ImportedChoice(text, correct.Contains(Attr(option, "identifier") ?? string.Empty), message);
        }).ToList();
        var pinned = Attr(interaction, "shuffle") == "false" || (options.Count > 0 && Attr(options[^1], "fixed") == "true");
        return item with
        {
            Kind = multiple ? "multiple-select" : "single-choice",
            Choices = choices,
            PinLastChoice = pinned,
        };
    }

    private static ImportedItem ReadTextEntry(ImportedItem item, XElement declaration, List<string> correct, QtiResponseRules rules, QtiSource source)
    {
        var baseType = Attr(declaration, "baseType");
        if (baseType is "float" or "integer")
        {
            var answer = Number(correct[0]);
            if (answer is null)
            {
                source.Problem(declaration, declaration.Name.LocalName, $"item '{item.SourceId}': correct value '{correct[0]}' is not a number; read as a text answer");
            }
            else
            {
                return item with { Kind = "numeric", Answer = answer, Tolerance = rules.Tolerance };
            }
        }

        var mapping = Child(declaration, "mapping");
        var entries = mapping is null ? [] : Children(mapping, "mapEntry").ToList();
        var alternatives = correct.Skip(1)
            .Concat(entries.Where(e => Number(Attr(e, "mappedValue")) is { } v && double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) > 0)
                .Select(e => Attr(e, "mapKey") ?? string.Empty))
            .Where(a => a.Length > 0 && a != correct[0])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var caseSensitive = entries.Count == 0 || entries.Any(e => Attr(e, "caseSensitive") is null or "true");
        return item with { Kind = "text", Answer = correct[0], Accept = alternatives, CaseSensitive = caseSensitive };
    }

    private static void ReadTask(XElement item, string id, XElement body, XElement interaction, QtiSource source)
    {
        source.RegisterImages(item);
        var rubrics = Descendants(body, "rubricBlock").ToList();
        var notes = rubrics.Count == 0 ? null : string.Join("\n\n", rubrics.Select(r => source.Markdown(r.Nodes(), r)));
        source.Bank.Tasks.Add(new ImportedTask
        {
            SourceId = id,
            Title = Attr(item, "title") ?? id,
            Prompt = Prompt(body, interaction, source),
            Source = source.At(item),
            Category = source.Category,
            GraderNotes = notes,
            AcceptsFiles = Name(interaction) == "uploadInteraction",
        });
    }

    /// <summary>
    /// The item body without its interaction and feedback: a block interaction is replaced by its own prompt, an inline
    /// one by a blank (or dropped with its paragraph when it stands alone there).
    /// </summary>
    private static string Prompt(XElement body, XElement interaction, QtiSource source)
    {
        var index = body.Descendants().ToList().IndexOf(interaction);
        var copy = new XElement(body);
        var interactionCopy = copy.Descendants().ElementAt(index);
        var rubricsAndFeedback = copy.Descendants().Where(e => Name(e) is "feedbackBlock" or "feedbackInline" or "rubricBlock" or "modalFeedback").ToList();
        if (Name(interaction) is "textEntryInteraction" or "inlineChoiceInteraction")
        {
            var parent = interactionCopy.Parent;
            var alone = parent is not null && parent != copy && parent.Nodes().All(n => n == interactionCopy || (n is XText t && string.IsNullOrWhiteSpace(t.Value)));
            if (alone)
            {
                parent!.Remove();
            }
            else
            {
                interactionCopy.ReplaceWith(new XText(Blank));
            }
        }
        else
        {
            var prompt = Child(interactionCopy, "prompt");
            if (prompt is null)
            {
                interactionCopy.Remove();
            }
            else
            {
                interactionCopy.ReplaceWith(new XElement("p", prompt.Nodes()));
            }
        }

        foreach (var element in rubricsAndFeedback.Where(e => e.Parent is not null))
        {
            element.Remove();
        }

        return source.Markdown(copy.Nodes(), body);
    }
}
