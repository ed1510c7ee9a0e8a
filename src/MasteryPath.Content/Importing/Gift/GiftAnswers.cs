using System.Globalization;
using System.Text.RegularExpressions;
using MasteryPath.Content.Importing.Moodle;

namespace MasteryPath.Content.Importing.Gift;

/// <summary>
/// A GIFT answer block, by its shape: <c>{}</c> essay, <c>{#…}</c> numerical, <c>{T}</c>/<c>{FALSE#…#…}</c> true/false,
/// <c>{=a -> b …}</c> matching (left out), <c>{=a ~b …}</c> multiple choice (<c>~%50%…</c> weights make it multiple
/// answers when no answer is marked <c>=</c>), <c>{=a =b}</c> short answer. <c>####</c> starts the general feedback.
/// </summary>
internal static partial class GiftAnswers
{
    /// <param name="question">The question being read.</param>
    /// <param name="block">The text between the braces, still escaped.</param>
    /// <param name="offset">Where <paramref name="block"/> starts in the question, for line numbers.</param>
    /// <param name="promptText">The question text (with the gap of a missing-word question), still escaped.</param>
    /// <param name="promptOffset">Where the question text starts.</param>
    public static void Read(GiftQuestion question, string block, int offset, string promptText, int promptOffset)
    {
        string? solution = null;
        var generalFeedback = GiftSyntax.FindUnescaped(block, "####");
        if (generalFeedback >= 0)
        {
            solution = question.Markdown(block[(generalFeedback + 4)..], offset + generalFeedback, "'####'");
            block = block[..generalFeedback];
        }

        var body = block.Trim();
        var bodyOffset = offset + block.IndexOf(body, StringComparison.Ordinal);
        string Prompt() => question.Markdown(promptText, promptOffset, "question text") ?? "";
        if (body.Length == 0)
        {
            question.Bank.Tasks.Add(new ImportedTask
            {
                SourceId = question.SourceId,
                Title = question.SourceId,
                Prompt = Prompt(),
                Source = question.Source,
                Category = question.Category,
                GraderNotes = solution,
            });
            return;
        }

        var item = body[0] == '#' ? Numeric(question, body[1..], bodyOffset + 1)
            : TrueFalse().IsMatch(body) ? TrueOrFalse(question, body, bodyOffset)
            : GiftSyntax.FindUnescaped(body, "->") >= 0 ? Matching(question)
            : ChoicesOrShortAnswer(question, body, bodyOffset);
        if (item is not null)
        {
            question.Bank.Items.Add(item with { Prompt = Prompt(), Solution = solution });
        }
    }

    private static ImportedItem? Matching(GiftQuestion question)
    {
        question.LeftOut("matching questions ('->') have no MasteryPath kind");
        return null;
    }

    private static ImportedItem? TrueOrFalse(GiftQuestion question, string body, int offset)
    {
        var parts = GiftSyntax.SplitUnescaped(body, '#');
        if (parts.Count > 3)
        {
            question.Problem(offset + parts[3].Offset, "a true/false answer has at most two feedbacks (#wrong#right): the rest is not kept", $"'#{parts[3].Text.Trim()}'");
        }

        var trueIsRight = parts[0].Text.Trim().StartsWith('T');
        var wrongFeedback = parts.Count > 1 ? question.Markdown(parts[1].Text, offset + parts[1].Offset, "feedback") : null;
        var rightFeedback = parts.Count > 2 ? question.Markdown(parts[2].Text, offset + parts[2].Offset, "feedback") : null;
        return question.Item("single-choice", "", null) with
        {
            Choices =
            [
                new ImportedChoice("True", trueIsRight, trueIsRight ? rightFeedback : wrongFeedback),
                new ImportedChoice("False", !trueIsRight, trueIsRight ? wrongFeedback : rightFeedback),
            ],
            PinLastChoice = true,
        };
    }

    private static ImportedItem? ChoicesOrShortAnswer(GiftQuestion question, string body, int offset)
    {
        if (Answers(question, body, offset) is not { } answers)
        {
            return null;
        }

        if (!answers.Any(a => a.Marker == '~'))
        {
            var weighted = answers.Select(a => a.Weighted(a.Text is { } text ? GiftSyntax.Unescape(text).Trim() : "")).ToList();
            return AnswerRules.Text(weighted, question.LeftOut) is { } text
                ? question.Item("text", "", null) with { Answer = text.Answer, Accept = text.Accept, Misconceptions = text.Misconceptions }
                : null;
        }

        // Weights without a plain '=' answer make a multiple-answer question, unless one answer alone has 100%.
        var positive = answers.Where(a => a.Weight > 0).ToList();
        var multiple = !answers.Any(a => a.Marker == '=' && a.Weight is null) && (positive.Count > 1 || positive.Any(a => a.Weight < 100));
        var choices = answers.Select(a => a.Weighted(question.Markdown(a.Text, a.Offset, "answer") ?? "")).ToList();
        return AnswerRules.Choices(choices, multiple, question.LeftOut) is { } mapped
            ? question.Item(multiple ? "multiple-select" : "single-choice", "", null) with { Choices = mapped }
            : null;
    }

