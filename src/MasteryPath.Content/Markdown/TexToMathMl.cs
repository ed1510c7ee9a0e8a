using System.Net;
using System.Text;

namespace MasteryPath.Content.Markdown;

/// <summary>A math formula the converter cannot read; <see cref="Offset"/> is 0-based in the formula.</summary>
public sealed class MathSyntaxException(string message, int offset) : Exception(message)
{
    /// <summary>0-based offset of the problem in the formula.</summary>
    public int Offset { get; } = offset;
}

/// <summary>
/// Converts the LaTeX math subset used in lessons and items to MathML, which browsers render natively:
/// no script, no CDN. Unknown commands and unbalanced braces are errors, so the course checker catches
/// them before a learner sees raw TeX.
/// </summary>
public static class TexToMathMl
{
    private static readonly Dictionary<string, (string Tag, string Text)> Symbols = new(StringComparer.Ordinal)
    {
        ["cdot"] = ("mo", "\u22C5"),
        ["times"] = ("mo", "\u00D7"),
        ["div"] = ("mo", "\u00F7"),
        ["pm"] = ("mo", "\u00B1"),
        ["mp"] = ("mo", "\u2213"),
        ["le"] = ("mo", "\u2264"),
        ["leq"] = ("mo", "\u2264"),
        ["ge"] = ("mo", "\u2265"),
        ["geq"] = ("mo", "\u2265"),
        ["ne"] = ("mo", "\u2260"),
        ["neq"] = ("mo", "\u2260"),
        ["lt"] = ("mo", "<"),
        ["gt"] = ("mo", ">"),
        ["approx"] = ("mo", "\u2248"),
        ["infty"] = ("mi", "\u221E"),
        ["pi"] = ("mi", "\u03C0"),
        ["theta"] = ("mi", "\u03B8"),
        ["alpha"] = ("mi", "\u03B1"),
        ["beta"] = ("mi", "\u03B2"),
        ["gamma"] = ("mi", "\u03B3"),
        ["delta"] = ("mi", "\u03B4"),
        ["Delta"] = ("mi", "\u0394"),
        ["lambda"] = ("mi", "\u03BB"),
        ["mu"] = ("mi", "\u03BC"),
        ["sigma"] = ("mi", "\u03C3"),
        ["Sigma"] = ("mo", "\u03A3"),
        ["rightarrow"] = ("mo", "\u2192"),
        ["to"] = ("mo", "\u2192"),
        ["Rightarrow"] = ("mo", "\u21D2"),
        ["leftarrow"] = ("mo", "\u2190"),
        ["Leftrightarrow"] = ("mo", "\u21D4"),
        ["circ"] = ("mo", "\u2218"),
        ["degree"] = ("mo", "\u00B0"),
        ["ldots"] = ("mo", "\u2026"),
        ["dots"] = ("mo", "\u2026"),
        ["cdots"] = ("mo", "\u22EF"),
        ["%"] = ("mo", "%"),
        ["{"] = ("mo", "{"),
        ["}"] = ("mo", "}"),
        ["$"] = ("mo", "$"),
        ["#"] = ("mo", "#"),
        ["&"] = ("mo", "&"),
        ["_"] = ("mi", "_"),
        ["lvert"] = ("mo", "|"),
        ["rvert"] = ("mo", "|"),
        ["vert"] = ("mo", "|"),
        ["mid"] = ("mo", "\u2223"),
        ["in"] = ("mo", "\u2208"),
        ["notin"] = ("mo", "\u2209"),
        ["subset"] = ("mo", "\u2282"),
        ["cup"] = ("mo", "\u222A"),
        ["cap"] = ("mo", "\u2229"),
        ["emptyset"] = ("mi", "\u2205"),
        ["angle"] = ("mo", "\u2220"),
        ["triangle"] = ("mo", "\u25B3"),
        ["perp"] = ("mo", "\u22A5"),
        ["parallel"] = ("mo", "\u2225"),
        ["therefore"] = ("mo", "\u2234"),
        ["sim"] = ("mo", "\u223C"),
        ["equiv"] = ("mo", "\u2261"),
        ["neg"] = ("mo", "\u00AC"),
        ["langle"] = ("mo", "\u27E8"),
        ["rangle"] = ("mo", "\u27E9"),
        ["cdotp"] = ("mo", "\u22C5"),
        ["ast"] = ("mo", "\u2217"),
        ["checkmark"] = ("mi", "\u2713"),
        ["quad"] = ("mspace", "1em"),
        ["qquad"] = ("mspace", "2em"),
        [","] = ("mspace", "0.17em"),
        [";"] = ("mspace", "0.28em"),
        [":"] = ("mspace", "0.22em"),
        ["!"] = ("mspace", "0em"),
        [" "] = ("mspace", "0.25em"),
        ["\\"] = ("mspace", "linebreak"),
        ["sqrt"] = ("special", string.Empty),
        ["log"] = ("mi", "log"),
        ["ln"] = ("mi", "ln"),
        ["sin"] = ("mi", "sin"),
        ["cos"] = ("mi", "cos"),
        ["tan"] = ("mi", "tan"),
        ["min"] = ("mi", "min"),
        ["max"] = ("mi", "max"),
    };

