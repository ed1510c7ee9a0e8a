using System.Globalization;
using System.Numerics;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Items;

/// <summary>
/// A number. Without a tolerance it must equal the answer exactly (0.5000000001 is not 0.5); with one,
/// be within it. With <paramref name="DecimalPlaces"/>, an answer with more places that rounds to the
/// answer gets the form message instead of being marked wrong.
/// </summary>
/// <param name="Value">The answer.</param>
/// <param name="Tolerance">Accepted absolute difference; 0 = exact.</param>
/// <param name="Written">The answer as written (exact when the tolerance is 0).</param>
/// <param name="Misconceptions">Feedback for specific wrong answers.</param>
/// <param name="DecimalPlaces">When set, the answer is rounded to this many places and so must the learner's be.</param>
public sealed record NumericAnswerKey(double Value, double Tolerance, string Written, IReadOnlyList<Misconception> Misconceptions, int? DecimalPlaces = null) : AnswerKey
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Numeric;

    /// <inheritdoc/>
    public override IEnumerable<string> FeedbackTexts => Misconceptions.Select(m => m.Feedback);

    /// <inheritdoc/>
    public override string CanonicalResponse => Written;

    /// <summary>With no tolerance, the written answer as an exact number, when it is the answer (not a rounding of √2).</summary>
    private Rational? ExactTarget => Tolerance == 0 && NumberReader.TryRead(Written, out _) is { } written && written.Value.ToDouble() == Value ? written.Value : null;

    private bool Matches(WrittenNumber candidate) => ExactTarget is { } exact
        ? candidate.Value == exact
        : Matches(candidate.Value.ToDouble(), Value);

    private bool Matches(double candidate, double target) =>
        System.Math.Abs(candidate - target) <= (Tolerance * (1 + 1e-12)) + (1e-15 * System.Math.Max(1, System.Math.Abs(target)));

    /// <summary>
    /// A misconception written as a fraction without a finite decimal (7/3) also matches the learner's
    /// rounding of it (2.33), so the feedback still reaches them; the right answer has been ruled out first.
    /// </summary>
    private bool MatchesMisconception(WrittenNumber candidate, WrittenNumber wrong) =>
        candidate.Value == wrong.Value
        || (Tolerance > 0 && Matches(candidate.Value.ToDouble(), wrong.Value.ToDouble()))
        || (!wrong.Value.HasTerminatingDecimal && System.Math.Abs(candidate.Value.ToDouble() - wrong.Value.ToDouble()) <= 0.006 * System.Math.Max(1, System.Math.Abs(wrong.Value.ToDouble())));

    /// <inheritdoc/>
    public override AnswerResult Check(string response)
    {
        var number = NumberReader.TryRead(response, out var error);
        if (number is null)
        {
            return AnswerResult.Unreadable(error!);
        }

        if (Matches(number))
        {
            return AnswerResult.Right;
        }

        if (DecimalPlaces is { } places && number.DecimalPlaces > places && Matches(new WrittenNumber(Round(number.Value, places), NumberForm.Decimal, true)))
        {
            return AnswerResult.WrongForm($"Round your answer to {places} decimal place{(places == 1 ? string.Empty : "s")}.");
        }

        for (var i = 0; i < Misconceptions.Count; i++)
        {
            var wrong = NumberReader.TryRead(Misconceptions[i].Answer, out _);
            if (wrong is not null && MatchesMisconception(number, wrong))
            {
                return new AnswerResult(AnswerOutcome.Incorrect, Misconceptions[i].Feedback, i.ToString(CultureInfo.InvariantCulture));
            }
        }

        return new AnswerResult(AnswerOutcome.Incorrect);
    }

    /// <summary>Rounds half away from zero to <paramref name="places"/> decimal places, exactly.</summary>
    public static Rational Round(Rational value, int places)
    {
        var scale = new Rational(BigInteger.Pow(10, places), 1);
        var scaled = (value.Abs() * scale) + new Rational(1, 2);
        var rounded = new Rational(scaled.Floor(), 1) / scale;
        return value.Sign < 0 ? -rounded : rounded;
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

        if (DecimalPlaces is { } places && NumberReader.TryRead(Written, out _) is { } written && written.DecimalPlaces > places)
        {
            problems.Add($"the answer {Written} has more than the {places} decimal places the item asks for");
        }

        foreach (var m in Misconceptions)
        {
            var wrong = NumberReader.TryRead(m.Answer, out var error);
            if (wrong is null)
            {
                problems.Add($"misconception answer '{m.Answer}' is not a number: {error}");
            }
            else if (Matches(wrong))
            {
                problems.Add($"a distractor equals the answer: misconception '{m.Answer}' is accepted as correct");
            }
        }

        return problems;
    }
}

