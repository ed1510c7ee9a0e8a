using System.Globalization;
using MasteryPath.Domain.Expressions;

namespace MasteryPath.Domain.Items;

/// <summary>
/// An algebraic expression, equation or inequality, correct when equivalent to <paramref name="Answer"/>
/// (2(x+1) = 2x+2; 2x = 6 ≡ x = 3; x &gt; 3 ≡ −x &lt; −3). The form flags demand how it is written; an
/// equivalent answer in another form gets the form message (<see cref="AnswerOutcome.WrongForm"/>), and
/// so does an answer written in a variable the question does not use.
/// </summary>
/// <param name="Answer">The key, in algebra notation.</param>
/// <param name="RequireSimplified">No like terms left to combine, no operation left to carry out, fractions reduced (<see cref="ExpressionForms.NotSimplified"/>).</param>
/// <param name="Misconceptions">Feedback for specific wrong answers.</param>
/// <param name="RequireExpanded">No product or power of a sum left ((x+1)(x+2) for x²+3x+2 gets the form message).</param>
/// <param name="RequirePositiveExponents">No negative exponent (x^-3 for 1/x^3 gets the form message).</param>
/// <param name="SolvedFor">When set (e.g. "y"), the answer must be an equation "y = ..." with y alone on the left and absent on the right.</param>
/// <param name="RequireStandardForm">A simplified polynomial with its terms in descending powers (x² + x − 2, not x + x² − 2).</param>
/// <param name="IgnoreVariableCase">X and x are the same variable.</param>
public sealed record ExpressionAnswerKey(
    string Answer,
    bool RequireSimplified,
    IReadOnlyList<Misconception> Misconceptions,
    bool RequireExpanded = false,
    bool RequirePositiveExponents = false,
    string? SolvedFor = null,
    bool RequireStandardForm = false,
    bool IgnoreVariableCase = false) : AnswerKey
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Expression;

    /// <inheritdoc/>
    public override IEnumerable<string> FeedbackTexts => Misconceptions.Select(m => m.Feedback);

    /// <inheritdoc/>
    public override string CanonicalResponse => Answer;

    private string? Solved => SolvedFor is null ? null : IgnoreVariableCase ? SolvedFor.ToLowerInvariant() : SolvedFor;

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

        learner = Fold(learner);
        var key = Fold(ExpressionParser.Parse(Answer, ExpressionSyntax.Algebra));
        if (AlgebraicEquivalence.AreEquivalent(learner, key))
        {
            return FormProblem(learner) is { } problem ? AnswerResult.WrongForm(problem) : AnswerResult.Right;
        }

        if (Solved is not null && key is BinaryExpr { Operator: "=" } equation && !IsRelation(learner)
            && AlgebraicEquivalence.AreEquivalent(learner, equation.Right))
        {
            return AnswerResult.WrongForm($"That is the right expression, but write the whole equation: {SolvedFor} = ...");
        }

        for (var i = 0; i < Misconceptions.Count; i++)
        {
            var wrong = ExpressionParser.TryParse(Misconceptions[i].Answer, ExpressionSyntax.Algebra, out _);
            if (wrong is not null && AlgebraicEquivalence.AreEquivalent(learner, Fold(wrong)))
            {
                return new AnswerResult(AnswerOutcome.Incorrect, Misconceptions[i].Feedback, i.ToString(CultureInfo.InvariantCulture));
            }
        }

        return WrongVariables(learner, key) is { } message ? AnswerResult.WrongForm(message) : new AnswerResult(AnswerOutcome.Incorrect);
    }

    /// <summary>Why an equivalent answer is not in the demanded form, or null.</summary>
    private string? FormProblem(Expr learner)
    {
        if (Solved is not null && !ExpressionForms.IsSolvedFor(learner, Solved))
        {
            return $"That is an equivalent equation, but it is not solved for {SolvedFor}: write it as {SolvedFor} = ...";
        }

        if (RequirePositiveExponents && ExpressionForms.HasNegativeExponent(learner))
        {
            return "That is equivalent, but it still has a negative exponent: rewrite it with positive exponents only.";
        }

        if (RequireExpanded && !ExpressionForms.IsExpanded(learner))
        {
            return "That is equivalent, but not expanded: multiply out every product of sums.";
        }

        if ((RequireSimplified || RequireStandardForm) && ExpressionForms.NotSimplified(learner) is { } why)
        {
            return $"That is equivalent, but not simplified: {why}.";
        }

        if (RequireStandardForm && !ExpressionForms.IsStandardForm(learner))
        {
            return "That is equivalent, but not in standard form: write the terms from the highest power down to the constant.";
        }

        return null;
    }

    /// <summary>The message for an answer that uses variables the question does not, or null.</summary>
    private static string? WrongVariables(Expr learner, Expr key)
    {
        var expected = key.Variables().Where(v => v != "pi").ToList();
        var foreign = learner.Variables().Where(v => v != "pi" && !expected.Contains(v)).ToList();
        if (foreign.Count == 0)
        {
            return null;
        }

        var used = string.Join(", ", foreign);
        if (expected.Count == 0)
        {
            return $"This answer needs no variable, but yours uses {used}.";
        }

        var names = string.Join(" and ", expected);
        var caseOnly = foreign.All(f => expected.Any(e => string.Equals(e, f, StringComparison.OrdinalIgnoreCase)));
        return caseOnly
            ? $"This question uses {names} (mind the capital letters); your answer uses {used}. Write it with {names}."
            : $"This question uses {names}, but your answer uses {used}. Write it with {names}.";
    }

    private Expr Fold(Expr expr) => IgnoreVariableCase ? Lower(expr) : expr;

    private static Expr Lower(Expr expr) => expr switch
    {
        VariableExpr v => new VariableExpr(v.Name.ToLowerInvariant()),
        UnaryExpr u => u with { Operand = Lower(u.Operand) },
        BinaryExpr b => b with { Left = Lower(b.Left), Right = Lower(b.Right) },
        CallExpr c => c with { Arguments = c.Arguments.Select(Lower).ToList() },
        _ => expr,
    };

    private static bool IsRelation(Expr expr) => expr is BinaryExpr { Operator: "=" or "<" or ">" or "<=" or ">=" or "&&" };

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var parsed = ExpressionParser.TryParse(Answer, ExpressionSyntax.Algebra, out var error);
        if (parsed is null)
        {
            problems.Add($"the answer '{Answer}' is not a valid expression: {error}");
            return problems;
        }

        var key = Fold(parsed);
        if (FormProblem(key) is { } problem)
        {
            problems.Add($"the answer '{Answer}' is not itself in the form the item demands: {problem}");
        }

        foreach (var m in Misconceptions)
        {
            var wrong = ExpressionParser.TryParse(m.Answer, ExpressionSyntax.Algebra, out var wrongError);
            if (wrong is null)
            {
                problems.Add($"misconception answer '{m.Answer}' is not a valid expression: {wrongError}");
            }
            else if (AlgebraicEquivalence.AreEquivalent(Fold(wrong), key))
            {
                problems.Add($"a distractor equals the answer: misconception '{m.Answer}' is equivalent to '{Answer}'");
            }
        }

        return problems;
    }
}
