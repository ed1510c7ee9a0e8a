using System.Globalization;
using System.Text;

namespace MasteryPath.Domain.Items;

/// <summary>Feedback attached to one specific wrong answer.</summary>
/// <param name="Answer">The wrong answer, in the item kind's own notation.</param>
/// <param name="Feedback">What to tell a learner who gives it.</param>
public sealed record Misconception(string Answer, string Feedback);

/// <summary>
/// One option of a choice item. In an authored key, <paramref name="Key"/> is stable ("a" for the first authored choice, "b", ...)
/// whatever order it is shown in; a <see cref="ChoicePresentation"/> shows it under a random key.
/// <paramref name="Pinned"/> options keep their place after the shuffled ones ("All of the above").
/// </summary>
public sealed record Choice(string Key, string Text, bool IsCorrect, string? Feedback, bool Pinned = false);

/// <summary>
/// The answer key of one concrete item: it judges a learner's response. It never leaves the server
/// before the learner has answered.
/// </summary>
public abstract record AnswerKey
{
    /// <summary>The item kind this key checks.</summary>
    public abstract ItemKind Kind { get; }

    /// <summary>A response this key accepts: what a learner would type or pick to be right.</summary>
    public abstract string CanonicalResponse { get; }

    /// <summary>The correct answer as shown to the learner after they submit.</summary>
    public virtual string DisplayAnswer => CanonicalResponse;

    /// <summary>Judges <paramref name="response"/>.</summary>
    public abstract AnswerResult Check(string response);

    /// <summary>Problems with the key itself (a misconception equal to the answer, no correct choice, ...). Empty when sound.</summary>
    public abstract IReadOnlyList<string> Validate();

    /// <summary>Every feedback message the key can show, for checking that each renders.</summary>
    public abstract IEnumerable<string> FeedbackTexts { get; }
}

/// <summary>
/// Single choice or multiple select. A response is the chosen keys, separated by commas or spaces. A wrong choice's
/// <see cref="AnswerResult.Misconception"/> is its key: stable when the key is the authored one.
/// </summary>
public sealed record ChoiceAnswerKey(IReadOnlyList<Choice> Choices, bool MultipleSelect) : AnswerKey
{
    /// <inheritdoc/>
    public override ItemKind Kind => MultipleSelect ? ItemKind.MultipleSelect : ItemKind.SingleChoice;

    /// <inheritdoc/>
    public override IEnumerable<string> FeedbackTexts => Choices.Where(c => c.Feedback is not null).Select(c => c.Feedback!);

    /// <inheritdoc/>
    public override string CanonicalResponse => string.Join(",", Choices.Where(c => c.IsCorrect).Select(c => c.Key));

    /// <inheritdoc/>
    public override string DisplayAnswer => string.Join("; ", Choices.Where(c => c.IsCorrect).Select(c => c.Text));

    /// <inheritdoc/>
    public override AnswerResult Check(string response)
    {
        var picked = (response ?? string.Empty)
            .Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => k.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (picked.Count == 0)
        {
            return AnswerResult.Unreadable(MultipleSelect ? "Select at least one choice." : "Select a choice.");
        }

        var unknown = picked.FirstOrDefault(k => Choices.All(c => c.Key != k));
        if (unknown is not null)
        {
            return AnswerResult.Unreadable($"'{unknown}' is not one of the choices.");
        }

        if (!MultipleSelect && picked.Count > 1)
        {
            return AnswerResult.Unreadable("Select only one choice.");
        }

        var pickedChoices = Choices.Where(c => picked.Contains(c.Key)).ToList();
        var wrongPick = pickedChoices.FirstOrDefault(c => !c.IsCorrect);
        if (wrongPick is not null)
        {
            return new AnswerResult(AnswerOutcome.Incorrect, wrongPick.Feedback, wrongPick.Key);
        }

        var missed = Choices.Where(c => c.IsCorrect).Count(c => !picked.Contains(c.Key));
        return missed == 0
            ? AnswerResult.Right
            : new AnswerResult(AnswerOutcome.Incorrect, $"Not all the correct choices are selected: {missed} more to find.");
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var correct = Choices.Count(c => c.IsCorrect);
        if (Choices.Count < 2)
        {
            problems.Add("needs at least two choices");
        }

        if (correct == 0)
        {
            problems.Add("no choice is marked correct");
        }
        else if (!MultipleSelect && correct > 1)
        {
            problems.Add($"is ambiguous: {correct} choices are marked correct in a single-choice item");
        }

        var duplicates = Choices.GroupBy(c => TextAnswerKey.Normalize(c.Text, caseSensitive: false))
            .Where(g => g.Count() > 1)
            .ToList();
        foreach (var group in duplicates)
        {
            var kinds = group.Select(c => c.IsCorrect).Distinct().Count();
            problems.Add(kinds > 1
                ? $"a distractor equals the answer: '{group.First().Text}'"
                : $"has duplicate choices: '{group.First().Text}'");
        }

        if (Choices.Any(c => string.IsNullOrWhiteSpace(c.Text)))
        {
            problems.Add("has an empty choice");
        }

        return problems;
    }
}

/// <summary>
/// Short text matched against accepted alternatives after normalisation: surrounding space and final
/// punctuation dropped, inner space collapsed, case ignored unless <paramref name="CaseSensitive"/>.
/// </summary>
public sealed record TextAnswerKey(IReadOnlyList<string> Accepted, bool CaseSensitive, IReadOnlyList<Misconception> Misconceptions) : AnswerKey
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Text;

    /// <inheritdoc/>
    public override IEnumerable<string> FeedbackTexts => Misconceptions.Select(m => m.Feedback);

    /// <inheritdoc/>
    public override string CanonicalResponse => Accepted.Count > 0 ? Accepted[0] : string.Empty;

    /// <summary>The normal form two texts are compared in.</summary>
    public static string Normalize(string text, bool caseSensitive)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormKC).Trim();
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var ch in decomposed)
        {
            if (char.IsWhiteSpace(ch))
            {
                if (!lastWasSpace)
                {
                    sb.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            sb.Append(ch is '\u2019' or '\u2018' ? '\'' : ch is '\u201C' or '\u201D' ? '"' : ch);
        }

        var result = sb.ToString().TrimEnd('.', '!', '?', ';', ',', ' ');
        return caseSensitive ? result : result.ToLowerInvariant();
    }

    /// <inheritdoc/>
    public override AnswerResult Check(string response)
    {
        if (string.IsNullOrWhiteSpace(response))
        {
            return AnswerResult.Unreadable("Enter an answer.");
        }

        var normal = Normalize(response, CaseSensitive);
        if (Accepted.Any(a => Normalize(a, CaseSensitive) == normal))
        {
            return AnswerResult.Right;
        }

        for (var i = 0; i < Misconceptions.Count; i++)
        {
            if (Normalize(Misconceptions[i].Answer, CaseSensitive) == normal)
            {
                return new AnswerResult(AnswerOutcome.Incorrect, Misconceptions[i].Feedback, i.ToString(CultureInfo.InvariantCulture));
            }
        }

        return new AnswerResult(AnswerOutcome.Incorrect);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Accepted.Count == 0 || Accepted.All(a => Normalize(a, CaseSensitive).Length == 0))
        {
            problems.Add("has no accepted answer");
        }

        foreach (var m in Misconceptions)
        {
            if (Accepted.Any(a => Normalize(a, CaseSensitive) == Normalize(m.Answer, CaseSensitive)))
            {
                problems.Add($"a distractor equals the answer: misconception '{m.Answer}' is an accepted answer");
            }
        }

        return problems;
    }
}
