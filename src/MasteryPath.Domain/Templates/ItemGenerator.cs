using System.Globalization;
using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Items;

namespace MasteryPath.Domain.Templates;

/// <summary>
/// A compiled item definition: every formula parsed once. <see cref="Instantiate"/> draws the variant
/// for a seed, the same variant for the same seed on every machine.
/// </summary>
public sealed class ItemGenerator
{
    /// <summary>How many draws a variant may reject on its constraints before the template is declared unsatisfiable.</summary>
    public const int MaxDraws = 1000;

    private readonly List<(ParameterSpec Spec, Expr? Formula)> _parameters = [];
    private readonly List<(string Field, Expr Formula)> _constraints = [];
    private readonly InterpolatedText _prompt;
    private readonly Expr? _answerFormula;
    private readonly InterpolatedText? _answerText;
    private readonly List<InterpolatedText> _accept = [];
    private readonly Expr? _tolerance;
    private readonly List<(InterpolatedText Text, InterpolatedText? Feedback)> _choices = [];
    private readonly List<(Expr? Formula, InterpolatedText? Text, InterpolatedText Feedback)> _misconceptions = [];
    private readonly List<InterpolatedText> _hints = [];
    private readonly List<(string Field, Expr Formula)> _verify = [];
    private readonly List<(string Field, InterpolatedText Text)> _verifyEquivalent = [];
    private readonly InterpolatedText _solution;

    /// <summary>Compiles <paramref name="definition"/>.</summary>
    /// <exception cref="TemplateException">Naming the field whose formula or text does not parse.</exception>
    public ItemGenerator(ItemDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in definition.Parameters)
        {
            var field = $"parameters.{p.Name}";
            if (!known.Add(p.Name))
            {
                throw new TemplateException(field, $"parameter '{p.Name}' is defined twice");
            }

            Expr? formula = null;
            switch (p)
            {
                case ComputedParameter c:
                    formula = Formula(field, c.Formula);
                    RequireKnown(field, formula.Variables(), known, p.Name);
                    break;
                case RangeParameter r when r.Step.Sign <= 0:
                    throw new TemplateException(field, "the step must be positive");
                case RangeParameter r when r.Min > r.Max:
                    throw new TemplateException(field, $"the range is empty: {r.Min} is above {r.Max}");
                case ChoiceParameter { Options.Count: 0 }:
                    throw new TemplateException(field, "the list of choices is empty");
            }

            _parameters.Add((p, formula));
        }

        for (var i = 0; i < definition.Constraints.Count; i++)
        {
            var field = $"constraints[{i}]";
            var formula = Formula(field, definition.Constraints[i]);
            RequireKnown(field, formula.Variables(), known, null);
            _constraints.Add((field, formula));
        }

        _prompt = Text("prompt", definition.Prompt, known);
        _solution = Text("solution", definition.Solution, known);
        for (var i = 0; i < definition.Hints.Count; i++)
        {
            _hints.Add(Text($"hints[{i}]", definition.Hints[i], known));
        }

        if (definition.VerifyFormulas.Count > 0 && definition.Kind is not (ItemKind.Numeric or ItemKind.Fraction or ItemKind.Expression))
        {
            throw new TemplateException("verify", "'verify' applies to numeric, fraction and expression items");
        }

        switch (definition.Kind)
        {
            case ItemKind.Numeric or ItemKind.Fraction:
                _answerFormula = Formula("answer", definition.Answer ?? throw new TemplateException("answer", "the answer is missing"));
                RequireKnown("answer", _answerFormula.Variables(), known, null);
                if (definition.Tolerance is not null)
                {
                    _tolerance = Formula("tolerance", definition.Tolerance);
                    RequireKnown("tolerance", _tolerance.Variables(), known, null);
                }

                var withAnswer = new HashSet<string>(known, StringComparer.Ordinal) { "answer" };
                for (var i = 0; i < definition.VerifyFormulas.Count; i++)
                {
                    var formula = Formula($"verify[{i}]", definition.VerifyFormulas[i]);
                    RequireKnown($"verify[{i}]", formula.Variables(), withAnswer, null);
                    _verify.Add(($"verify[{i}]", formula));
                }

                break;
            case ItemKind.Expression or ItemKind.Text:
                _answerText = Text("answer", definition.Answer ?? throw new TemplateException("answer", "the answer is missing"), known);
                if (definition.Kind == ItemKind.Expression)
                {
                    for (var i = 0; i < definition.VerifyFormulas.Count; i++)
                    {
                        _verifyEquivalent.Add(($"verify[{i}]", Text($"verify[{i}]", definition.VerifyFormulas[i], known)));
                    }
                }

                for (var i = 0; i < definition.Accept.Count; i++)
                {
                    _accept.Add(Text($"accept[{i}]", definition.Accept[i], known));
                }

                break;
            default:
                if (definition.Choices.Count == 0)
                {
                    throw new TemplateException("choices", "a choice item needs choices");
                }

                for (var i = 0; i < definition.Choices.Count; i++)
                {
                    var c = definition.Choices[i];
                    _choices.Add((Text($"choices[{i}].text", c.Text, known), c.Feedback is null ? null : Text($"choices[{i}].feedback", c.Feedback, known)));
                }

                break;
        }

