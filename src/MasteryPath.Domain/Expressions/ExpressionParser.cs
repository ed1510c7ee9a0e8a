using System.Globalization;
using System.Text;
using MasteryPath.Domain.Math;

namespace MasteryPath.Domain.Expressions;

/// <summary>Which dialect to read.</summary>
public enum ExpressionSyntax
{
    /// <summary>
    /// What a learner types: implicit multiplication (2x, 3(x+1), (x+1)(x-1)), single-letter variables
    /// (xy is x·y), an optional relation between two sides (=, &lt;, &gt;, &lt;=, &gt;=, or a chain
    /// 1 &lt; x &lt;= 3), and typographic input (×, ÷, −, ², ⁻¹, √, ∛, π, ≤, ≥, full-width characters).
    /// </summary>
    Algebra,

    /// <summary>
    /// Template formulas: named parameters, quoted text, comparisons (== != &lt; &lt;= &gt; &gt;=),
    /// logic (&amp;&amp; || !), cond ? a : b, and no implicit multiplication.
    /// </summary>
    Template,
}

/// <summary>Reads expression text into an <see cref="Expr"/> tree.</summary>
public static class ExpressionParser
{
    /// <summary>Functions both dialects know. Algebra reads any other run of letters as variables multiplied together.</summary>
    public static readonly IReadOnlySet<string> AlgebraFunctions =
        new HashSet<string>(StringComparer.Ordinal) { "sqrt", "cbrt", "root", "abs", "ln", "log", "exp", "sin", "cos", "tan" };

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ExpressionException">With a plain message and the offset of the problem.</exception>
    public static Expr Parse(string text, ExpressionSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenize(syntax == ExpressionSyntax.Template ? NormalizeOutsideQuotes(text) : Normalize(text).Replace("**", "^", StringComparison.Ordinal), syntax);
        var parser = new Parser(tokens, syntax);
        var result = parser.ParseTop();
        return result;
    }

    /// <summary>Parses, returning null and a message instead of throwing.</summary>
    public static Expr? TryParse(string text, ExpressionSyntax syntax, out string? error)
    {
        try
        {
            error = null;
            return Parse(text, syntax);
        }
        catch (ExpressionException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Like <see cref="Normalize"/>, but leaves quoted text (and its escapes) exactly as written.</summary>
    private static string NormalizeOutsideQuotes(string text)
    {
        var sb = new StringBuilder(text.Length);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '"' or '\'')
            {
                var quote = text[i];
                sb.Append(Normalize(text[start..i]));
                var end = i + 1;
                while (end < text.Length && text[end] != quote)
                {
                    end += text[end] == '\\' && end + 1 < text.Length && text[end + 1] is '"' or '\'' ? 2 : 1;
                }

                end = System.Math.Min(end, text.Length - 1);
                sb.Append(text, i, end - i + 1);
                start = end + 1;
                i = end;
            }
        }

        if (start < text.Length)
        {
            sb.Append(Normalize(text[start..]));
        }

        return sb.ToString();
    }

    /// <summary>
    /// Maps typographic math to its ASCII spelling: superscripts become powers (x⁻¹ is x^(-1)), vulgar
    /// fractions quotients (½ is (1/2)), full-width characters their ASCII twins (３ｘ is 3x), and −, ×,
    /// ÷, ≤, ≥, π, √, ∛ and non-breaking spaces their ASCII equivalents.
    /// </summary>
    /// <exception cref="ExpressionException">For a vulgar fraction glued to a whole number (3½), which could mean 3 + ½ or 3 × ½.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (Superscript(ch) is not null)
            {
                var run = new StringBuilder();
                while (i < text.Length && Superscript(text[i]) is { } plain)
                {
                    run.Append(plain);
                    i++;
                }

                i--;
                sb.Append(run.Length == 1 ? "^" + run : $"^({run})");
                continue;
            }

            if (VulgarFraction(ch) is { } fraction)
            {
                if (sb.Length > 0 && char.IsAsciiDigit(sb[^1]))
                {
                    throw new ExpressionException($"Write a mixed number like 3{ch} as 3 + {fraction} or as one fraction.", i);
                }

                sb.Append('(').Append(fraction).Append(')');
                continue;
            }

