using System.Globalization;
using MasteryPath.Data;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// A learner's evidence on one skill told as a story a teacher reads at a glance:
/// "3 wrong in a row (same misconception: …) → hint → right → mastery check 4/5: passed".
/// </summary>
public static class EvidenceStory
{
    /// <summary>The story of <paramref name="entries"/> (oldest first), or an empty string when there is none.</summary>
    public static string Tell(IReadOnlyList<EvidenceEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var steps = new List<string>();
        var i = 0;
        while (i < entries.Count)
        {
            var e = entries[i];
            if (e.Correct is null)
            {
                steps.Add(e.Kind.ToLowerInvariant());
                i++;
                continue;
            }

            if (e.Kind == "Mastery check")
            {
                var end = i;
                while (end + 1 < entries.Count && entries[end + 1].Kind == "Mastery check" && entries[end].CheckOutcome == CheckOutcome.None)
                {
                    end++;
                }

                var check = entries.Skip(i).Take(end - i + 1).ToList();
                var outcome = check[^1].CheckOutcome switch
                {
                    CheckOutcome.Passed => ": passed",
                    CheckOutcome.Failed => ": not passed",
                    _ => " so far",
                };
                steps.Add($"mastery check {check.Count(c => c.Correct == true)}/{check.Count}{outcome}");
                i = end + 1;
                continue;
            }

            if (e.UsedHint)
            {
                // Hints (or the worked solution) the learner asked for before answering; a solution shown after a
                // repeated wrong answer belongs to that answer's feedback, not to the story.
                steps.Add(e.HintsShown switch { 0 => "worked solution", 1 => "hint", var n => $"{n} hints" });
            }

            // A run of answers with the same outcome, none of them after a hint (a hint starts a new step).
            var run = i;
            while (run + 1 < entries.Count && entries[run + 1].Correct == e.Correct && entries[run + 1].Kind == e.Kind && !entries[run + 1].UsedHint)
            {
                run++;
            }

            var answers = entries.Skip(i).Take(run - i + 1).ToList();
            var where = e.Kind is "Practice" ? string.Empty : $" ({e.Kind.ToLowerInvariant()})";
            var what = e.Correct.Value ? "right" : "wrong";
            var text = answers.Count == 1 ? what + where : $"{answers.Count.ToString(CultureInfo.InvariantCulture)} {what} in a row{where}";
            if (!e.Correct.Value)
            {
                var misconceptions = answers.Where(a => a.Misconception is not null).Select(a => (a.DefinitionId, a.Misconception)).Distinct().ToList();
                var feedback = answers.LastOrDefault(a => a.Misconception is not null)?.Feedback;
                if (misconceptions.Count == 1 && feedback is not null)
                {
                    text += answers.Count > 1 && answers.All(a => a.Misconception is not null)
                        ? $" (same misconception: {ClassAlarms.Shorten(feedback)})"
                        : $" (misconception: {ClassAlarms.Shorten(feedback)})";
                }
            }

            steps.Add(text);
            i = run + 1;
        }

        return string.Join(" → ", steps);
    }
}
