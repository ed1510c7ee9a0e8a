using System.Text.RegularExpressions;
using MasteryPath.Content.Loading;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Content.Checking;

/// <summary>
/// An item must state in its prompt every form its checker demands, and its checker must enforce every
/// form the prompt demands, nothing more and nothing less: a learner is judged only on what they were
/// asked. Two warnings: <c>form-not-checked</c> (the prompt asks for a form the checker lets through) and
/// <c>form-not-stated</c> (the checker demands a form the prompt never mentions).
/// </summary>
public static partial class FormChecks
{
    [GeneratedRegex(@"lowest terms|simplest form|in simplest|simplify|fully simplified", RegexOptions.IgnoreCase)]
    private static partial Regex LowestTermsWords();

    [GeneratedRegex(@"mixed number", RegexOptions.IgnoreCase)]
    private static partial Regex MixedNumberWords();

    [GeneratedRegex(@"\bor (as )?a mixed number|mixed number,? or\b", RegexOptions.IgnoreCase)]
    private static partial Regex MixedNumberAllowed();

    [GeneratedRegex(@"simplif|simplest|slope-intercept form|mx \+ b|using an exponent", RegexOptions.IgnoreCase)]
    private static partial Regex SimplifiedWords();

    [GeneratedRegex(@"standard form", RegexOptions.IgnoreCase)]
    private static partial Regex StandardFormWords();

    [GeneratedRegex(@"\bexpand|multiply out|\bdistribut|\bmultiply\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExpandedWords();

    [GeneratedRegex(@"positive exponent", RegexOptions.IgnoreCase)]
    private static partial Regex PositiveExponentWords();

    [GeneratedRegex(@"slope-intercept form|solve[ds]? for|in the form|\b([a-z])\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex SolvedForWords();

    [GeneratedRegex(@"decimal places?|nearest cent", RegexOptions.IgnoreCase)]
    private static partial Regex DecimalPlacesWords();

    /// <summary>Every disagreement between what <paramref name="item"/>'s prompt asks for and what its checker enforces.</summary>
    public static IEnumerable<Diagnostic> Check(ItemDefinition item, ItemSource source)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(source);
        var prompt = item.Prompt.Replace("**", string.Empty, StringComparison.Ordinal);
        var which = item.IsTemplate ? $"template '{item.Id}'" : $"item '{item.Id}'";
        var checks = new List<(string Form, string Field, bool Asked, bool Enforced)>();
        switch (item.Kind)
        {
            case ItemKind.Fraction:
                var mixedAsked = MixedNumberWords().IsMatch(prompt) && !MixedNumberAllowed().IsMatch(prompt);
                checks.Add(("lowest terms", "lowest-terms", LowestTermsWords().IsMatch(prompt), item.LowestTerms));
                checks.Add(("a mixed number", "mixed-number", mixedAsked, item.Forms.MixedNumber));
                break;
            case ItemKind.Expression:
                checks.Add(("a simplified answer", "simplified", SimplifiedWords().IsMatch(prompt), item.RequireSimplified));
                checks.Add(("standard form", "standard-form", StandardFormWords().IsMatch(prompt), item.Forms.StandardForm));
                checks.Add(("an expanded answer", "expanded", ExpandedWords().IsMatch(prompt), item.RequireExpanded));
                checks.Add(("positive exponents", "positive-exponents", PositiveExponentWords().IsMatch(prompt), item.RequirePositiveExponents));
                checks.Add(("an equation solved for a variable", "solved-for", SolvedForWords().IsMatch(prompt), item.SolvedFor is not null));
                break;
            case ItemKind.Numeric:
                checks.Add(("a number of decimal places", "decimal-places", DecimalPlacesWords().IsMatch(prompt), item.Forms.DecimalPlaces is not null));
                break;
        }

        foreach (var (form, field, asked, enforced) in checks)
        {
            if (asked && !enforced)
            {
                yield return new Diagnostic(Severity.Warning, source.Find("prompt"), "form-not-checked", $"{which}: the prompt asks for {form}, but '{field}' is not set, so any equivalent answer is accepted: set '{field}' or reword the prompt");
            }
            else if (enforced && !asked)
            {
                yield return new Diagnostic(Severity.Warning, source.Find(field), "form-not-stated", $"{which}: '{field}' demands {form}, but the prompt never asks for it: say so in the prompt or drop '{field}'");
            }
        }
    }
}
