using System.Globalization;
using System.Xml.Linq;
using static MasteryPath.Content.Importing.Qti.QtiXml;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// QTI 1.2 <c>questestinterop</c> as Canvas exports it: each item's <c>question_type</c> (qtimetadata) picks the kind;
/// without one, a <c>response_lid</c> is a choice and a <c>response_str</c> a text (numeric when its fibtype is a number).
/// Scoring conditions (<c>respcondition</c> with a positive <c>setvar</c>) give the right answers, conditions that only
/// display feedback give per-answer feedback, <c>general_fb</c> the solution; itemfeedback hint/solution elements are kept.
/// </summary>
public sealed class Qti12Format : IQuestionBankFormat
{
    public string Name => "QTI 1.2";

    public bool Recognizes(string fileName, string head)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(head);
        return fileName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && head.Contains("<questestinterop", StringComparison.Ordinal);
    }

    public QuestionBank Read(string displayName, string text, Func<string, byte[]?> resolveFile)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(resolveFile);
        var bank = new QuestionBank();
        if (Load(text, displayName, bank.Problems)?.Root is { } root)
        {
            ReadDocument(root, new QtiSource(displayName, Path.GetFileName(displayName), resolveFile, bank));
        }

        return bank;
    }

    internal static void ReadDocument(XElement root, QtiSource source)
    {
        if (root.Name.LocalName != "questestinterop")
        {
            source.Problem(root, root.Name.LocalName, "not a QTI 1.2 file: the root element is not questestinterop");
            return;
        }

        foreach (var item in root.Descendants().Where(e => e.Name.LocalName == "item"))
        {
            var section = item.Ancestors().FirstOrDefault(a => a.Name.LocalName == "section" && (string?)a.Attribute("ident") != "root_section");
            var assessment = item.Ancestors().FirstOrDefault(a => a.Name.LocalName == "assessment");
            var category = source.Category ?? (string?)section?.Attribute("title") ?? (string?)assessment?.Attribute("title");
            new Qti12Item(item, source, category).Read();
        }
    }
}

/// <summary>One QTI 1.2 item being read.</summary>
internal sealed class Qti12Item(XElement item, QtiSource source, string? category)
{
    private readonly string _id = (string?)item.Attribute("ident") ?? $"item-{Line(item)}";
    private readonly List<XElement> _conditions = item.Descendants().Where(e => e.Name.LocalName == "respcondition").ToList();

    public void Read()
    {
        var type = QuestionType();
        var presentation = Element(item, "presentation");
        // Canvas puts the question's material directly in presentation; other QTI 1.2 tools wrap it in <flow>.
        var prompt = Material(presentation?.Descendants().FirstOrDefault(e => e.Name.LocalName == "material"
            && !e.Ancestors().Any(a => a.Name.LocalName is "response_lid" or "response_str" or "response_num")));
        switch (type)
        {
            case "multiple_choice_question" or "true_false_question" or "multiple_answers_question":
                Add(ReadChoice(prompt, multiple: type == "multiple_answers_question"));
                break;
            case "short_answer_question":
                Add(ReadText(prompt));
                break;
            case "numerical_question":
                Add(ReadNumeric(prompt));
                break;
            case "essay_question" or "file_upload_question":
                source.Bank.Tasks.Add(new ImportedTask
                {
                    SourceId = _id,
                    Title = (string?)item.Attribute("title") ?? _id,
                    Prompt = prompt,
                    Source = source.At(item),
                    Category = category,
                    GraderNotes = Feedback("general_fb"),
                    AcceptsFiles = type == "file_upload_question",
                });
                break;
            default:
                source.Problem(item, "item", $"question_type '{type}' has no MasteryPath kind; item '{_id}' left out");
                break;
        }
    }