/// <summary>
/// An exact fraction. Any equal value is right (6/8, 0.75, 3/4) unless the item demands a form:
/// <paramref name="LowestTerms"/> (6/8 gets the form message) or <paramref name="MixedNumber"/> (23/6 gets it
/// where 3 5/6 is wanted). A right value in the wrong form is not marked wrong.
/// </summary>
/// <param name="Value">The answer.</param>
/// <param name="LowestTerms">The fraction must be reduced.</param>
/// <param name="Misconceptions">Feedback for specific wrong answers.</param>
/// <param name="MixedNumber">A value above 1 must be written as a mixed number (3 5/6), a whole value as a whole number.</param>
public sealed record FractionAnswerKey(Rational Value, bool LowestTerms, IReadOnlyList<Misconception> Misconceptions, bool MixedNumber = false) : AnswerKey
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Fraction;

    /// <inheritdoc/>
    public override IEnumerable<string> FeedbackTexts => Misconceptions.Select(m => m.Feedback);

    /// <inheritdoc/>
    public override string CanonicalResponse => MixedNumber ? WriteMixed(Value) : Value.ToString();

    /// <summary>Writes a value as a whole number, a proper fraction or a mixed number: 23/6 → "3 5/6".</summary>
    public static string WriteMixed(Rational value)
    {
        if (value.IsInteger || value.Abs() < Rational.One)
        {
            return value.ToString();
        }

        var whole = value.Abs().Floor();
        var rest = value.Abs() - new Rational(whole, 1);
        return $"{(value.Sign < 0 ? "-" : string.Empty)}{whole.ToString(CultureInfo.InvariantCulture)} {rest}";
    }

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

        return FormProblem(number) is { } problem ? AnswerResult.WrongForm(problem) : AnswerResult.Right;
    }

    /// <summary>Why a right value is not in the demanded form, or null.</summary>
    private string? FormProblem(WrittenNumber number)
    {
        if ((LowestTerms || MixedNumber) && number.Form == NumberForm.Decimal && !Value.IsInteger)
        {
            return MixedNumber
                ? "That is the right value, but the answer should be a mixed number, like 3 5/6."
                : "That is the right value, but the answer should be written as a fraction.";
        }

        if (MixedNumber)
        {
            if (Value.IsInteger && number.Form is NumberForm.Fraction or NumberForm.Mixed)
            {
                return "That is the right value, but it is a whole number: write it without a fraction.";
            }

            if (!Value.IsInteger && Value.Abs() > Rational.One && number.Form != NumberForm.Mixed)
            {
                return "That is the right value, but the answer should be a mixed number: a whole number and a proper fraction, like 3 5/6.";
            }

            if (number.Form == NumberForm.Mixed && !number.Proper)
            {
                return "That is the right value, but the fraction part of a mixed number must be less than 1.";
            }
        }

        if (LowestTerms && !number.InLowestTerms)
        {
            return "That is the right value, but not in lowest terms: divide the numerator and denominator by their greatest common factor.";
        }

        return null;
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
            else if (wrong.Value == Value && FormProblem(wrong) is null)
            {
                problems.Add($"a distractor equals the answer: misconception '{m.Answer}' is accepted as correct");
            }
        }

        return problems;
    }
}