    /// <summary>Commands with arguments, handled by the parser itself.</summary>
    private static readonly HashSet<string> Structural = new(StringComparer.Ordinal)
    {
        "frac", "dfrac", "tfrac", "sqrt", "text", "mathrm", "textbf", "mathbf", "overline", "underline", "left", "right", "boxed",
        "operatorname", "hat", "bar", "vec", "color", "phantom",
    };

    /// <summary>Every command the converter understands.</summary>
    public static IEnumerable<string> KnownCommands => Symbols.Keys.Concat(Structural);

    /// <summary>Converts <paramref name="tex"/> to a &lt;math&gt; element.</summary>
    /// <exception cref="MathSyntaxException">On an unknown command, a missing argument or unbalanced braces.</exception>
    public static string Convert(string tex, bool display)
    {
        ArgumentNullException.ThrowIfNull(tex);
        var reader = new Reader(tex);
        var body = reader.ReadRow(endAt: null);
        var attributes = display ? " display=\"block\"" : string.Empty;
        return $"<math{attributes}><mrow>{body}</mrow></math>";
    }

    /// <summary>Checks <paramref name="tex"/>; returns null when it converts, else the problem.</summary>
    public static MathSyntaxException? Validate(string tex)
    {
        try
        {
            Convert(tex, display: false);
            return null;
        }
        catch (MathSyntaxException ex)
        {
            return ex;
        }
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private sealed class Reader(string tex)
    {
        private const int MaxDepth = 50;
        private int _pos;
        private int _depth;

        private bool AtEnd => _pos >= tex.Length;

        public string ReadRow(char? endAt, int openedAt = 0)
        {
            if (++_depth > MaxDepth)
            {
                throw new MathSyntaxException("The formula is nested too deeply.", openedAt);
            }

            try
            {
                return ReadRowCore(endAt, openedAt);
            }
            finally
            {
                _depth--;
            }
        }

        private string ReadRowCore(char? endAt, int openedAt)
        {
            var sb = new StringBuilder();
            while (true)
            {
                SkipSpaces();
                if (AtEnd)
                {
                    if (endAt is not null)
                    {
                        throw new MathSyntaxException($"A '{(endAt == ']' ? '[' : '{')}' is not closed by '{endAt}'.", openedAt);
                    }

                    return sb.ToString();
                }

                if (endAt is not null && tex[_pos] == endAt)
                {
                    _pos++;
                    return sb.ToString();
                }

                if (tex[_pos] == '}')
                {
                    throw new MathSyntaxException("A '}' has no matching '{'.", _pos);
                }

                sb.Append(ReadScripted());
            }
        }

        private void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(tex[_pos]))
            {
                _pos++;
            }
        }

        private string ReadScripted()
        {
            var start = _pos;
            var atom = ReadAtom();
            SkipSpaces();
            string? sub = null;
            string? sup = null;
            while (!AtEnd && (tex[_pos] == '^' || tex[_pos] == '_'))
            {
                var isSup = tex[_pos] == '^';
                _pos++;
                SkipSpaces();
                if (AtEnd)
                {
                    throw new MathSyntaxException($"'{(isSup ? '^' : '_')}' needs something after it.", _pos - 1);
                }

                var script = ReadArgument();
                if (isSup)
                {
                    sup = script;
                }
                else
                {
                    sub = script;
                }

                SkipSpaces();
            }

            if (atom.Length == 0 && (sub is not null || sup is not null))
            {
                throw new MathSyntaxException("A superscript or subscript needs a base.", start);
            }

            return (sub, sup) switch
            {
                (null, null) => atom,
                (null, _) => $"<msup>{Wrap(atom)}{Wrap(sup)}</msup>",
                (_, null) => $"<msub>{Wrap(atom)}{Wrap(sub)}</msub>",
                _ => $"<msubsup>{Wrap(atom)}{Wrap(sub)}{Wrap(sup)}</msubsup>",
            };
        }

        private static string Wrap(string content) => $"<mrow>{content}</mrow>";

        private string ReadArgument()
        {
            SkipSpaces();
            if (AtEnd)
            {
                throw new MathSyntaxException("An argument is missing.", _pos);
            }

            if (tex[_pos] == '{')
            {
                _pos++;
                return ReadRow('}', _pos - 1);
            }

            return ReadAtom();
        }

        private string ReadRawGroup()
        {
            SkipSpaces();
            if (AtEnd || tex[_pos] != '{')
            {
                throw new MathSyntaxException("Expected '{' here.", _pos);
            }

            var depth = 0;
            var start = _pos + 1;
            for (; _pos < tex.Length; _pos++)
            {
                if (tex[_pos] == '{')
                {
                    depth++;
                }
                else if (tex[_pos] == '}' && --depth == 0)
                {
                    var text = tex[start.._pos];
                    _pos++;
                    return text;
                }
            }

            throw new MathSyntaxException("A '{' is not closed by '}'.", start - 1);
        }

