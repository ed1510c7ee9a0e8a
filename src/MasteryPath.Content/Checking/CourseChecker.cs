using MasteryPath.Content.Loading;
using MasteryPath.Content.Markdown;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Content.Checking;

/// <summary>
/// What <see cref="CourseChecker"/> found. <see cref="Diagnostics"/> holds the problems to show, in file order: at most
/// <see cref="ErrorLimit"/> errors and as many warnings; the rest are only counted.
/// </summary>
public sealed record CheckReport(CourseLoadResult Load, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyDictionary<SkillId, int> DistinctVariants)
{
    /// <summary>The most errors (and, separately, warnings) listed in <see cref="Diagnostics"/>; reaching it stops the check.</summary>
    public int ErrorLimit { get; init; } = CourseChecker.DefaultErrorLimit;

    /// <summary>Errors found but not listed.</summary>
    public int SuppressedErrors { get; init; }

    /// <summary>Warnings found but not listed.</summary>
    public int SuppressedWarnings { get; init; }

    /// <summary>Items and templates left unchecked because the error limit was reached first.</summary>
    public int UncheckedItems { get; init; }

    /// <summary>True when the check stopped at <see cref="ErrorLimit"/>: problems were left out, or items left unchecked.</summary>
    public bool Stopped => SuppressedErrors > 0 || SuppressedWarnings > 0 || UncheckedItems > 0;

    /// <summary>Errors found (listed or not).</summary>
    public int Errors => Diagnostics.Count(d => d.Severity == Severity.Error) + SuppressedErrors;

    /// <summary>Warnings found (listed or not).</summary>
    public int Warnings => Diagnostics.Count(d => d.Severity == Severity.Warning) + SuppressedWarnings;

    /// <summary>When <see cref="Stopped"/>: one line saying so, with how much was left out; otherwise null.</summary>
    public string? StopNote => !Stopped ? null :
        $"stopped after {ErrorLimit} errors: {Count(SuppressedErrors, "more error")} and {Count(SuppressedWarnings, "more warning")} not shown" +
        (UncheckedItems > 0 ? $"; {Count(UncheckedItems, "item or template", "items and templates")} not checked" : string.Empty);

    private static string Count(int n, string one, string? many = null) =>
        $"{n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} {(n == 1 ? one : many ?? one + "s")}";

    /// <summary>One line: "&lt;course&gt;: N skills, N items, N templates, N tasks: N errors, N warnings".</summary>
    public string Summary =>
        $"{Load.Course?.Id ?? Load.Root}: {Load.SkillCount} skills, {Load.ItemCount} items, {Load.TemplateCount} templates, {Load.TaskCount} tasks: " +
        $"{Errors} error{(Errors == 1 ? string.Empty : "s")}, {Warnings} warning{(Warnings == 1 ? string.Empty : "s")}";
}

/// <summary>
/// Checks a course folder: everything the loader checks (syntax, ids, prerequisites, cycles, sections),
/// then every item and template, sampling many seeds per template: each variant must build, its stated
/// answer must pass its own checker, no distractor may equal the answer, choices must be distinct, its
/// Markdown and math must render, its prompt must state every form its checker demands and vice versa
/// (<see cref="FormChecks"/>); and each skill must offer enough distinct variants for practice plus
/// a mastery check.
/// </summary>
public static class CourseChecker
{
    /// <summary>Seeds sampled per template.</summary>
    public const int SeedsPerTemplate = 200;

    /// <summary>The default <see cref="CheckReport.ErrorLimit"/>: past this many errors more only bury the first ones.</summary>
    public const int DefaultErrorLimit = 200;

