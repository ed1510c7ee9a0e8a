using MasteryPath.Content.Loading;
using MasteryPath.Content.Markdown;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Content.Checking;

/// <summary>
/// Warnings for choice items whose wording gives the answer away to a test-wise learner, judged over the sampled
/// variants: the right option is the longest more often than chance ("longest-answer"), a catch-all such as "All of
/// the above" is right whenever it appears ("catch-all-answer"), the wrong options never change while the right one
/// does ("fixed-distractors"), or the right option never changes while the wrong ones do ("fixed-answer"). The order
/// and keys of options are random per attempt, so neither can give anything away and neither is checked here.
/// </summary>
public static class GiveawayCheck
{
    /// <summary>How far above chance the share of variants whose right option is the longest may be before a warning.</summary>
    public const double LongestMargin = 0.10;

    /// <summary>Adds the warnings for one choice item or template, from its sampled variants (in seed order).</summary>
    public static void Check(ItemDefinition definition, ItemSource source, IReadOnlyList<ChoiceAnswerKey> variants, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (variants.Count == 0)
        {
            return;
        }

        var which = definition.IsTemplate ? $"template '{definition.Id}'" : $"item '{definition.Id}'";
        var at = source.Find("choices");
        void Warn(string code, string message) => diagnostics.Add(new Diagnostic(Severity.Warning, at, code, $"{which}: {message}"));

        var longest = variants.Average(LongestPicksRight);
        var chance = variants.Average(v => 1 / Binomial(v.Choices.Count, v.Choices.Count(c => c.IsCorrect)));
        if (longest > chance + LongestMargin)
        {
            var what = definition.Kind == ItemKind.MultipleSelect ? "the right options are the longest ones" : "the right option is the longest";
            Warn(
                "longest-answer",
                definition.IsTemplate
                    ? $"{what} in {longest:P0} of sampled variants (chance: {chance:P0}); a learner who picks the longest wins: lengthen the wrong options or shorten the right one"
                    : $"{what}; a learner who picks the longest wins: lengthen a wrong option or shorten the right one");
        }

        var catchAlls = variants.SelectMany(v => v.Choices.Where(c => ChoicePresentation.IsCatchAll(c.Text))).ToList();
        if (catchAlls.Count > 0 && catchAlls.All(c => c.IsCorrect))
        {
            Warn("catch-all-answer", $"'{catchAlls[0].Text}' is right {(definition.IsTemplate ? "in every sampled variant" : "here")}; an option like it that is only ever right teaches learners to pick it: make it wrong in some variants or drop it");
        }

        if (!definition.IsTemplate || variants.Count < 2)
        {
            return;
        }

        var rightTexts = variants.Select(v => Texts(v, correct: true)).Distinct(StringComparer.Ordinal).Count();
        var wrongTexts = variants.Select(v => Texts(v, correct: false)).Distinct(StringComparer.Ordinal).Count();
        if (rightTexts > 1 && wrongTexts == 1)
        {
            Warn("fixed-distractors", "the wrong options are the same in every variant while the right one changes; after two variants the new option is the answer: vary the wrong options with the parameters");
        }
        else if (rightTexts == 1 && wrongTexts > 1)
        {
            Warn("fixed-answer", "the right option is the same in every variant while the wrong ones change; after two variants the option that stays is the answer: vary it with the parameters or keep the options fixed");
        }
    }

    /// <summary>
    /// The chance that a learner who picks as many of the longest options as there are right ones (ties broken at
    /// random) picks exactly the right ones.
    /// </summary>
    public static double LongestPicksRight(ChoiceAnswerKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var options = key.Choices.Select(c => (Length: CourseMarkdown.PlainText(c.Text).Length, c.IsCorrect)).ToList();
        var count = options.Count(o => o.IsCorrect);
        if (count == 0 || count == options.Count)
        {
            return count == 0 ? 0 : 1;
        }

        var threshold = options.Select(o => o.Length).OrderDescending().ElementAt(count - 1);
        var above = options.Where(o => o.Length > threshold).ToList();
        var tied = options.Where(o => o.Length == threshold).ToList();
        var slots = count - above.Count;
        if (above.Any(o => !o.IsCorrect) || tied.Count(o => o.IsCorrect) != slots)
        {
            return 0;
        }

        return 1 / Binomial(tied.Count, slots);
    }

    private static string Texts(ChoiceAnswerKey key, bool correct) =>
        string.Join("\u001f", key.Choices.Where(c => c.IsCorrect == correct).Select(c => c.Text).Order(StringComparer.Ordinal));

    private static double Binomial(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