    private void Add(ImportedItem? imported)
    {
        if (imported is null)
        {
            return;
        }

        var hints = item.Elements().Where(e => e.Name.LocalName == "itemfeedback")
            .SelectMany(f => f.Descendants().Where(e => e.Name.LocalName == "hint"))
            .Select(h => Material(h.Descendants().FirstOrDefault(e => e.Name.LocalName == "material")))
            .ToList();
        var solutions = item.Elements().Where(e => e.Name.LocalName == "itemfeedback")
            .SelectMany(f => f.Descendants().Where(e => e.Name.LocalName == "solution"))
            .Select(s => Material(s.Descendants().FirstOrDefault(e => e.Name.LocalName == "material")))
            .Prepend(Feedback("general_fb"))
            .OfType<string>()
            .ToList();
        foreach (var unused in new[] { "correct_fb", "general_incorrect_fb" }.Select(FeedbackElement).OfType<XElement>())
        {
            source.Problem(unused, "itemfeedback", $"feedback '{unused.Attribute("ident")?.Value}' (for any right or any wrong answer) has no place in a MasteryPath item; not kept");
        }

        source.Bank.Items.Add(imported with
        {
            Hints = hints,
            Solution = solutions.Count == 0 ? null : string.Join("\n\n", solutions),
        });
    }

    private ImportedItem? ReadChoice(string prompt, bool multiple)
    {
        var labels = item.Descendants().Where(e => e.Name.LocalName == "response_label").ToList();
        if (labels.Count == 0)
        {
            source.Problem(item, "item", $"item '{_id}' has no response_label choices; left out");
            return null;
        }

        var correct = Scoring().SelectMany(c => Values(c, "varequal")).ToHashSet(StringComparer.Ordinal);
        if (correct.Count == 0)
        {
            source.Problem(item, "item", $"item '{_id}' marks no choice correct (no respcondition sets a score); left out");
            return null;
        }

        var feedback = FeedbackByResponse();
        var choices = labels.Select(label =>
        {
            var ident = (string?)label.Attribute("ident") ?? string.Empty;
            return new ImportedChoice(Material(Element(label, "material")), correct.Contains(ident), feedback.GetValueOrDefault(ident));
        }).ToList();
        return New(prompt) with { Kind = multiple ? "multiple-select" : "single-choice", Choices = choices };
    }

    private ImportedItem? ReadText(string prompt)
    {
        var accepted = Scoring().SelectMany(c => Values(c, "varequal")).Distinct(StringComparer.Ordinal).ToList();
        if (accepted.Count == 0)
        {
            source.Problem(item, "item", $"item '{_id}' has no accepted answer (no scoring varequal); left out");
            return null;
        }

        return New(prompt) with
        {
            Kind = "text",
            Answer = accepted[0],
            Accept = accepted.Skip(1).ToList(),
            Misconceptions = Misconceptions(accepted),
        };
    }

    private ImportedItem? ReadNumeric(string prompt)
    {
        var scoring = Scoring().ToList();
        if (scoring.Count == 0)
        {
            source.Problem(item, "item", $"item '{_id}' has no answer (no respcondition sets a score); left out");
            return null;
        }

        if (scoring.Count > 1)
        {
            source.Problem(scoring[1], "respcondition", $"item '{_id}' has {scoring.Count} answers; a MasteryPath numeric item has one, so only the first is kept");
        }

        var condition = scoring[0];
        double? Bound(params string[] names) =>
            Values(condition, names).Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null).FirstOrDefault(d => d is not null);
        var exact = Bound("varequal");
        var low = Bound("vargte", "vargt");
        var high = Bound("varlte", "varlt");
        double answer;
        double tolerance = 0;
        if (exact is { } value)
        {
            answer = value;
            tolerance = System.Math.Max(low is null ? 0 : value - low.Value, high is null ? 0 : high.Value - value);
        }
        else if (low is { } lo && high is { } hi)
        {
            answer = (lo + hi) / 2;
            tolerance = (hi - lo) / 2;
        }
        else
        {
            source.Problem(condition, "respcondition", $"item '{_id}': the answer is neither a value nor a closed range; left out");
            return null;
        }

