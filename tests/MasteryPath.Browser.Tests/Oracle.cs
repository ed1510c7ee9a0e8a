using MasteryPath.Domain.Items;

namespace MasteryPath.Browser.Tests;

/// <summary>Responses a learner could give to an item, worked out from its answer key on the server side.</summary>
public static class Oracle
{
    /// <summary>A wrong answer that triggers a misconception's feedback, with that feedback; null when the item has none.</summary>
    public static (string Response, string Feedback)? Misconception(Item item)
    {
        if (item.Key is ChoiceAnswerKey choices)
        {
            return choices.Choices.FirstOrDefault(c => !c.IsCorrect && c.Feedback is not null) is { } choice
                ? (choice.Key, choice.Feedback!)
                : null;
        }

        IReadOnlyList<Misconception> misconceptions = item.Key switch
        {
            NumericAnswerKey k => k.Misconceptions,
            FractionAnswerKey k => k.Misconceptions,
            ExpressionAnswerKey k => k.Misconceptions,
            TextAnswerKey k => k.Misconceptions,
            _ => [],
        };
        return misconceptions
            .Where(m => item.Key.Check(m.Answer) is { Outcome: AnswerOutcome.Incorrect } result && result.Feedback == m.Feedback)
            .OrderBy(m => m.Feedback.Contains('$', StringComparison.Ordinal))
            .Select(m => ((string Response, string Feedback)?)(m.Answer, m.Feedback))
            .FirstOrDefault();
    }

    /// <summary>Any answer the key reads and judges wrong.</summary>
    public static string Wrong(Item item)
    {
        if (item.Key is ChoiceAnswerKey choices)
        {
            return choices.Choices.First(c => !c.IsCorrect).Key;
        }

        var candidates = new List<string>();
        if (Misconception(item) is { } misconception)
        {
            candidates.Add(misconception.Response);
        }

        candidates.AddRange(["0", "1", "-1", "987654", "7/3", "x", "x + 1", "zzz", item.Key.CanonicalResponse + "1"]);
        return candidates.FirstOrDefault(c => item.Key.Check(c).Outcome == AnswerOutcome.Incorrect)
            ?? throw new InvalidOperationException($"No wrong answer found for {item.Id} (key {item.Key.CanonicalResponse}).");
    }
}
