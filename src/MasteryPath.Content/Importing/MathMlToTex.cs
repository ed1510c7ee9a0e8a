using System.Globalization;
using System.Text;
using AngleSharp.Dom;

namespace MasteryPath.Content.Importing;

/// <summary>
/// Presentation MathML (as question banks write it) → the TeX subset the course dialect renders. A TeX annotation
/// (<c>&lt;annotation encoding="application/x-tex"&gt;</c>) wins when present, so TeX written by an author comes back
/// as written. Elements with no TeX here are reported by name.
/// </summary>
public static class MathMlToTex
{
    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["×"] = @"\times",
        ["÷"] = @"\div",
        ["±"] = @"\pm",
        ["∓"] = @"\mp",
        ["≤"] = @"\le",
        ["≥"] = @"\ge",
        ["≠"] = @"\ne",
        ["≈"] = @"\approx",
        ["⋅"] = @"\cdot",
        ["·"] = @"\cdot",
        ["−"] = "-",
        ["∞"] = @"\infty",
        ["→"] = @"\to",
        ["⇒"] = @"\Rightarrow",
        ["°"] = @"^\circ",
        ["∠"] = @"\angle",
        ["△"] = @"\triangle",
        ["⊥"] = @"\perp",
        ["∥"] = @"\parallel",
        ["…"] = @"\ldots",
        ["π"] = @"\pi",
        ["θ"] = @"\theta",
        ["α"] = @"\alpha",
        ["β"] = @"\beta",
        ["γ"] = @"\gamma",
        ["Δ"] = @"\Delta",
        ["δ"] = @"\delta",
        ["λ"] = @"\lambda",
        ["μ"] = @"\mu",
        ["σ"] = @"\sigma",
        ["Σ"] = @"\Sigma",
        ["∑"] = @"\sum",
        ["{"] = @"\{",
        ["}"] = @"\}",
        ["%"] = @"\%",
        ["<"] = @"\lt",
        [">"] = @"\gt",
        ["|"] = "|",
        ["\u2062"] = string.Empty,
        ["\u2061"] = string.Empty,
        ["\u2063"] = ",",
    };

    /// <summary>The TeX for a <c>&lt;math&gt;</c> element; <paramref name="problem"/> gets (element, reason) for what has no TeX.</summary>
    public static string Convert(IElement math, Action<string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(math);
        ArgumentNullException.ThrowIfNull(problem);
        if (FindTexAnnotation(math) is { } tex)
        {
            return tex.Trim();
        }

        var builder = new StringBuilder();
        AppendChildren(math, builder, problem);
        return Tidy(builder.ToString());
    }

    private static string? FindTexAnnotation(IElement math)
    {
        foreach (var element in math.Descendants<IElement>())
        {
            if (LocalName(element) == "annotation" &&
                element.GetAttribute("encoding") is { } encoding &&
                (encoding.Contains("tex", StringComparison.OrdinalIgnoreCase) || encoding.Contains("latex", StringComparison.OrdinalIgnoreCase)) &&
                !string.IsNullOrWhiteSpace(element.TextContent))
            {
                return element.TextContent;
            }
        }

        return null;
    }

    internal static string LocalName(IElement element)
    {
        var name = element.LocalName;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? name[(colon + 1)..] : name).ToLowerInvariant();
    }

    private static void AppendChildren(IElement element, StringBuilder builder, Action<string, string> problem)
    {
        foreach (var child in element.Children)
        {
            Append(child, builder, problem);
        }
    }

    private static string Group(IElement? element, Action<string, string> problem)
    {
        if (element is null)
        {
            return "{}";
        }

        var builder = new StringBuilder();
        Append(element, builder, problem);
        return "{" + Tidy(builder.ToString()) + "}";
    }

    private static void Append(IElement element, StringBuilder builder, Action<string, string> problem)
    {
        var children = element.Children.ToList();
        switch (LocalName(element))
        {
            case "math" or "mrow" or "mstyle" or "mpadded" or "mphantom" or "semantics" or "menclose":
                AppendChildren(element, builder, problem);
                break;
            case "annotation" or "annotation-xml":
                break;
            case "mi":
                var identifier = element.TextContent.Trim();
                builder.Append(Operators.TryGetValue(identifier, out var symbol) ? symbol + " " : identifier.Length > 1 && IsFunctionName(identifier) ? @"\mathrm{" + identifier + "}" : identifier);
                break;
            case "mn":
                builder.Append(element.TextContent.Trim());
                break;
            case "mo":
                var op = element.TextContent.Trim();
                builder.Append(Operators.TryGetValue(op, out var tex) ? (tex.StartsWith('\\') ? " " + tex + " " : tex) : op switch
                {
                    "(" or ")" or "[" or "]" or "+" or "-" or "=" or "/" or "," or "!" or "'" or ":" or ";" => op,
                    _ => Unknown(op, problem),
                });
                break;
            case "mtext":
                builder.Append(@"\text{").Append(element.TextContent.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal)).Append('}');
                break;
            case "mspace":
                builder.Append(@"\,");
                break;
            case "mfrac":
                builder.Append(@"\frac").Append(Group(children.ElementAtOrDefault(0), problem)).Append(Group(children.ElementAtOrDefault(1), problem));
                break;
            case "msqrt":
                var inner = new StringBuilder();
                AppendChildren(element, inner, problem);
                builder.Append(@"\sqrt{").Append(Tidy(inner.ToString())).Append('}');
                break;
            case "mroot":
                builder.Append(@"\sqrt[").Append(Group(children.ElementAtOrDefault(1), problem).Trim('{', '}')).Append(']').Append(Group(children.ElementAtOrDefault(0), problem));
                break;
            case "msup":
                builder.Append(Group(children.ElementAtOrDefault(0), problem)).Append('^').Append(Group(children.ElementAtOrDefault(1), problem));
                break;
            case "msub":
                builder.Append(Group(children.ElementAtOrDefault(0), problem)).Append('_').Append(Group(children.ElementAtOrDefault(1), problem));
                break;
            case "msubsup":
                builder.Append(Group(children.ElementAtOrDefault(0), problem)).Append('_').Append(Group(children.ElementAtOrDefault(1), problem))
                    .Append('^').Append(Group(children.ElementAtOrDefault(2), problem));
                break;
            case "mover" when children.Count == 2 && children[1].TextContent.Trim() is "¯" or "‾" or "_" or "―":
                builder.Append(@"\overline").Append(Group(children[0], problem));
                break;
            case "mfenced":
                var open = element.GetAttribute("open") ?? "(";
                var close = element.GetAttribute("close") ?? ")";
                builder.Append(@"\left").Append(Fence(open)).Append(' ');
                for (var i = 0; i < children.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Append(children[i], builder, problem);
                }

                builder.Append(@" \right").Append(Fence(close));
                break;
            default:
                problem($"<{LocalName(element)}>", "this MathML element has no TeX in the course dialect; its text was kept");
                builder.Append(element.TextContent.Trim());
                break;
        }
    }

    private static string Fence(string fence) => fence switch
    {
        "{" => @"\{",
        "}" => @"\}",
        "|" => "|",
        "" => ".",
        _ => fence,
    };

    private static bool IsFunctionName(string name) => name is "sin" or "cos" or "tan" or "log" or "ln" or "exp" or "max" or "min" or "gcd" or "lcm";

    private static string Unknown(string op, Action<string, string> problem)
    {
        if (op.Length == 1 && char.IsLetterOrDigit(op[0]))
        {
            return op;
        }

        problem("<mo>", string.Create(CultureInfo.InvariantCulture, $"the operator '{op}' has no TeX in the course dialect; kept as text"));
        return @"\text{" + op + "}";
    }

    private static string Tidy(string tex) => string.Join(' ', tex.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
