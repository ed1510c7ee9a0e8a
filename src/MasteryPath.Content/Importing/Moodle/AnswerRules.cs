using System.Globalization;

namespace MasteryPath.Content.Importing.Moodle;

/// <summary>
/// One answer of a Moodle or GIFT question: its text (Markdown for a choice, the value for short answer and numerical),
/// its grade in percent, its feedback, a numerical tolerance, and how to report a problem at its place.
/// </summary>
internal sealed record WeightedAnswer(string Text, double Fraction, string? Feedback, Action<string> Report, string? Tolerance = null)
{
    public bool FullyRight => Fraction >= 99.999;
}

/// <summary>The accepted answers of a short-answer question: the first, further alternatives, and wrong answers with feedback.</summary>
internal sealed record TextAnswers(string Answer, IReadOnlyList<string> Accept, IReadOnlyList<ImportedMisconception> Misconceptions);

/// <summary>The answer of a numerical question with its tolerance, and wrong values with feedback.</summary>
internal sealed record NumericAnswers(string Answer, string? Tolerance, IReadOnlyList<ImportedMisconception> Misconceptions);

/// <summary>
/// How Moodle's graded answers map to MasteryPath items, shared by Moodle XML and GIFT (docs/import-moodle-gift.md):
/// MasteryPath marks an answer right or wrong, so partial credit is reported and the answer counts as wrong (choices)
/// or is left out (typed answers); wrong typed answers with feedback become misconceptions.
/// </summary>
internal static class AnswerRules
{
    public static IReadOnlyList<ImportedChoice>? Choices(IReadOnlyList<WeightedAnswer> answers, bool multiple, Action<string> leftOut)
    {
        if (answers.Count < 2)
        {
            leftOut($"a choice question needs at least two answers, this one has {answers.Count}");
            return null;
        }

        var choices = new List<ImportedChoice>();
        foreach (var answer in answers)
        {
            var correct = multiple ? answer.Fraction > 0 : answer.FullyRight;
            if (!multiple && answer.Fraction is > 0 and < 99.999)
            {
                answer.Report($"partial credit ({Percent(answer.Fraction)}) is not kept: this answer counts as wrong");
            }

            choices.Add(new ImportedChoice(answer.Text, correct, answer.Feedback));
        }

        var right = choices.Count(c => c.Correct);
        if (right == 0)
        {
            leftOut(multiple ? "no answer has a positive grade" : "no answer is fully right (100%)");
            return null;
        }

        if (!multiple && right > 1)
        {
            leftOut($"{right} answers are fully right in a one-answer question: make it a multiple-answer question");
            return null;
        }

        return choices;
    }

    public static TextAnswers? Text(IReadOnlyList<WeightedAnswer> answers, Action<string> leftOut)
    {
        var accepted = new List<string>();
        var misconceptions = new List<ImportedMisconception>();
        foreach (var answer in answers)
        {
            var hasWildcard = HasWildcard(answer.Text);
            if (answer.FullyRight)
            {
                if (hasWildcard)
                {
                    answer.Report($"the wildcard '*' in '{answer.Text}' cannot be kept (MasteryPath compares whole answers): this alternative is left out");
                    continue;
                }

                accepted.Add(Unescape(answer.Text));
                ReportRightFeedback(answer);
            }
            else if (answer.Fraction > 0)
            {
                answer.Report($"partial credit ({Percent(answer.Fraction)}) for '{answer.Text}' is not kept: this alternative is left out");
            }
            else if (answer.Feedback is not null)
            {
                if (hasWildcard)
                {
                    answer.Report($"the feedback for '{answer.Text}' is not kept: a misconception names one exact answer, not a pattern with '*'");
                    continue;
                }

                misconceptions.Add(new ImportedMisconception(Unescape(answer.Text), answer.Feedback));
            }
        }

        if (accepted.Count == 0)
        {
            leftOut("no fully right answer can be kept");
            return null;
        }

        return new TextAnswers(accepted[0], accepted[1..], misconceptions);
    }

    public static NumericAnswers? Numeric(IReadOnlyList<WeightedAnswer> answers, Action<string> leftOut)
    {
        (string Value, string? Tolerance)? right = null;
        var misconceptions = new List<ImportedMisconception>();
        foreach (var answer in answers)
        {
            if (answer.Text == "*")
            {
                if (answer.Feedback is not null)
                {
                    answer.Report("the feedback for any other answer ('*') is not kept: a misconception names one value");
                }

                continue;
            }

            if (Number(answer.Text) is not { } value)
            {
                answer.Report($"'{answer.Text}' is not a number: this answer is left out");
                continue;
            }

            var tolerance = answer.Tolerance is null ? null : Number(answer.Tolerance);
            if (answer.Tolerance is not null && tolerance is null)
            {
                answer.Report($"the tolerance '{answer.Tolerance}' is not a number: this answer is left out");
                continue;
            }

            tolerance = tolerance?.TrimStart('-') is "0" or null ? null : tolerance.TrimStart('-');
            if (answer.FullyRight)
            {
                if (right is null)
                {
                    right = (value, tolerance);
                    ReportRightFeedback(answer);
                }
                else
                {
                    answer.Report($"a second right answer ({value}) is not kept: a numeric item has one answer and a tolerance");
                }
            }
            else if (answer.Fraction > 0)
            {
                answer.Report($"partial credit ({Percent(answer.Fraction)}) for {value} is not kept: this answer is left out");
            }
            else if (answer.Feedback is not null)
            {
                misconceptions.Add(new ImportedMisconception(value, answer.Feedback));
                if (tolerance is not null)
                {
                    answer.Report($"the tolerance ±{tolerance} of the wrong answer {value} is not kept: its feedback is shown for exactly {value}");
                }
            }
        }

        if (right is not { } found)
        {
            leftOut("no fully right numeric answer");
            return null;
        }

        return new NumericAnswers(found.Value, found.Tolerance, misconceptions);
    }

    /// <summary>A number written with a dot, in the shortest form that reads back the same; null when it is none.</summary>
    public static string? Number(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : null;

    public static string Percent(double fraction) => fraction.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static void ReportRightFeedback(WeightedAnswer answer)
    {
        if (answer.Feedback is not null)
        {
            answer.Report("the feedback on a right answer is not kept: MasteryPath says it is right and shows the solution");
        }
    }

    /// <summary>In Moodle short answers <c>*</c> matches anything and <c>\*</c> is a literal star.</summary>
    private static bool HasWildcard(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '*')
            {
                return true;
            }
        }

        return false;
    }

    private static string Unescape(string text) => text.Replace("\\*", "*", StringComparison.Ordinal);
}