        private string ReadAtom()
        {
            var ch = tex[_pos];
            if (char.IsAsciiDigit(ch) || (ch == '.' && _pos + 1 < tex.Length && char.IsAsciiDigit(tex[_pos + 1])))
            {
                var start = _pos;
                while (!AtEnd && (char.IsAsciiDigit(tex[_pos]) || (tex[_pos] == '.' && _pos + 1 < tex.Length && char.IsAsciiDigit(tex[_pos + 1]))))
                {
                    _pos++;
                }

                return $"<mn>{tex[start.._pos]}</mn>";
            }

            if (char.IsLetter(ch))
            {
                _pos++;
                return $"<mi>{Escape(ch.ToString())}</mi>";
            }

            if (ch == '{')
            {
                _pos++;
                return $"<mrow>{ReadRow('}', _pos - 1)}</mrow>";
            }

            if (ch == '\\')
            {
                return ReadCommand();
            }

            if (ch is '^' or '_')
            {
                throw new MathSyntaxException($"'{ch}' needs a base before it.", _pos);
            }

            if (ch is '&' or '#' or '$')
            {
                throw new MathSyntaxException($"'{ch}' is not allowed in math here (write \\{ch}).", _pos);
            }

            _pos++;
            var op = ch switch { '-' => "\u2212", '*' => "\u22C5", '\'' => "\u2032", _ => ch.ToString() };
            return $"<mo>{Escape(op)}</mo>";
        }

        private string ReadCommand()
        {
            var start = _pos;
            _pos++;
            if (AtEnd)
            {
                throw new MathSyntaxException("A '\\' ends the formula.", start);
            }

            string name;
            if (char.IsLetter(tex[_pos]))
            {
                var nameStart = _pos;
                while (!AtEnd && char.IsLetter(tex[_pos]))
                {
                    _pos++;
                }

                name = tex[nameStart.._pos];
            }
            else
            {
                name = tex[_pos].ToString();
                _pos++;
            }

            switch (name)
            {
                case "frac" or "dfrac" or "tfrac":
                    {
                        var numerator = ReadArgument();
                        var denominator = ReadArgument();
                        return $"<mfrac><mrow>{numerator}</mrow><mrow>{denominator}</mrow></mfrac>";
                    }

                case "sqrt":
                    {
                        SkipSpaces();
                        if (!AtEnd && tex[_pos] == '[')
                        {
                            _pos++;
                            var index = ReadRow(']', _pos - 1);
                            var radicand = ReadArgument();
                            return $"<mroot><mrow>{radicand}</mrow><mrow>{index}</mrow></mroot>";
                        }

                        return $"<msqrt>{ReadArgument()}</msqrt>";
                    }

                case "text" or "mathrm" or "textbf" or "operatorname":
                    {
                        var text = ReadRawGroup();
                        return name == "operatorname" ? $"<mi>{Escape(text)}</mi>" : $"<mtext>{Escape(text)}</mtext>";
                    }

                case "mathbf":
                    return $"<mrow mathvariant=\"bold\">{ReadArgument()}</mrow>";
                case "overline" or "bar":
                    return $"<mover><mrow>{ReadArgument()}</mrow><mo>\u203E</mo></mover>";
                case "hat":
                    return $"<mover><mrow>{ReadArgument()}</mrow><mo>^</mo></mover>";
                case "vec":
                    return $"<mover><mrow>{ReadArgument()}</mrow><mo>\u2192</mo></mover>";
                case "underline":
                    return $"<munder><mrow>{ReadArgument()}</mrow><mo>_</mo></munder>";
                case "boxed":
                    return $"<menclose notation=\"box\"><mrow>{ReadArgument()}</mrow></menclose>";
                case "phantom":
                    return $"<mphantom><mrow>{ReadArgument()}</mrow></mphantom>";
                case "color":
                    {
                        var color = ReadRawGroup();
                        return $"<mstyle mathcolor=\"{Escape(color)}\">{ReadArgument()}</mstyle>";
                    }

                case "left" or "right":
                    {
                        SkipSpaces();
                        if (AtEnd)
                        {
                            throw new MathSyntaxException($"\\{name} needs a delimiter after it.", start);
                        }

                        if (tex[_pos] == '\\')
                        {
                            var delimiter = ReadCommand();
                            return delimiter.Replace("<mo>", "<mo stretchy=\"true\">", StringComparison.Ordinal);
                        }

                        var d = tex[_pos++];
                        return d == '.' ? string.Empty : $"<mo stretchy=\"true\">{Escape(d.ToString())}</mo>";
                    }
            }

            if (Symbols.TryGetValue(name, out var symbol))
            {
                return symbol.Tag switch
                {
                    "mspace" when symbol.Text == "linebreak" => "<mspace linebreak=\"newline\"/>",
                    "mspace" => $"<mspace width=\"{symbol.Text}\"/>",
                    _ => $"<{symbol.Tag}>{Escape(symbol.Text)}</{symbol.Tag}>",
                };
            }

            throw new MathSyntaxException($"Unknown math command '\\{name}'.", start);
        }
    }
}
