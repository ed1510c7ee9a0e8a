using System.Xml.Linq;

namespace MasteryPath.Content.Importing.Moodle;

/// <summary>Maps each Moodle question type to an item or task, or reports it as left out with why.</summary>
internal static class MoodleQuestionTypes
{
    /// <summary>Types with no MasteryPath kind, and why.</summary>
    private static readonly Dictionary<string, string> NotMapped = new(StringComparer.Ordinal)
    {
        ["matching"] = "matching questions have no MasteryPath kind",
        ["randomsamatch"] = "random short-answer matching draws its pairs from other questions when the quiz runs",
        ["ddwtos"] = "drag and drop into text has no MasteryPath kind",
        ["gapselect"] = "select missing words has no MasteryPath kind",
        ["ddmarker"] = "drag and drop markers on an image has no MasteryPath kind",
        ["ddimageortext"] = "drag and drop onto an image has no MasteryPath kind",
        ["ordering"] = "ordering questions have no MasteryPath kind",
        ["calculated"] = "calculated questions draw {wildcard} values from Moodle datasets: rewrite it as a template item with parameters",
        ["calculatedsimple"] = "calculated questions draw {wildcard} values from Moodle datasets: rewrite it as a template item with parameters",
        ["calculatedmulti"] = "calculated questions draw {wildcard} values from Moodle datasets: rewrite it as a template item with parameters",
        ["random"] = "a random question picks another question of its category when the quiz runs; it is not a question itself",
    };

    public static void Read(MoodleQuestion question, QuestionBank bank)
    {
        switch (question.Type)
        {
            case "multichoice":
                Add(bank, MultiChoice(question));
                break;
            case "truefalse":
                Add(bank, TrueFalse(question));
                break;
            case "shortanswer":
                Add(bank, ShortAnswer(question));
                break;
            case "numerical":
                Add(bank, Numerical(question));
                break;
            case "multianswer":
                Add(bank, MoodleCloze.Read(question));
                break;
            case "essay":
                bank.Tasks.Add(Essay(question));
                break;
            case "description":
                question.LeftOut("description text, not a question");
                break;
            default:
                question.LeftOut(NotMapped.TryGetValue(question.Type, out var why) ? why : $"unknown question type '{question.Type}'");
                break;
        }
    }

    private static void Add(QuestionBank bank, ImportedItem? item)
    {
        if (item is not null)
        {
            bank.Items.Add(item);
        }
    }

    /// <summary>The fields every item of a question has: id, place, category, prompt, hints, solution.</summary>
    public static ImportedItem Item(MoodleQuestion question, string kind, string? prompt = null) => new()
    {
        SourceId = question.SourceId,
        Kind = kind,
        Prompt = prompt ?? question.Text(question.Element.Element("questiontext") ?? new XElement("questiontext"), "<questiontext>"),
        Source = question.Source,
        Category = question.Category,
        Hints = question.Hints(),
        Solution = question.Solution(),
    };

    private static ImportedItem? MultiChoice(MoodleQuestion question)
    {
        var multiple = question.Element.Element("single")?.Value.Trim() is "false" or "0";
        var elements = question.Element.Elements("answer").Where(a => MoodleQuestion.RawText(a).Length > 0).ToList();
        // Grades are checked before texts are converted, so a question left out registers none of its images.
        var graded = elements
            .Select(a => new WeightedAnswer(
                MoodleQuestion.RawText(a),
                MoodleQuestion.Fraction(a),
                null,
                why => question.Problem(a, why, $"<answer fraction=\"{a.Attribute("fraction")?.Value}\">")))
            .ToList();
        if (AnswerRules.Choices(graded, multiple, question.LeftOut) is not { } checkedChoices)
        {
            return null;
        }

        var choices = checkedChoices
            .Select((choice, i) => choice with
            {
                Text = question.Text(elements[i], "<answer>"),
                Feedback = question.OptionalText(elements[i].Element("feedback"), "<answer> <feedback>"),
            })
            .ToList();
        question.ReportCombinedFeedback();
        var item = Item(question, multiple ? "multiple-select" : "single-choice");
        return item with
        {
            Choices = choices,
            PinLastChoice = question.Element.Element("shuffleanswers")?.Value.Trim() is "false" or "0",
        };
    }

