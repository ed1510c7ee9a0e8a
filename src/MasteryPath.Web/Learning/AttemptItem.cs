using System.Text.RegularExpressions;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Items;

namespace MasteryPath.Web.Learning;

/// <summary>
/// The item of an attempt as its learner sees it: the variant drawn from the attempt's seed and, for a choice item,
/// the options in the order and under the keys drawn from its presentation seed. It judges responses written in
/// those keys and turns them into what is stored: choices by their authored keys, stable whatever was shown.
/// </summary>
public sealed partial class AttemptItem
{
    private AttemptItem(Item item, ChoicePresentation? choices)
    {
        Item = item;
        Choices = choices;
    }

    /// <summary>The item as shown: for a choice item, its key holds the shown keys in the shown order.</summary>
    public Item Item { get; }

    /// <summary>The presentation of a choice item; null for other kinds.</summary>
    public ChoicePresentation? Choices { get; }

    /// <exception cref="LearningException">When the item is no longer in the course.</exception>
    public static AttemptItem For(Course course, Attempt attempt)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(attempt);
        if (!course.Generators.TryGetValue(attempt.DefinitionId, out var generator))
        {
            throw LearningException.NotFound($"The question '{attempt.DefinitionId}' is no longer in the course.");
        }

        var item = generator.Instantiate(attempt.Seed);
        if (item.Key is not ChoiceAnswerKey authored)
        {
            return new AttemptItem(item, null);
        }

        var presentation = ChoicePresentation.Of(authored, unchecked((ulong)attempt.PresentationSeed));
        return new AttemptItem(item with { Key = presentation.Shown }, presentation);
    }

    /// <summary>
    /// The verdict on <paramref name="response"/> (in shown keys for a choice item) and the response to store: choices by
    /// their authored keys, other kinds as typed. Text that reads like "I don't know", or words in a box for a number
    /// or an expression, is unreadable with a plain message, never counted as a wrong answer.
    /// </summary>
    public (AnswerResult Verdict, string Recorded) Judge(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (Choices is not null)
        {
            if (string.IsNullOrWhiteSpace(response))
            {
                return (Choices.Shown.Check(response), response);
            }

            var authored = Choices.ToAuthored(response);
            return authored is null
                ? (AnswerResult.Unreadable("That is not one of the choices shown: pick one of them."), response)
                : (Choices.Authored.Check(authored), authored);
        }

        var kind = Item.Kind;
        if (SaysDontKnow().IsMatch(response))
        {
            return (AnswerResult.Unreadable("That reads like “I don't know”, which is fine: press the “I don't know” button instead of typing it."), response);
        }

        if (kind is ItemKind.Numeric or ItemKind.Fraction or ItemKind.Expression && Words().IsMatch(response))
        {
            return (AnswerResult.Unreadable($"Could not read that as {What(kind)}: type only {Example(kind)}, without words."), response);
        }

        var verdict = Item.Key.Check(response);
        return verdict.Outcome == AnswerOutcome.Unreadable
            ? (AnswerResult.Unreadable(Plain(verdict.Feedback, kind)), response)
            : (verdict, response);
    }

    /// <summary>A stored response in the keys this learner was shown (choices), or as stored (other kinds).</summary>
    public string Shown(string? recorded) =>
        recorded is null ? string.Empty : Choices is null ? recorded : Choices.ToShown(recorded);

    /// <summary>The options a stored choice response picked, in the order shown; empty for other kinds.</summary>
    public IReadOnlyList<Choice> Picked(string? recorded)
    {
        if (Choices is null || recorded is null)
        {
            return [];
        }

        var keys = Choices.ToShown(recorded).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return Choices.Shown.Choices.Where(c => keys.Contains(c.Key)).ToList();
    }

    private static string What(ItemKind kind) => kind switch
    {
        ItemKind.Numeric => "a number",
        ItemKind.Fraction => "a number or a fraction",
        _ => "an expression",
    };

    private static string Example(ItemKind kind) => kind switch
    {
        ItemKind.Numeric => "the number, like 12 or -3.5",
        ItemKind.Fraction => "the number, like 3/4 or 1 1/2",
        _ => "the expression, like 3x + 2",
    };

    /// <summary>
    /// A checker's message without the parser's quoting of single characters (a quote in quotes reads as ''''), and
    /// introduced plainly when it does not say what went wrong on its own.
    /// </summary>
    private static string Plain(string? message, ItemKind kind)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return $"Could not read that as {What(kind)}.";
        }

        return QuotedCharacter().Replace(message, m => $"“{m.Groups[1].Value}”");
    }

    [GeneratedRegex(@"\b(i\s*)?(do\s*n[o']?t|dont|do not)\s*know\b|^\W*idk\W*$|\bno\s+(idea|clue)\b|\bnot\s+sure\b|\bgive\s+up\b|^\s*\?+\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SaysDontKnow();

    [GeneratedRegex(@"\p{L}{2,}\s+\p{L}{2,}|\p{L}['’]\p{L}", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    [GeneratedRegex(@"'(.)'")]
    private static partial Regex QuotedCharacter();
}
