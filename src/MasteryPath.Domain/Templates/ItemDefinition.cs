using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Math;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Templates;

/// <summary>A template parameter: how one named value is drawn for each variant.</summary>
public abstract record ParameterSpec(string Name);

/// <summary>A number drawn uniformly from Min, Min+Step, ..., Max, skipping <paramref name="Exclude"/>.</summary>
public sealed record RangeParameter(string Name, Rational Min, Rational Max, Rational Step, IReadOnlyList<Rational> Exclude) : ParameterSpec(Name);

/// <summary>One of a list of values (numbers or text), uniformly.</summary>
public sealed record ChoiceParameter(string Name, IReadOnlyList<Value> Options) : ParameterSpec(Name);

/// <summary>A value computed from earlier parameters by a formula.</summary>
public sealed record ComputedParameter(string Name, string Formula) : ParameterSpec(Name);

/// <summary>An authored choice; its text may contain [[formula]] interpolations.</summary>
public sealed record ChoiceDefinition(string Text, bool Correct, string? Feedback);

/// <summary>An authored misconception: a wrong answer (formula for numbers, text otherwise) and its feedback.</summary>
public sealed record MisconceptionDefinition(string Answer, string Feedback);

/// <summary>The written form an item demands beyond its kind's own flags; the prompt must say so too.</summary>
/// <param name="MixedNumber">Fraction kind: a value above 1 as a mixed number (3 5/6, not 23/6).</param>
/// <param name="StandardForm">Expression kind: a simplified polynomial in descending powers.</param>
/// <param name="DecimalPlaces">Numeric kind: the answer is rounded to this many places, and so must the learner's be.</param>
/// <param name="IgnoreVariableCase">Expression kind: X and x are the same variable (course.yaml `variable-case`, item override).</param>
public sealed record AnswerForm(bool MixedNumber = false, bool StandardForm = false, int? DecimalPlaces = null, bool IgnoreVariableCase = false)
{
    /// <summary>No demand beyond the kind's flags.</summary>
    public static AnswerForm None { get; } = new();
}

/// <summary>
/// An authored item or item template. A fixed item is a template without parameters: it has exactly
/// one variant. Text fields are Markdown with [[formula]] or [[formula|format]] interpolations.
/// </summary>
/// <param name="Id">Unique id in the course.</param>
/// <param name="Kind">How answers are checked.</param>
/// <param name="PrimarySkill">The skill it mainly assesses.</param>
/// <param name="SecondarySkills">Other skills it exercises.</param>
/// <param name="Parameters">Drawn in order for each variant; empty for a fixed item.</param>
/// <param name="Constraints">Formulas that must all be true for a drawn variant to be kept.</param>
/// <param name="Prompt">The question.</param>
/// <param name="Answer">Numeric and fraction: a formula. Expression and text: interpolated text. Choice kinds: unused.</param>
/// <param name="Accept">Text kind: further accepted answers (interpolated).</param>
/// <param name="Tolerance">Numeric kind: a formula for the absolute tolerance; null means exact.</param>
/// <param name="LowestTerms">Fraction kind: whether the answer must be written in lowest terms (default: any equal value).</param>
/// <param name="RequireSimplified">Expression kind: whether the answer must be simplified (no like terms, no operation left to carry out).</param>
/// <param name="CaseSensitive">Text kind: whether case matters.</param>
/// <param name="Choices">Choice kinds: the choices in authored order.</param>
/// <param name="Misconceptions">Feedback for specific wrong answers.</param>
/// <param name="Hints">Ordered hints.</param>
/// <param name="Solution">A worked solution.</param>
/// <param name="Difficulty">Optional difficulty 1–5.</param>
/// <param name="ShuffleChoices">
/// Choice kinds: true (the default) shuffles every choice per attempt except catch-alls ("All of the above"), which stay
/// last; false also keeps the last authored choice last (for a catch-all worded otherwise). No order is ever fully fixed:
/// a fixed position would give the answer away.
/// </param>
/// <param name="RequireExpanded">Expression kind: whether an equivalent answer that still multiplies out a sum is wrong.</param>
/// <param name="RequirePositiveExponents">Expression kind: whether an answer with a negative exponent is wrong.</param>
/// <param name="SolvedFor">Expression kind: the variable the answer equation must be solved for ("y" for y = mx + b).</param>
/// <param name="Exercises">
/// Prerequisites of the primary skill that answering it really takes (negative numbers, fractions...): a right
/// answer in the placement backs them and their own prerequisites, and no other ancestor. Null or empty: the
/// item exercises its own skill only (see docs/adr/0014).
/// </param>
/// <param name="Verify">
/// An independent proof of the stated answer. Numeric and fraction kinds: formulas over the parameters and
/// <c>answer</c> that must all be true (e.g. substituting a solution back into its equation). Expression
/// kind: interpolated expressions the answer must be equivalent to (e.g. the unexpanded product).
/// </param>
/// <param name="Form">Further form demands (mixed number, standard form, decimal places, variable case).</param>
public sealed record ItemDefinition(
    string Id,
    ItemKind Kind,
    SkillId PrimarySkill,
    IReadOnlyList<SkillId> SecondarySkills,
    IReadOnlyList<ParameterSpec> Parameters,
    IReadOnlyList<string> Constraints,
    string Prompt,
    string? Answer,
    IReadOnlyList<string> Accept,
    string? Tolerance,
    bool LowestTerms,
    bool RequireSimplified,
    bool CaseSensitive,
    IReadOnlyList<ChoiceDefinition> Choices,
    IReadOnlyList<MisconceptionDefinition> Misconceptions,
    IReadOnlyList<string> Hints,
    string Solution,
    int? Difficulty,
    bool ShuffleChoices = true,
    IReadOnlyList<string>? Verify = null,
    bool RequireExpanded = false,
    bool RequirePositiveExponents = false,
    string? SolvedFor = null,
    AnswerForm? Form = null,
    IReadOnlyList<SkillId>? Exercises = null)
{
    /// <summary>The further form demands (never null).</summary>
    public AnswerForm Forms => Form ?? AnswerForm.None;

    /// <summary>The prerequisites the item exercises (never null).</summary>
    public IReadOnlyList<SkillId> ExercisedSkills => Exercises ?? [];

    /// <summary>The verification formulas (never null).</summary>
    public IReadOnlyList<string> VerifyFormulas => Verify ?? [];

    /// <summary>True for a template (it has parameters); false for a fixed item.</summary>
    public bool IsTemplate => Parameters.Count > 0;
}