            // Full-width forms (３ｘ＋１, typed with an East Asian input method) are their ASCII twins.
            sb.Append(ch is >= '\uFF01' and <= '\uFF5E' ? (char)(ch - 0xFEE0) : ch == '\u3000' ? ' ' : ch);
        }

        var compatible = sb.ToString();
        sb.Clear();
        foreach (var ch in compatible)
        {
            sb.Append(ch switch
            {
                '\u2212' or '\u2013' or '\u2014' or '\u2010' or '\u2011' => "-",
                '\u00D7' or '\u00B7' or '\u22C5' or '\u2217' or '\u2219' => "*",
                '\u00F7' or '\u2215' or '\u2044' => "/",
                '\u2264' or '\u2A7D' => "<=",
                '\u2265' or '\u2A7E' => ">=",
                '\u2260' => "!=",
                '\u03C0' => "pi",
                '\u221A' => " sqrt ",
                '\u221B' => " cbrt ",
                '\u00A0' or '\u2009' or '\u202F' or '\u200B' => " ",
                _ => ch.ToString(),
            });
        }

        return sb.ToString();
    }

    private static string? VulgarFraction(char ch) => ch switch
    {
        '\u00BC' => "1/4",
        '\u00BD' => "1/2",
        '\u00BE' => "3/4",
        '\u2153' => "1/3",
        '\u2154' => "2/3",
        '\u2155' => "1/5",
        '\u2156' => "2/5",
        '\u2157' => "3/5",
        '\u2158' => "4/5",
        '\u2159' => "1/6",
        '\u215A' => "5/6",
        '\u215B' => "1/8",
        '\u215C' => "3/8",
        '\u215D' => "5/8",
        '\u215E' => "7/8",
        _ => null,
    };

    private static string? Superscript(char ch) => ch switch
    {
        '\u2070' => "0",
        '\u00B9' => "1",
        '\u00B2' => "2",
        '\u00B3' => "3",
        >= '\u2074' and <= '\u2079' => ((char)('4' + (ch - '\u2074'))).ToString(),
        '\u207A' => "+",
        '\u207B' => "-",
        _ => null,
    };

    private enum TokenKind
    {
        Number,
        Identifier,
        String,
        Operator,
        End,
    }

    private sealed record Token(TokenKind Kind, string Text, int Position, Rational Number = default);

    private static readonly string[] Operators =
        ["<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "^", "%", "(", ")", ",", "<", ">", "!", "?", ":", "=", "[", "]"];

    private static List<Token> Tokenize(string text, ExpressionSyntax syntax)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (char.IsWhiteSpace(ch))
            {
                i++;
                continue;
            }

            if (char.IsAsciiDigit(ch) || (ch == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i < text.Length && text[i] == '.')
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                var literal = text[start..i];
                if (!decimal.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                {
                    throw new ExpressionException($"'{literal}' is not a number.", start);
                }

                tokens.Add(new Token(TokenKind.Number, literal, start, Rational.FromDecimal(value)));
                continue;
            }

            if (char.IsLetter(ch) || ch == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    if (syntax == ExpressionSyntax.Algebra && char.IsAsciiDigit(text[i]))
                    {
                        break;
                    }

                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
                continue;
            }

            if (syntax == ExpressionSyntax.Template && (ch == '"' || ch == '\''))
            {
                var start = i;
                var content = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != ch)
                {
                    // Only \' and \" are escapes: other backslashes are LaTeX (\frac) and stay as written.
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\'')
                    {
                        i++;
                    }

                    content.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    throw new ExpressionException("Text in quotes is not closed.", start);
                }

                tokens.Add(new Token(TokenKind.String, content.ToString(), start));
                i++;
                continue;
            }

            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0);
            if (op is null)
            {
                throw new ExpressionException($"Unexpected character '{ch}'.", i);
            }

            tokens.Add(new Token(TokenKind.Operator, op, i));
            i += op.Length;
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
        return tokens;
    }

    private sealed class Parser(List<Token> tokens, ExpressionSyntax syntax)
    {
        private const int MaxDepth = 100;
        private int _index;
        private int _depth;

        private Token Current => tokens[_index];

        public Expr ParseTop()
        {
            if (Current.Kind == TokenKind.End)
            {
                throw new ExpressionException("The expression is empty.", 0);
            }

            var expr = syntax == ExpressionSyntax.Algebra ? ParseEquation() : ParseConditional();
            if (Current.Kind != TokenKind.End)
            {
                throw new ExpressionException($"Unexpected '{Current.Text}'.", Current.Position);
            }

            return expr;
        }

        private bool IsOperator(string text) => Current.Kind == TokenKind.Operator && Current.Text == text;

        private void Expect(string text)
        {
            if (!IsOperator(text))
            {
                var found = Current.Kind == TokenKind.End ? "the end" : $"'{Current.Text}'";
                throw new ExpressionException($"Expected '{text}' but found {found}.", Current.Position);
            }

            _index++;
        }

        private bool IsRelation() => Current.Kind == TokenKind.Operator && Current.Text is "=" or "<" or ">" or "<=" or ">=";

        /// <summary>An expression, an equation, an inequality, or a chain of two inequalities pointing the same way.</summary>
        private Expr ParseEquation()
        {
            var left = ParseAdditive();
            if (!IsRelation())
            {
                return left;
            }

            var first = Current.Text;
            _index++;
            var middle = ParseAdditive();
            if (!IsRelation())
            {
                return new BinaryExpr(first, left, middle);
            }

            var second = Current.Text;
            if (first == "=" || second == "=")
            {
                throw new ExpressionException("An equation has only one '='.", Current.Position);
            }

            if (first[0] != second[0])
            {
                throw new ExpressionException("A chain of inequalities must point one way, like 1 < x <= 3.", Current.Position);
            }

            _index++;
            var right = ParseAdditive();
            if (IsRelation())
            {
                throw new ExpressionException("Write at most two inequality signs, like 1 < x <= 3.", Current.Position);
            }

            return new BinaryExpr("&&", new BinaryExpr(first, left, middle), new BinaryExpr(second, middle, right));
        }

        private Expr ParseConditional()
        {
            var condition = ParseOr();
            if (!IsOperator("?"))
            {
                return condition;
            }

            _index++;
            var whenTrue = ParseConditional();
            Expect(":");
            var whenFalse = ParseConditional();
            return new ConditionalExpr(condition, whenTrue, whenFalse);
        }

        private Expr ParseOr()
        {
            var left = ParseAnd();
            while (IsOperator("||"))
            {
                _index++;
                left = new BinaryExpr("||", left, ParseAnd());
            }

            return left;
        }

        private Expr ParseAnd()
        {
            var left = ParseComparison();
            while (IsOperator("&&"))
            {
                _index++;
                left = new BinaryExpr("&&", left, ParseComparison());
            }

            return left;
        }

        private Expr ParseComparison()
        {
            var left = ParseAdditive();
            while (Current.Kind == TokenKind.Operator && Current.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
            {
                var op = Current.Text;
                _index++;
                left = new BinaryExpr(op, left, ParseAdditive());
            }

            return left;
        }

        private Expr ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (IsOperator("+") || IsOperator("-"))
            {
                var op = Current.Text;
                _index++;
                left = new BinaryExpr(op, left, ParseMultiplicative());
            }

            return left;
        }

        private Expr ParseMultiplicative()
        {
            var left = ParseUnary();
            while (true)
            {
                if (IsOperator("*") || IsOperator("/") || IsOperator("%"))
                {
                    var op = Current.Text;
                    _index++;
                    left = new BinaryExpr(op, left, ParseUnary());
                }
                else if (syntax == ExpressionSyntax.Algebra && StartsImplicitFactor())
                {
                    if (Current.Kind == TokenKind.Number && _index > 0 && tokens[_index - 1].Kind == TokenKind.Number)
                    {
                        throw new ExpressionException($"Two numbers side by side ('{tokens[_index - 1].Text} {Current.Text}'): write an operator between them, or a fraction like 3/2 instead of a mixed number.", Current.Position);
                    }

                    left = new BinaryExpr("*", left, ParsePower());
                }
                else
                {
                    return left;
                }
            }
        }

        private bool StartsImplicitFactor() =>
            Current.Kind is TokenKind.Number or TokenKind.Identifier || IsOperator("(");

        private Expr ParseUnary()
        {
            if (IsOperator("-") || IsOperator("+") || (syntax == ExpressionSyntax.Template && IsOperator("!")))
            {
                var op = Current.Text;
                _index++;
                var operand = ParseUnary();
                return op == "+" ? operand : new UnaryExpr(op, operand);
            }

            return ParsePower();
        }

        private Expr ParsePower()
        {
            var baseExpr = ParsePrimary();
            if (IsOperator("^"))
            {
                _index++;
                return new BinaryExpr("^", baseExpr, ParseUnary());
            }

            return baseExpr;
        }

        private Expr ParsePrimary()
        {
            if (++_depth > MaxDepth)
            {
                throw new ExpressionException("The expression is nested too deeply.", Current.Position);
            }

            try
            {
                return ParsePrimaryCore();
            }
            finally
            {
                _depth--;
            }
        }

        private Expr ParsePrimaryCore()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    _index++;
                    return new NumberExpr(token.Number);
                case TokenKind.String:
                    _index++;
                    return new StringExpr(token.Text);
                case TokenKind.Identifier:
                    return ParseIdentifier();
                case TokenKind.Operator when token.Text == "(":
                    _index++;
                    var inner = syntax == ExpressionSyntax.Algebra ? ParseAdditive() : ParseConditional();
                    Expect(")");
                    return inner;
                case TokenKind.End:
                    throw new ExpressionException("The expression ends too early: a number or variable is missing.", token.Position);
                default:
                    throw new ExpressionException($"Unexpected '{token.Text}'.", token.Position);
            }
        }

        private Expr ParseIdentifier()
        {
            var token = Current;
            _index++;
            var name = token.Text;
            if (IsOperator("("))
            {
                if (syntax == ExpressionSyntax.Template || AlgebraFunctions.Contains(name))
                {
                    return ParseCall(name, token.Position);
                }
            }

            if (syntax == ExpressionSyntax.Template || name == "pi")
            {
                return new VariableExpr(name);
            }

            if (AlgebraFunctions.Contains(name))
            {
                // sqrt 2, sqrt x: the argument is the next factor.
                return new CallExpr(name, [ParsePower()]);
            }

            // In algebra, "xy" is x times y; "pi" inside a run is still the constant.
            Expr? product = null;
            for (var i = 0; i < name.Length; i++)
            {
                Expr factor;
                if (string.CompareOrdinal(name, i, "pi", 0, 2) == 0)
                {
                    factor = new VariableExpr("pi");
                    i++;
                }
                else
                {
                    factor = new VariableExpr(name[i].ToString());
                }

                if (product is not null && i == name.Length - 1 && IsOperator("^"))
                {
                    // In 3xy^2 the power belongs to y alone.
                    _index++;
                    factor = new BinaryExpr("^", factor, ParseUnary());
                }

                product = product is null ? factor : new BinaryExpr("*", product, factor);
            }

            return product!;
        }

        private CallExpr ParseCall(string name, int position)
        {
            Expect("(");
            var arguments = new List<Expr>();
            if (!IsOperator(")"))
            {
                do
                {
                    if (IsOperator(","))
                    {
                        _index++;
                    }

                    arguments.Add(syntax == ExpressionSyntax.Algebra ? ParseAdditive() : ParseConditional());
                }
                while (IsOperator(","));
            }

            Expect(")");
            if (arguments.Count == 0)
            {
                throw new ExpressionException($"{name}() needs an argument.", position);
            }

            return new CallExpr(name, arguments);
        }
    }
}
