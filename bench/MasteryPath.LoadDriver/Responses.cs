using System.Globalization;

namespace MasteryPath.LoadDriver;

/// <summary>
/// What a simulated learner types. It does not know the answer: it picks among the choices shown (right by chance)
/// or types a plausible value of the item's kind, mostly wrong. Any response the server reads is recorded as evidence,
/// which is all the load needs. Several candidates per kind, because a response of the wrong form (an expression where
/// an equation is asked) is unreadable and records nothing.
/// </summary>
internal static class Responses
{
    public static IReadOnlyList<string> Candidates(AttemptShown attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.Choices.Count > 0)
        {
            var keys = attempt.Choices.Select(c => c.Key).ToList();
            if (attempt.Kind == "multiple-select")
            {
                var picked = keys.Where(_ => random.Next(2) == 0).ToList();
                return [string.Join(',', picked.Count > 0 ? picked : [keys[random.Next(keys.Count)]]), keys[0]];
            }

            return [keys[random.Next(keys.Count)]];
        }

        var n = random.Next(-12, 25).ToString(CultureInfo.InvariantCulture);
        return attempt.Kind switch
        {
            "numeric" => [n, "0"],
            "fraction" => [$"{random.Next(1, 9)}/{random.Next(2, 10)}", n],
            "expression" => [$"{random.Next(1, 6)}x + {random.Next(1, 9)}", $"x = {n}", n, $"y = {random.Next(1, 5)}x + {n}"],
            _ => ["because the evidence shows it", n],
        };
    }
}