        return New(prompt) with
        {
            Kind = "numeric",
            Answer = Format(answer),
            Tolerance = tolerance > 0 ? Format(System.Math.Round(tolerance, 12)) : null,
            Misconceptions = Misconceptions([Format(answer)]),
        };
    }

    private ImportedItem New(string prompt) => new()
    {
        SourceId = _id,
        Kind = "text",
        Prompt = prompt,
        Source = source.At(item),
        Category = category,
    };

    private string QuestionType()
    {
        var field = item.Descendants().FirstOrDefault(e => e.Name.LocalName == "qtimetadatafield"
            && Element(e, "fieldlabel")?.Value.Trim() == "question_type");
        if (Element(field, "fieldentry")?.Value.Trim() is { Length: > 0 } type)
        {
            return type;
        }

        if (item.Descendants().FirstOrDefault(e => e.Name.LocalName == "response_lid") is { } lid)
        {
            return (string?)lid.Attribute("rcardinality") == "Multiple" ? "multiple_answers_question" : "multiple_choice_question";
        }

        var fib = item.Descendants().FirstOrDefault(e => e.Name.LocalName == "render_fib");
        return (string?)fib?.Attribute("fibtype") is "Decimal" or "Integer" ? "numerical_question" : fib is null ? "unknown" : "short_answer_question";
    }

    /// <summary>The conditions that give a positive score: their values are right answers.</summary>
    private IEnumerable<XElement> Scoring() => _conditions.Where(c => c.Elements().Any(e => e.Name.LocalName == "setvar"
        && double.TryParse(e.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && score > 0));

    /// <summary>Feedback displayed by a condition that only tests one response value (and sets no score).</summary>
    private Dictionary<string, string> FeedbackByResponse()
    {
        var byResponse = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var condition in _conditions.Except(Scoring()))
        {
            var values = Values(condition, "varequal").ToList();
            var link = condition.Elements().FirstOrDefault(e => e.Name.LocalName == "displayfeedback")?.Attribute("linkrefid")?.Value;
            if (values.Count == 1 && link is not null && Feedback(link) is { } text)
            {
                byResponse.TryAdd(values[0], text);
            }
        }

        return byResponse;
    }

    private List<ImportedMisconception> Misconceptions(IReadOnlyList<string> accepted)
    {
        var list = new List<ImportedMisconception>();
        foreach (var (response, text) in FeedbackByResponse())
        {
            if (accepted.Contains(response, StringComparer.Ordinal))
            {
                source.Problem(item, "displayfeedback", $"feedback for the right answer '{response}' has no place in a MasteryPath item; not kept");
            }
            else
            {
                list.Add(new ImportedMisconception(response, text));
            }
        }

        return list;
    }

    private XElement? FeedbackElement(string ident) =>
        item.Elements().FirstOrDefault(e => e.Name.LocalName == "itemfeedback" && (string?)e.Attribute("ident") == ident
            && !e.Descendants().Any(d => d.Name.LocalName is "hint" or "solution"));

    private string? Feedback(string ident) =>
        FeedbackElement(ident) is { } feedback && Material(feedback.Descendants().FirstOrDefault(e => e.Name.LocalName == "material")) is { Length: > 0 } text
            ? text
            : null;

    /// <summary>A material's texts (HTML or plain) and images as Markdown.</summary>
    private string Material(XElement? material)
    {
        if (material is null)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        foreach (var part in material.Elements())
        {
            switch (part.Name.LocalName)
            {
                case "mattext" or "mat_extension":
                    parts.Add((string?)part.Attribute("texttype") == "text/html" ? source.MarkdownFromHtml(part.Value, part) : part.Value.Trim());
                    break;
                case "matimage" when (string?)part.Attribute("uri") is { } uri:
                    var name = source.Media(part, "matimage", uri);
                    parts.Add(name is null ? string.Empty : $"![{(string?)part.Attribute("label") ?? string.Empty}](media/{name})");
                    break;
                default:
                    source.Problem(part, part.Name.LocalName, "this material is not kept");
                    break;
            }
        }

        return string.Join("\n\n", parts.Where(p => p.Length > 0));
    }

    private static XElement? Element(XElement? parent, string localName) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    /// <summary>The values a condition compares with, not counting those under &lt;not&gt;.</summary>
    private static IEnumerable<string> Values(XElement condition, params string[] names) =>
        condition.Descendants().Where(e => names.Contains(e.Name.LocalName) && !e.Ancestors().TakeWhile(a => a != condition).Any(a => a.Name.LocalName == "not"))
            .Select(e => e.Value.Trim());

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
