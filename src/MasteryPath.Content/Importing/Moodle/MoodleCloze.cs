using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MasteryPath.Content.Importing.Moodle;

/// <summary>
/// Moodle's embedded answers (cloze, type <c>multianswer</c>): gaps written <c>{1:SHORTANSWER:=Paris#Right~Lyon#No}</c> in
/// the question text. A cloze with exactly one gap of a short-answer, numerical or multiple-choice kind becomes an item
/// whose prompt shows <c>_____</c> in place of the gap; any other cloze is reported as left out.
/// </summary>
internal static partial class MoodleCloze
{
    public const string Gap = "_____";

    public static ImportedItem? Read(MoodleQuestion question)
    {
        var container = question.Element.Element("questiontext") ?? new XElement("questiontext");
        var raw = container.Element("text")?.Value ?? "";
        var gaps = SubQuestion().Matches(raw);
        if (gaps.Count != 1)
        {
            question.LeftOut($"a cloze with {gaps.Count} gaps: only a cloze with exactly one gap maps to an item");
            return null;
        }

        var gap = gaps[0];
        var type = gap.Groups["type"].Value.ToUpperInvariant();
        var answers = Answers(question, container, gap.Groups["answers"].Value, type.StartsWith("NUMERICAL", StringComparison.Ordinal) || type == "NM").ToList();
        var prompt = question.Text(container, "<questiontext>", raw[..gap.Index] + Gap + raw[(gap.Index + gap.Length)..]);
        switch (type)
        {
            case "SHORTANSWER" or "SA" or "MW" or "SHORTANSWER_C" or "SAC" or "MWC":
                return AnswerRules.Text(answers, question.LeftOut) is { } text
                    ? MoodleQuestionTypes.Item(question, "text", prompt) with
                    {
                        Answer = text.Answer,
                        Accept = text.Accept,
                        Misconceptions = text.Misconceptions,
                        CaseSensitive = type.EndsWith('C'),
                    }
                    : null;
            case "NUMERICAL" or "NM":
                return AnswerRules.Numeric(answers, question.LeftOut) is { } numeric
                    ? MoodleQuestionTypes.Item(question, "numeric", prompt) with
                    {
                        Answer = numeric.Answer,
                        Tolerance = numeric.Tolerance,
                        Misconceptions = numeric.Misconceptions,
                    }
                    : null;
            default:
                var multiple = type.StartsWith("MULTIRESPONSE", StringComparison.Ordinal) || type.StartsWith("MR", StringComparison.Ordinal);
                return AnswerRules.Choices(answers, multiple, question.LeftOut) is { } choices
                    ? MoodleQuestionTypes.Item(question, multiple ? "multiple-select" : "single-choice", prompt) with { Choices = choices }
                    : null;
        }
    }

    /// <summary>The answers of a gap: <c>~</c>-separated, each <c>=</c> (right) or <c>%n%</c> (weight), text, <c>#feedback</c>.</summary>
    private static IEnumerable<WeightedAnswer> Answers(MoodleQuestion question, XElement container, string answers, bool numeric)
    {
        foreach (var part in SplitUnescaped(answers, '~'))
        {
            var answer = part;
            double fraction = 0;
            if (answer.StartsWith('='))
            {
                fraction = 100;
                answer = answer[1..];
            }
            else if (Weight().Match(answer) is { Success: true } weight)
            {
                fraction = double.Parse(weight.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                answer = answer[weight.Length..];
            }

            var pieces = SplitUnescaped(answer, '#');
            var text = Unescape(pieces[0]).Trim();
            var feedback = pieces.Count > 1 ? Unescape(string.Join("#", pieces[1..])).Trim() : "";
            string? tolerance = null;
            if (numeric && text.LastIndexOf(':') is var colon and > 0)
            {
                tolerance = text[(colon + 1)..].Trim();
                text = text[..colon].Trim();
            }

            if (text.Length == 0)
            {
                continue;
            }

            var shown = text;
            yield return new WeightedAnswer(
                text,
                fraction,
                feedback.Length == 0 ? null : question.Fragment(container, feedback, "<questiontext> cloze feedback"),
                why => question.Problem(container, why, $"<questiontext> cloze answer '{shown}'"),
                tolerance);
        }
    }

    private static List<string> SplitUnescaped(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                current.Append(text, i, 2);
                i++;
            }
            else if (text[i] == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>Cloze escapes: <c>\} \# \~ \/ \" \\</c>; a short answer's <c>\*</c> stays for the wildcard rule.</summary>
    private static string Unescape(string text) => Escaped().Replace(text, "$1");

    [GeneratedRegex(@"\{(?<weight>\d*):(?<type>SHORTANSWER(?:_C)?|SA|MW|SAC|MWC|NUMERICAL|NM|MULTICHOICE(?:_V|_H|_S|_VS|_HS)?|MCV?H?S?|MULTIRESPONSE(?:_H|_S|_HS)?|MRH?S?):(?<answers>(?:\\.|[^\\}])*)\}", RegexOptions.IgnoreCase)]
    private static partial Regex SubQuestion();

    [GeneratedRegex(@"^%(-?\d+(?:\.\d+)?)%")]
    private static partial Regex Weight();

    [GeneratedRegex(@"\\([}#~/""\\])")]
    private static partial Regex Escaped();
}