    /// <summary>Checks the course in <paramref name="folder"/>, stopping once <paramref name="errorLimit"/> errors are found.</summary>
    public static CheckReport Check(string folder, int errorLimit = DefaultErrorLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(errorLimit, 1);
        var load = CourseLoader.Load(folder);
        var diagnostics = new List<Diagnostic>(load.Diagnostics);
        // Items are checked even when the course has other errors, so one run shows every problem, up to the limit.
        var (variants, skipped) = CheckItems(load, diagnostics, errorLimit);

        var ordered = diagnostics
            .Distinct()
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
        var errors = ordered.Where(d => d.Severity == Severity.Error).Take(errorLimit).ToHashSet();
        var warnings = ordered.Where(d => d.Severity == Severity.Warning).Take(errorLimit).ToHashSet();
        var shown = ordered.Where(d => errors.Contains(d) || warnings.Contains(d)).ToList();
        return new CheckReport(load, shown, variants)
        {
            ErrorLimit = errorLimit,
            SuppressedErrors = ordered.Count(d => d.Severity == Severity.Error) - errors.Count,
            SuppressedWarnings = ordered.Count(d => d.Severity == Severity.Warning) - warnings.Count,
            UncheckedItems = skipped,
        };
    }

    private static (Dictionary<SkillId, int> Variants, int Unchecked) CheckItems(CourseLoadResult load, List<Diagnostic> diagnostics, int errorLimit)
    {
        var sources = load.Sources;
        var distinct = load.SkillDefinitions.DistinctBy(s => s.Id).ToDictionary(s => s.Id, _ => new HashSet<string>(StringComparer.Ordinal));
        var errors = diagnostics.Count(d => d.Severity == Severity.Error);
        for (var i = 0; i < load.ItemDefinitions.Count; i++)
        {
            if (errors >= errorLimit)
            {
                // The variant counts per skill are incomplete now, so 'too-few-variants' would be wrong: skip it too.
                return (distinct.ToDictionary(p => p.Key, p => p.Value.Count), load.ItemDefinitions.Count - i);
            }

            var before = diagnostics.Count;
            var definition = load.ItemDefinitions[i];
            var source = sources.Items[definition.Id];
            diagnostics.AddRange(FormChecks.Check(definition, source));
            var generator = new ItemGenerator(definition);
            var reported = new HashSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var choiceKeys = new List<ChoiceAnswerKey>();
            var seeds = definition.IsTemplate ? SeedsPerTemplate : 1;
            for (long seed = 1; seed <= seeds; seed++)
            {
                var problems = CheckVariant(generator, seed, out var fingerprint, out var field, out var key);
                foreach (var (code, message, at) in problems)
                {
                    // One report per kind of problem per template is enough to fix it.
                    if (reported.Add(code + at))
                    {
                        var which = definition.IsTemplate ? $"template '{definition.Id}' (seed {seed})" : $"item '{definition.Id}'";
                        diagnostics.Add(new Diagnostic(Severity.Error, source.Find(at ?? field), code, $"{which}: {message}"));
                    }
                }

                if (fingerprint is not null && problems.Count == 0)
                {
                    if (key is ChoiceAnswerKey choices)
                    {
                        choiceKeys.Add(choices);
                    }

                    seen.Add(fingerprint);
                    if (distinct.TryGetValue(definition.PrimarySkill, out var forSkill))
                    {
                        forSkill.Add(fingerprint);
                    }
                }
            }

            GiveawayCheck.Check(definition, source, choiceKeys, diagnostics);
            if (definition.IsTemplate && seen.Count > 0 && seen.Count < 5)
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, source.Location, "few-variants", $"template '{definition.Id}' produced only {seen.Count} distinct variant(s) in {SeedsPerTemplate} seeds; widen its ranges"));
            }

            errors += diagnostics.Skip(before).Count(d => d.Severity == Severity.Error);
        }

        var mastery = load.Mastery;
        var required = mastery.RequiredVariants;
        foreach (var skill in load.SkillDefinitions.DistinctBy(s => s.Id))
        {
            var count = distinct[skill.Id].Count;
            if (count < required)
            {
                diagnostics.Add(new Diagnostic(
                    Severity.Error,
                    sources.Skills[skill.Id.Value],
                    "too-few-variants",
                    $"skill '{skill.Id}' offers {count} distinct item variant(s); practice ({mastery.PracticeVariants}) plus a mastery check ({mastery.CheckItems}) need {required}: add items or templates with wider ranges"));
            }
        }

        return (distinct.ToDictionary(p => p.Key, p => p.Value.Count), 0);
    }

    private static List<(string Code, string Message, string? Field)> CheckVariant(ItemGenerator generator, long seed, out string? fingerprint, out string field, out AnswerKey? key)
    {
        var problems = new List<(string, string, string?)>();
        fingerprint = null;
        key = null;
        field = "prompt";
        Item item;
        try
        {
            item = generator.Instantiate(seed);
        }
        catch (TemplateException ex)
        {
            var code = ex.Field == "constraints" ? "unsatisfiable-template"
                : ex.Field.StartsWith("verify", StringComparison.Ordinal) ? "wrong-answer"
                : "invalid-variant";
            problems.Add((code, $"{ex.Field}: {ex.Message}", ex.Field));
            return problems;
        }

        key = item.Key;

        foreach (var problem in item.Key.Validate())
        {
            var code = problem.StartsWith("a distractor equals", StringComparison.Ordinal) ? "distractor-equals-answer"
                : problem.StartsWith("is ambiguous", StringComparison.Ordinal) ? "ambiguous-variant"
                : problem.StartsWith("has duplicate choices", StringComparison.Ordinal) ? "duplicate-choices"
                : "invalid-variant";
            var at = item.Kind is ItemKind.SingleChoice or ItemKind.MultipleSelect ? "choices" : problem.Contains("misconception", StringComparison.Ordinal) ? "misconceptions" : "answer";
            problems.Add((code, problem, at));
        }

        if (problems.Count == 0)
        {
            var verdict = item.Key.Check(item.Key.CanonicalResponse);
            if (!verdict.IsCorrect)
            {
                problems.Add(("answer-fails-checker", $"its stated answer '{item.Key.CanonicalResponse}' is judged {verdict.Outcome.ToString().ToLowerInvariant()} by its own checker{(verdict.Feedback is null ? string.Empty : $" ({verdict.Feedback})")}", "answer"));
            }
        }

        var texts = new List<(string Field, string Text)> { ("prompt", item.Prompt), ("solution", item.Solution) };
        texts.AddRange(item.Hints.Select((h, i) => ($"hints[{i}]", h)));
        if (item.Key is ChoiceAnswerKey choices)
        {
            texts.AddRange(choices.Choices.Select(c => ($"choices[{c.Key[0] - 'a'}]", c.Text)));
        }

        if (item.Key is ChoiceAnswerKey withFeedback)
        {
            texts.AddRange(withFeedback.Choices.Where(c => c.Feedback is not null).Select(c => ($"choices[{c.Key[0] - 'a'}].feedback", c.Feedback!)));
        }
        else
        {
            texts.AddRange(item.Key.FeedbackTexts.Select((f, i) => ($"misconceptions[{i}].feedback", f)));
        }

        foreach (var (textField, text) in texts)
        {
            if (text.Contains("[[", StringComparison.Ordinal) || text.Contains("]]", StringComparison.Ordinal))
            {
                problems.Add(("invalid-variant", $"{textField} still contains '[[' or ']]' after filling in parameters", textField));
            }

            foreach (var problem in CourseMarkdown.Validate(text))
            {
                problems.Add((problem.Code, $"{textField}: {problem.Message}", textField));
            }
        }

        if (problems.Count == 0)
        {
            var choiceText = item.Key is ChoiceAnswerKey c ? string.Join("|", c.Choices.Select(x => x.Text).Order(StringComparer.Ordinal)) : string.Empty;
            fingerprint = item.Prompt + "\n" + choiceText;
        }

        return problems;
    }
}