        for (var i = 0; i < definition.Misconceptions.Count; i++)
        {
            var m = definition.Misconceptions[i];
            var field = $"misconceptions[{i}]";
            var feedback = Text($"{field}.feedback", m.Feedback, known);
            if (definition.Kind is ItemKind.Numeric or ItemKind.Fraction)
            {
                var formula = Formula($"{field}.answer", m.Answer);
                RequireKnown($"{field}.answer", formula.Variables(), known, null);
                _misconceptions.Add((formula, null, feedback));
            }
            else if (definition.Kind is ItemKind.Expression or ItemKind.Text)
            {
                _misconceptions.Add((null, Text($"{field}.answer", m.Answer, known), feedback));
            }
            else
            {
                throw new TemplateException(field, "choice items attach feedback to each choice, not as misconceptions");
            }
        }
    }

    /// <summary>The authored definition.</summary>
    public ItemDefinition Definition { get; }

    private static Expr Formula(string field, string text)
    {
        try
        {
            return ExpressionParser.Parse(text, ExpressionSyntax.Template);
        }
        catch (ExpressionException ex)
        {
            throw new TemplateException(field, $"the formula '{text}' does not parse: {ex.Message}") { Offset = ex.Position };
        }
    }

    private static InterpolatedText Text(string field, string text, HashSet<string> known)
    {
        InterpolatedText parsed;
        try
        {
            parsed = InterpolatedText.Parse(text);
        }
        catch (ExpressionException ex)
        {
            throw new TemplateException(field, ex.Message) { Offset = ex.Position };
        }

        RequireKnown(field, parsed.Names, known, null);
        return parsed;
    }

    private static void RequireKnown(string field, IEnumerable<string> names, HashSet<string> known, string? self)
    {
        foreach (var name in names)
        {
            if (!known.Contains(name) && name is not ("pi" or "true" or "false"))
            {
                var hint = name == self ? " (a parameter cannot use itself)" : known.Count == 0 ? " (this item has no parameters)" : $" (parameters: {string.Join(", ", known)})";
                throw new TemplateException(field, $"unknown parameter '{name}'{hint}");
            }
        }
    }

    /// <summary>Draws the parameter values for <paramref name="seed"/>, honouring the constraints.</summary>
    /// <exception cref="TemplateException">When a formula fails or the constraints reject <see cref="MaxDraws"/> draws.</exception>
    public IReadOnlyDictionary<string, Value> DrawParameters(long seed)
    {
        var random = new DeterministicRandom(unchecked((ulong)seed));
        for (var attempt = 0; attempt < MaxDraws; attempt++)
        {
            var values = new Dictionary<string, Value>(StringComparer.Ordinal);
            foreach (var (spec, formula) in _parameters)
            {
                values[spec.Name] = spec switch
                {
                    RangeParameter r => DrawRange(r, random, seed),
                    ChoiceParameter c => c.Options[random.Next(c.Options.Count)],
                    ComputedParameter => Evaluate($"parameters.{spec.Name}", formula!, values, seed),
                    _ => throw new TemplateException($"parameters.{spec.Name}", "unknown parameter kind", seed),
                };
            }

            var accepted = true;
            foreach (var (field, formula) in _constraints)
            {
                var result = Evaluate(field, formula, values, seed);
                if (result is not BoolValue b)
                {
                    throw new TemplateException(field, $"a constraint must be true or false, but this one is {result}", seed);
                }

                if (!b.Flag)
                {
                    accepted = false;
                    break;
                }
            }

            if (accepted)
            {
                return values;
            }
        }

        throw new TemplateException("constraints", $"the constraints rejected {MaxDraws} draws in a row; they are unsatisfiable or too strict for the ranges", seed);
    }

    private static Value DrawRange(RangeParameter r, DeterministicRandom random, long seed)
    {
        var steps = ((r.Max - r.Min) / r.Step).Floor();
        if (steps > 1_000_000_000)
        {
            throw new TemplateException($"parameters.{r.Name}", "the range has too many steps", seed);
        }

        for (var tries = 0; tries < 1000; tries++)
        {
            var k = random.NextInt64((long)steps + 1);
            var value = r.Min + (r.Step * k);
            if (!r.Exclude.Contains(value))
            {
                return Value.Of(value);
            }
        }

        throw new TemplateException($"parameters.{r.Name}", "every value of the range is excluded", seed);
    }

    private static Value Evaluate(string field, Expr formula, IReadOnlyDictionary<string, Value> values, long? seed) =>
        Guarded(field, seed, () => TemplateEvaluator.Evaluate(formula, values));

    private static string Render(string field, InterpolatedText text, IReadOnlyDictionary<string, Value> values, long? seed) =>
        Guarded(field, seed, () => text.Render(values));

    /// <summary>
    /// Every way an author's formula can fail — the evaluator's own errors and the arithmetic the runtime
    /// refuses (division by zero, overflow, out-of-range arguments) — becomes a <see cref="TemplateException"/>
    /// naming the field, so callers handle one exception type.
    /// </summary>
    private static T Guarded<T>(string field, long? seed, Func<T> evaluate)
    {
        try
        {
            return evaluate();
        }
        catch (ExpressionException ex)
        {
            throw new TemplateException(field, ex.Message, seed);
        }
        catch (DivideByZeroException)
        {
            throw new TemplateException(field, "division by zero", seed);
        }
        catch (Exception ex) when (ex is ArithmeticException or ArgumentException or FormatException)
        {
            throw new TemplateException(field, ex.Message, seed);
        }
    }

    /// <summary>The item for <paramref name="seed"/> (a fixed item ignores the seed).</summary>
    /// <exception cref="TemplateException">When the variant cannot be built.</exception>
    public Item Instantiate(long seed)
    {
        var d = Definition;
        long? variantSeed = d.IsTemplate ? seed : null;
        var values = d.IsTemplate ? DrawParameters(seed) : new Dictionary<string, Value>();
        var key = BuildKey(values, variantSeed);
        return new Item(
            d.IsTemplate ? $"{d.Id}@{seed.ToString(CultureInfo.InvariantCulture)}" : d.Id,
            d.Id,
            variantSeed,
            d.PrimarySkill,
            d.SecondarySkills,
            Render("prompt", _prompt, values, variantSeed),
            key,
            _hints.Select((h, i) => Render($"hints[{i}]", h, values, variantSeed)).ToList(),
            Render("solution", _solution, values, variantSeed),
            d.Difficulty);
    }

    private AnswerKey BuildKey(IReadOnlyDictionary<string, Value> values, long? variantSeed)
    {
        var d = Definition;
        List<Misconception> Misconceptions(Func<Value, string> write) =>
            _misconceptions.Select((m, i) => new Misconception(
                m.Formula is not null
                    ? write(Evaluate($"misconceptions[{i}].answer", m.Formula, values, variantSeed))
                    : Render($"misconceptions[{i}].answer", m.Text!, values, variantSeed),
                Render($"misconceptions[{i}].feedback", m.Feedback, values, variantSeed))).ToList();

        switch (d.Kind)
        {
            case ItemKind.Numeric:
                {
                    var answer = Evaluate("answer", _answerFormula!, values, variantSeed);
                    var tolerance = _tolerance is null ? 0 : Guarded("tolerance", variantSeed, () => TemplateEvaluator.AsDouble(Evaluate("tolerance", _tolerance, values, variantSeed)));
                    if (answer is not (ExactValue or RealValue))
                    {
                        throw new TemplateException("answer", $"a numeric answer must be a number, not '{answer}'", variantSeed);
                    }

                    if (answer is RealValue && _tolerance is null)
                    {
                        throw new TemplateException("answer", $"the answer {answer} is not exact (a root or pi): give the item a tolerance", variantSeed);
                    }

                    if (answer is ExactValue { Number.HasTerminatingDecimal: false } && _tolerance is null)
                    {
                        throw new TemplateException("answer", $"the answer {answer} has no finite decimal form: use the fraction kind or give a tolerance", variantSeed);
                    }

                    VerifyAnswer(answer, values, variantSeed);
                    return new NumericAnswerKey(TemplateEvaluator.AsDouble(answer), tolerance, WriteNumber(answer), Misconceptions(WriteExact), d.Forms.DecimalPlaces);
                }

            case ItemKind.Fraction:
                {
                    var answer = Evaluate("answer", _answerFormula!, values, variantSeed);
                    if (answer is not ExactValue exact)
                    {
                        throw new TemplateException("answer", $"a fraction answer must be exact, not '{answer}'", variantSeed);
                    }

                    VerifyAnswer(answer, values, variantSeed);
                    return new FractionAnswerKey(exact.Number, d.LowestTerms, Misconceptions(v => v is ExactValue e ? e.Number.ToString() : v.ToString()!), d.Forms.MixedNumber);
                }

            case ItemKind.Expression:
                {
                    var answer = Render("answer", _answerText!, values, variantSeed);
                    VerifyEquivalent(answer, values, variantSeed);
                    return new ExpressionAnswerKey(answer, d.RequireSimplified, Misconceptions(v => v.ToString()!), d.RequireExpanded, d.RequirePositiveExponents, d.SolvedFor, d.Forms.StandardForm, d.Forms.IgnoreVariableCase);
                }

            case ItemKind.Text:
                {
                    var accepted = new List<string> { Render("answer", _answerText!, values, variantSeed) };
                    accepted.AddRange(_accept.Select((a, i) => Render($"accept[{i}]", a, values, variantSeed)));
                    return new TextAnswerKey(accepted, d.CaseSensitive, Misconceptions(v => v.ToString()!));
                }

            default:
                {
                    // Authored order under stable keys; the order and keys a learner sees are drawn per attempt (ChoicePresentation).
                    var choices = _choices.Select((c, i) =>
                    {
                        var text = Render($"choices[{i}].text", c.Text, values, variantSeed);
                        return new Choice(
                            ChoiceKey(i),
                            text,
                            d.Choices[i].Correct,
                            c.Feedback is null ? null : Render($"choices[{i}].feedback", c.Feedback, values, variantSeed),
                            ChoicePresentation.IsCatchAll(text) || (!d.ShuffleChoices && i == _choices.Count - 1));
                    }).ToList();
                    return new ChoiceAnswerKey(choices, d.Kind == ItemKind.MultipleSelect);
                }
        }
    }

    private void VerifyEquivalent(string answer, IReadOnlyDictionary<string, Value> values, long? seed)
    {
        if (_verifyEquivalent.Count == 0)
        {
            return;
        }

        var key = ExpressionParser.TryParse(answer, ExpressionSyntax.Algebra, out _);
        foreach (var (field, text) in _verifyEquivalent)
        {
            var expected = Render(field, text, values, seed);
            var parsed = ExpressionParser.TryParse(expected, ExpressionSyntax.Algebra, out var error)
                ?? throw new TemplateException(field, $"the verification '{expected}' is not an expression: {error}", seed);
            if (key is null || !AlgebraicEquivalence.AreEquivalent(key, parsed))
            {
                throw new TemplateException(field, $"the stated answer '{answer}' is not equivalent to the verification '{expected}': the answer is wrong", seed);
            }
        }
    }

    private void VerifyAnswer(Value answer, IReadOnlyDictionary<string, Value> values, long? seed)
    {
        if (_verify.Count == 0)
        {
            return;
        }

        var withAnswer = new Dictionary<string, Value>(values, StringComparer.Ordinal) { ["answer"] = answer };
        for (var i = 0; i < _verify.Count; i++)
        {
            var (field, formula) = _verify[i];
            if (Evaluate(field, formula, withAnswer, seed) is not BoolValue { Flag: true })
            {
                throw new TemplateException(field, $"the stated answer {answer} fails the verification '{Definition.VerifyFormulas[i]}': the answer formula is wrong", seed);
            }
        }
    }

    /// <summary>The stable key of the choice at authored position <paramref name="index"/>: a, b, c, ...</summary>
    public static string ChoiceKey(int index) => ((char)('a' + index)).ToString();

    /// <summary>Exact values as n/d when they have no finite decimal, so no precision is lost.</summary>
    private static string WriteExact(Value value) => value is ExactValue e ? e.Number.ToDecimalString() : WriteNumber(value);

    private static string WriteNumber(Value value) => value switch
    {
        ExactValue e when e.Number.HasTerminatingDecimal => e.Number.ToDecimalString(),
        ExactValue e => System.Math.Round(e.Number.ToDouble(), 6).ToString(CultureInfo.InvariantCulture),
        RealValue r => System.Math.Round(r.Number, 6).ToString(CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
