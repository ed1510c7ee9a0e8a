using System.Text.RegularExpressions;

namespace MasteryPath.Domain.Items;

/// <summary>
/// One showing of a choice item: the options in an order and under keys drawn from a per-attempt seed, so that
/// neither position nor key says anything about which option is right. Responses in shown keys are mapped back to
/// the authored keys ("a" = the first authored choice), which are what gets checked and stored.
/// </summary>
public sealed partial class ChoicePresentation
{
    /// <summary>Characters of a shown key: lower-case letters and digits without the look-alikes l, o, 0 and 1.</summary>
    private const string KeyAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>Length of every shown key: the same for every option, so the key's shape says nothing.</summary>
    public const int KeyLength = 4;

    private readonly Dictionary<string, string> _toAuthored = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _toShown = new(StringComparer.Ordinal);

    private ChoicePresentation(ChoiceAnswerKey authored, ChoiceAnswerKey shown)
    {
        Authored = authored;
        Shown = shown;
    }

    /// <summary>The key as authored: choices in course-file order under their stable keys.</summary>
    public ChoiceAnswerKey Authored { get; }

    /// <summary>The key as shown: choices in the order shown, under the shown keys. It checks shown-key responses.</summary>
    public ChoiceAnswerKey Shown { get; }

    /// <summary>
    /// The presentation for <paramref name="seed"/>: every choice that is not pinned moves to a random place; pinned
    /// choices ("all of the above") follow them in authored order. Every choice gets a fresh random key.
    /// </summary>
    public static ChoicePresentation Of(ChoiceAnswerKey authored, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(authored);
        var random = new DeterministicRandom(seed ^ 0x5EED_C401_CE5UL);
        var movable = authored.Choices.Where(c => !c.Pinned).ToList();
        for (var i = movable.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (movable[i], movable[j]) = (movable[j], movable[i]);
        }

        var order = movable.Concat(authored.Choices.Where(c => c.Pinned)).ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var shownChoices = new List<Choice>(order.Count);
        var keys = new List<(string Shown, string Authored)>(order.Count);
        foreach (var choice in order)
        {
            string key;
            do
            {
                key = string.Concat(Enumerable.Range(0, KeyLength).Select(_ => KeyAlphabet[random.Next(KeyAlphabet.Length)]));
            }
            while (!used.Add(key));

            shownChoices.Add(choice with { Key = key });
            keys.Add((key, choice.Key));
        }

        var presentation = new ChoicePresentation(authored, authored with { Choices = shownChoices });
        foreach (var (shown, stable) in keys)
        {
            presentation._toAuthored[shown] = stable;
            presentation._toShown[stable] = shown;
        }

        return presentation;
    }

    /// <summary>
    /// The response in authored keys, sorted in authored order ("a,c"); null when it names a key that is not shown
    /// (an authored key such as "a" is not accepted: it would let a guess by course-file order through).
    /// </summary>
    public string? ToAuthored(string response)
    {
        var picked = Split(response);
        if (picked.Any(k => !_toAuthored.ContainsKey(k)))
        {
            return null;
        }

        return string.Join(",", picked.Select(k => _toAuthored[k]).Distinct(StringComparer.Ordinal).OrderBy(IndexOf));
    }

    /// <summary>An authored-key response ("a,c") in the keys shown in this presentation; unknown keys are dropped.</summary>
    public string ToShown(string authoredResponse) =>
        string.Join(",", Split(authoredResponse).Where(_toShown.ContainsKey).Select(k => _toShown[k]));

    /// <summary>The authored key behind a shown key, or null.</summary>
    public string? AuthoredKeyOf(string shownKey) => _toAuthored.GetValueOrDefault(shownKey);

    /// <summary>
    /// True for an option that only makes sense in the last place: "All of the above", "None of these", "Both of the
    /// above", "Neither". Such options are pinned after the shuffled ones.
    /// </summary>
    public static bool IsCatchAll(string text) => CatchAll().IsMatch(text ?? string.Empty);

    private int IndexOf(string authoredKey)
    {
        for (var i = 0; i < Authored.Choices.Count; i++)
        {
            if (Authored.Choices[i].Key == authoredKey)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static string[] Split(string response) =>
        (response ?? string.Empty).Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^\W*((all|none|both|neither)\s+(of\s+)?(the\s+)?(above|these|them|those)\b|(both|neither)\W*$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CatchAll();
}