    private static ImportedItem? TrueFalse(MoodleQuestion question)
    {
        var answers = question.Element.Elements("answer").ToList();
        var trueAnswer = answers.FirstOrDefault(a => MoodleQuestion.RawText(a).Equals("true", StringComparison.OrdinalIgnoreCase));
        var falseAnswer = answers.FirstOrDefault(a => MoodleQuestion.RawText(a).Equals("false", StringComparison.OrdinalIgnoreCase));
        if (trueAnswer is null || falseAnswer is null)
        {
            question.LeftOut("a true/false question needs a 'true' and a 'false' <answer>");
            return null;
        }

        var trueIsRight = MoodleQuestion.Fraction(trueAnswer) >= MoodleQuestion.Fraction(falseAnswer);
        return Item(question, "single-choice") with
        {
            Choices =
            [
                new ImportedChoice("True", trueIsRight, question.OptionalText(trueAnswer.Element("feedback"), "<answer> <feedback>")),
                new ImportedChoice("False", !trueIsRight, question.OptionalText(falseAnswer.Element("feedback"), "<answer> <feedback>")),
            ],
            PinLastChoice = true,
        };
    }

    private static ImportedItem? ShortAnswer(MoodleQuestion question)
    {
        var answers = question.Element.Elements("answer")
            .Select(a => new WeightedAnswer(
                MoodleQuestion.RawText(a),
                MoodleQuestion.Fraction(a),
                question.OptionalText(a.Element("feedback"), "<answer> <feedback>"),
                why => question.Problem(a, why, $"<answer fraction=\"{a.Attribute("fraction")?.Value}\">")))
            .Where(a => a.Text.Length > 0)
            .ToList();
        if (AnswerRules.Text(answers, question.LeftOut) is not { } text)
        {
            return null;
        }

        return Item(question, "text") with
        {
            Answer = text.Answer,
            Accept = text.Accept,
            Misconceptions = text.Misconceptions,
            CaseSensitive = question.Element.Element("usecase")?.Value.Trim() is "1" or "true",
        };
    }

    private static ImportedItem? Numerical(MoodleQuestion question)
    {
        var answers = question.Element.Elements("answer")
            .Select(a => new WeightedAnswer(
                MoodleQuestion.RawText(a),
                MoodleQuestion.Fraction(a),
                question.OptionalText(a.Element("feedback"), "<answer> <feedback>"),
                why => question.Problem(a, why, $"<answer fraction=\"{a.Attribute("fraction")?.Value}\">"),
                a.Element("tolerance")?.Value.Trim() is { Length: > 0 } tolerance ? tolerance : null))
            .Where(a => a.Text.Length > 0)
            .ToList();
        if (AnswerRules.Numeric(answers, question.LeftOut) is not { } numeric)
        {
            return null;
        }

        if (question.Element.Element("units") is { } units && units.Elements("unit").Any())
        {
            var names = string.Join(", ", units.Elements("unit").Select(u => u.Element("unit_name")?.Value.Trim()).Where(n => !string.IsNullOrEmpty(n)));
            question.Problem(units, $"units ({names}) are not checked: the number is kept and the learner types it without a unit", "<units>");
        }

        return Item(question, "numeric") with
        {
            Answer = numeric.Answer,
            Tolerance = numeric.Tolerance,
            Misconceptions = numeric.Misconceptions,
        };
    }

    private static ImportedTask Essay(MoodleQuestion question)
    {
        var element = question.Element;
        if (question.OptionalText(element.Element("responsetemplate"), "<responsetemplate>") is not null)
        {
            question.Problem(element.Element("responsetemplate")!, "the response template is not kept: a task starts with an empty answer", "<responsetemplate>");
        }

        // An essay's general feedback is for after grading: it goes to the grader notes, after the grader information.
        var graderNotes = new[] { question.OptionalText(element.Element("graderinfo"), "<graderinfo>"), question.Solution() }.OfType<string>().ToList();
        return new ImportedTask
        {
            SourceId = question.SourceId,
            Title = question.Name.Length > 0 ? question.Name : question.SourceId,
            Prompt = question.Text(element.Element("questiontext") ?? new XElement("questiontext"), "<questiontext>"),
            Source = question.Source,
            Category = question.Category,
            GraderNotes = graderNotes.Count == 0 ? null : string.Join("\n\n", graderNotes),
            AcceptsFiles = int.TryParse(element.Element("attachments")?.Value.Trim(), out var attachments) && attachments != 0,
        };
    }
}
