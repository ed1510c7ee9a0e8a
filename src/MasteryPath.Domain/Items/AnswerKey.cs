using System.Globalization;
using System.Text;
using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Math;

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

/// <summary>A number, correct when within <paramref name="Tolerance"/> of <paramref name="Value"/>.</summary>
public sealed record NumericAnswerKey(double Value, double Tolerance, string Written, IReadOnlyList<Misconception> Misconceptions) : AnswerKey
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Numeric;

    /// <inheritdoc/>
    public override IEnumerable<string> FeedbackTexts => Misconceptions.Select(m => m.Feedback);

    /// <inheritdoc/>
    public override string CanonicalResponse => Written;

    private bool Matches(double candidate, double target) =>
        System.Math.Abs(candidate - target) <= Tolerance + (1e-9 * System.Math.Abs(target)) + 1e-15;

    /// <summary>
    /// A misconception written as a fraction without a finite decimal (7/3) also matches the learner's
    /// rounding of it (2.33), so the feedback still reaches them; the right answer has been ruled out first.
    /// </summary>
    private bool MatchesMisconception(double candidate, WrittenNumber wrong) =>
        Matches(candidate, wrong.Value.ToDouble())
        || (!wrong.Value.HasTerminatingDecimal && System.Math.Abs(candidate - wrong.Value.ToDouble()) <= 0.006 * System.Math.Max(1, System.Math.Abs(wrong.Value.ToDouble())));

    /// <inheritdoc/>
    public override AnswerResult Check(string response)
    {
        var number = NumberReader.TryRead(response, out var error);
        if (number is null)
        {
            return AnswerResult.Unreadable(error!);
        }

        var value = number.Value.ToDouble();
        if (Matches(value, Value))
        {
            return AnswerResult.Right;
        }

        for (var i = 0; i < Misconceptions.Count; i++)
        {
            var wrong = NumberReader.TryRead(Misconceptions[i].Answer, out _);
            if (wrong is not null && MatchesMisconception(value, wrong))
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
        if (!double.IsFinite(Value))
        {
            problems.Add("the answer is not a finite number");
        }

        if (Tolerance < 0)
        {
            problems.Add("the tolerance is negative");
        }

        foreach (var m in Misconceptions)
        {
            var wrong = NumberReader.TryRead(m.Answer, out var error);
            if (wrong is null)
            {
                problems.Add($"misconception answer '{m.Answer}' is not a number: {error}");
            }
            else if (Matches(wrong.Value.ToDouble(), Value))
            {
                problems.Add($"a distractor equals the answer: misconception '{m.Answer}' is accepted as correct");
            }
        }

        return problems;
    }
}