    private static ImportedItem? Numeric(GiftQuestion question, string body, int offset)
    {
        List<ParsedAnswer> answers;
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('=') || trimmed.StartsWith('~'))
        {
            if (Answers(question, body, offset) is not { } several)
            {
                return null;
            }

            answers = several;
        }
        else
        {
            var single = GiftSyntax.SplitUnescaped(body, '#');
            answers = [new ParsedAnswer(question, '=', null, single[0].Text, single.Count > 1 ? string.Join("#", single.Skip(1).Select(p => p.Text)) : null, offset, body)];
        }

        var weighted = new List<WeightedAnswer>();
        foreach (var answer in answers)
        {
            if (NumericValue(GiftSyntax.Unescape(answer.Text)) is not var (value, tolerance))
            {
                answer.Report($"unknown numeric answer '{answer.Text.Trim()}': write a number, number:tolerance or low..high; this answer is left out");
                continue;
            }

            weighted.Add(answer.Weighted(value) with { Tolerance = tolerance });
        }

        return AnswerRules.Numeric(weighted, question.LeftOut) is { } numeric
            ? question.Item("numeric", "", null) with { Answer = numeric.Answer, Tolerance = numeric.Tolerance, Misconceptions = numeric.Misconceptions }
            : null;
    }

    /// <summary>A value with an optional tolerance: <c>3.14</c>, <c>3.14:0.01</c>, or a range <c>1..5</c> (its midpoint ± half its width).</summary>
    private static (string Value, string? Tolerance)? NumericValue(string spec)
    {
        spec = spec.Trim();
        var range = spec.IndexOf("..", StringComparison.Ordinal);
        if (range > 0)
        {
            return Decimal(spec[..range]) is { } low && Decimal(spec[(range + 2)..]) is { } high && low <= high
                ? (Format((low + high) / 2), Format((high - low) / 2))
                : null;
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var value = AnswerRules.Number(colon < 0 ? spec : spec[..colon]);
        if (value is null)
        {
            return null;
        }

        if (colon < 0)
        {
            return (value, null);
        }

        return AnswerRules.Number(spec[(colon + 1)..]) is { } tolerance ? (value, tolerance) : null;
    }

    private static decimal? Decimal(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Format(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>Splits <c>=a ~%50%b#feedback …</c> into answers; text before the first <c>=</c> or <c>~</c> is an error.</summary>
    private static List<ParsedAnswer>? Answers(GiftQuestion question, string body, int offset)
    {
        var starts = new List<int>();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\')
            {
                i++;
            }
            else if (body[i] is '=' or '~')
            {
                starts.Add(i);
            }
        }

        var lead = starts.Count == 0 ? body : body[..starts[0]];
        if (lead.Trim().Length > 0)
        {
            question.Problem(offset, "unknown answer syntax: every answer starts with '=' (right) or '~' (wrong); the question is left out", $"'{lead.Trim()}'");
            return null;
        }

        var answers = new List<ParsedAnswer>();
        for (var n = 0; n < starts.Count; n++)
        {
            var start = starts[n];
            var end = n + 1 < starts.Count ? starts[n + 1] : body.Length;
            var raw = body[start..end];
            var content = raw[1..];
            double? weight = null;
            if (Weight().Match(content) is { Success: true } match)
            {
                weight = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                content = content[match.Length..];
            }

            var feedbackAt = GiftSyntax.FindUnescaped(content, "#");
            var text = feedbackAt < 0 ? content : content[..feedbackAt];
            var answer = new ParsedAnswer(question, raw[0], weight, text, feedbackAt < 0 ? null : content[(feedbackAt + 1)..], offset + start, raw);
            if (text.Trim().Length == 0)
            {
                answer.Report("an empty answer: left out");
                continue;
            }

            answers.Add(answer);
        }

        return answers;
    }

    /// <summary>One answer as written: marker, <c>%weight%</c>, text and feedback (still escaped), and its place.</summary>
    private sealed record ParsedAnswer(GiftQuestion Question, char Marker, double? Weight, string Text, string? Feedback, int Offset, string Raw)
    {
        public void Report(string why) => Question.Problem(Offset, why, $"'{Raw.Trim()}'");

        public WeightedAnswer Weighted(string text) => new(
            text,
            Weight ?? (Marker == '=' ? 100 : 0),
            Feedback is null ? null : Question.Markdown(Feedback, Offset, "feedback"),
            Report);
    }

    [GeneratedRegex(@"^\s*(TRUE|FALSE|T|F)\s*(#|$)", RegexOptions.Singleline)]
    private static partial Regex TrueFalse();

    [GeneratedRegex(@"^\s*%(-?\d+(?:\.\d+)?)%")]
    private static partial Regex Weight();
}