/// <summary>An exact fraction. With <paramref name="LowestTerms"/>, 6/8 for 3/4 is wrong (and told so).</summary>
public sealed record FractionAnswerKey(Rational Value, bool LowestTerms, IReadOnlyList<Misconception> Misconceptions) : AnswerKey
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Fraction;

    /// <inheritdoc/>
    public override IEnumerable<string> FeedbackTexts => Misconceptions.Select(m => m.Feedback);

    /// <inheritdoc/>
    public override string CanonicalResponse => Value.ToString();

    /// <inheritdoc/>
    public override AnswerResult Check(string response)
    {
        var number = NumberReader.TryRead(response, out var error);
        if (number is null)
        {
            return AnswerResult.Unreadable(error!);
        }

        for (var i = 0; i < Misconceptions.Count; i++)
        {
            var wrong = NumberReader.TryRead(Misconceptions[i].Answer, out _);
            if (wrong is not null && wrong.Value == number.Value && wrong.Value != Value)
            {
                return new AnswerResult(AnswerOutcome.Incorrect, Misconceptions[i].Feedback, i.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (number.Value != Value)
        {
            return new AnswerResult(AnswerOutcome.Incorrect);
        }

        if (LowestTerms && number.Form == NumberForm.Decimal && !Value.IsInteger)
        {
            return new AnswerResult(AnswerOutcome.Incorrect, "That is the right value, but the answer should be written as a fraction.", "form");
        }

        if (LowestTerms && !number.InLowestTerms)
        {
            return new AnswerResult(AnswerOutcome.Incorrect, "That is the right value, but not in lowest terms: divide the numerator and denominator by their greatest common factor.", "form");
        }

        return AnswerResult.Right;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var m in Misconceptions)
        {
            var wrong = NumberReader.TryRead(m.Answer, out var error);
            if (wrong is null)
            {
                problems.Add($"misconception answer '{m.Answer}' is not a fraction: {error}");
            }
            else if (wrong.Value == Value && (!LowestTerms || wrong.InLowestTerms))
            {
                problems.Add($"a distractor equals the answer: misconception '{m.Answer}' is accepted as correct");
            }
        }

        return problems;
    }
}

/// <summary>
/// An algebraic expression or equation, correct when equivalent to <paramref name="Answer"/> (2(x+1) = 2x+2).
/// With <paramref name="RequireSimplified"/>, an equivalent answer longer than the key's (3x+2x for 5x) is
/// wrong, and told so; with <paramref name="RequireExpanded"/>, so is one that still multiplies out a sum
/// ((x+1)(x+2) for x²+3x+2).
/// </summary>
/// <param name="Answer">The key, in algebra notation.</param>
/// <param name="RequireSimplified">Reject equivalent answers longer than the key.</param>
/// <param name="Misconceptions">Feedback for specific wrong answers.</param>
/// <param name="RequireExpanded">Reject equivalent answers that still multiply out a sum.</param>
/// <param name="RequirePositiveExponents">Reject equivalent answers written with a negative exponent (x^-3 for 1/x^3).</param>
/// <param name="SolvedFor">When set (e.g. "y"), the answer must be an equation "y = ..." with y alone on the left and absent on the right.</param>
public sealed record ExpressionAnswerKey(
    string Answer,
    bool RequireSimplified,
    IReadOnlyList<Misconception> Misconceptions,
    bool RequireExpanded = false,
    bool RequirePositiveExponents = false,
    string? SolvedFor = null) : AnswerKey
{
    /// <summary>True when some power in <paramref name="expr"/> has a negative exponent.</summary>
    public static bool HasNegativeExponent(Expr expr) => expr switch
    {
        BinaryExpr { Operator: "^", Right: UnaryExpr { Operator: "-" } } => true,
        BinaryExpr { Operator: "^", Right: NumberExpr { Value.Sign: < 0 } } => true,
        BinaryExpr b => HasNegativeExponent(b.Left) || HasNegativeExponent(b.Right),
        UnaryExpr u => HasNegativeExponent(u.Operand),
        CallExpr c => c.Arguments.Any(HasNegativeExponent),
        _ => false,
    };

    /// <summary>True when <paramref name="expr"/> is "v = ..." with v absent from the right side.</summary>
    public static bool IsSolvedFor(Expr expr, string variable) =>
        expr is BinaryExpr { Operator: "=", Left: VariableExpr left } equation
        && left.Name == variable
        && !equation.Right.Variables().Contains(variable);

    /// <summary>True when no product or power in <paramref name="expr"/> still has a sum or difference as a factor.</summary>
    public static bool IsExpanded(Expr expr) => expr switch
    {
        BinaryExpr { Operator: "*" } b => !IsSum(b.Left) && !IsSum(b.Right) && IsExpanded(b.Left) && IsExpanded(b.Right),
        BinaryExpr { Operator: "^" } b => !IsSum(b.Left) && IsExpanded(b.Left),
        BinaryExpr b => IsExpanded(b.Left) && IsExpanded(b.Right),
        UnaryExpr u => IsExpanded(u.Operand),
        CallExpr c => c.Arguments.All(IsExpanded),
        _ => true,
    };

    private static bool IsSum(Expr expr) => expr switch
    {
        BinaryExpr { Operator: "+" or "-" } => true,
        UnaryExpr u => IsSum(u.Operand),
        _ => false,
    };

    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Expression;

    /// <inheritdoc/>
    public override IEnumerable<string> FeedbackTexts => Misconceptions.Select(m => m.Feedback);

    /// <inheritdoc/>
    public override string CanonicalResponse => Answer;

    /// <inheritdoc/>
    public override AnswerResult Check(string response)
    {
        if (string.IsNullOrWhiteSpace(response))
        {
            return AnswerResult.Unreadable("Enter an expression.");
        }

        if (response.Length > 200)
        {
            return AnswerResult.Unreadable("That expression is too long.");
        }

        var learner = ExpressionParser.TryParse(response, ExpressionSyntax.Algebra, out var error);
        if (learner is null)
        {
            return AnswerResult.Unreadable($"Could not read that expression: {error}");
        }

        var key = ExpressionParser.Parse(Answer, ExpressionSyntax.Algebra);
        if (AlgebraicEquivalence.AreEquivalent(learner, key))
        {
            if (SolvedFor is not null && !IsSolvedFor(learner, SolvedFor))
            {
                return new AnswerResult(AnswerOutcome.Incorrect, $"That is an equivalent equation, but it is not solved for {SolvedFor}: write it as {SolvedFor} = ...", "form");
            }

            if (RequirePositiveExponents && HasNegativeExponent(learner))
            {
                return new AnswerResult(AnswerOutcome.Incorrect, "That is equivalent, but it still has a negative exponent: rewrite it with positive exponents only.", "form");
            }

            if (RequireExpanded && !IsExpanded(learner))
            {
                return new AnswerResult(AnswerOutcome.Incorrect, "That is equivalent, but not expanded: multiply out every product of sums.", "form");
            }

            if (RequireSimplified && learner.Size > key.Size)
            {
                return new AnswerResult(AnswerOutcome.Incorrect, "That is equivalent, but not simplified: combine like terms and carry out the operations.", "form");
            }

            return AnswerResult.Right;
        }

        for (var i = 0; i < Misconceptions.Count; i++)
        {
            var wrong = ExpressionParser.TryParse(Misconceptions[i].Answer, ExpressionSyntax.Algebra, out _);
            if (wrong is not null && AlgebraicEquivalence.AreEquivalent(learner, wrong))
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
        var key = ExpressionParser.TryParse(Answer, ExpressionSyntax.Algebra, out var error);
        if (key is null)
        {
            problems.Add($"the answer '{Answer}' is not a valid expression: {error}");
            return problems;
        }

        if (SolvedFor is not null && !IsSolvedFor(key, SolvedFor))
        {
            problems.Add($"the answer '{Answer}' is not itself solved for {SolvedFor}");
        }

        if (RequirePositiveExponents && HasNegativeExponent(key))
        {
            problems.Add($"the answer '{Answer}' itself has a negative exponent");
        }

        if (RequireExpanded && !IsExpanded(key))
        {
            problems.Add($"the answer '{Answer}' is not itself expanded, but the item requires expanded answers");
        }

        foreach (var m in Misconceptions)
        {
            var wrong = ExpressionParser.TryParse(m.Answer, ExpressionSyntax.Algebra, out var wrongError);
            if (wrong is null)
            {
                problems.Add($"misconception answer '{m.Answer}' is not a valid expression: {wrongError}");
            }
            else if (AlgebraicEquivalence.AreEquivalent(wrong, key))
            {
                problems.Add($"a distractor equals the answer: misconception '{m.Answer}' is equivalent to '{Answer}'");
            }
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
