using System.Xml.Linq;
using static MasteryPath.Content.Importing.Qti.QtiXml;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// What an item's responseProcessing says beyond its correctResponse: an absolute tolerance (<c>equal</c> with
/// <c>toleranceMode="absolute"</c>), and which feedback identifier a specific response sets (a <c>responseIf</c> /
/// <c>responseElseIf</c> whose condition matches the response against a value and sets an outcome to an identifier).
/// Standard templates are recognized; rules built from other operators are reported and the correctResponse is used.
/// </summary>
internal sealed class QtiResponseRules
{
    private static readonly HashSet<string> KnownTemplates = new(StringComparer.Ordinal)
    {
        "match_correct", "map_response", "map_response_point", "cc2_match", "cc2_match_basic", "cc2_map_response",
    };

    private static readonly HashSet<string> Interpreted = new(StringComparer.Ordinal)
    {
        "responseCondition", "responseIf", "responseElseIf", "responseElse", "match", "stringMatch", "equal", "variable",
        "correct", "baseValue", "setOutcomeValue", "isNull", "mapResponse", "not", "and", "or", "sum", "multiple", "gte", "lte",
    };

    /// <summary>Absolute tolerance from an <c>equal</c> comparing the response with its correct value, as a number.</summary>
    public string? Tolerance { get; private init; }

    /// <summary>Feedback identifier → the response value that sets it.</summary>
    public IReadOnlyDictionary<string, string> ResponseByFeedback { get; private init; } = new Dictionary<string, string>();

    public static QtiResponseRules Read(XElement item, string responseId, QtiSource source)
    {
        var processing = Child(item, "responseProcessing");
        if (processing is null)
        {
            return new QtiResponseRules();
        }

        var template = Attr(processing, "template") ?? Attr(processing, "templateLocation");
        if (template is not null && !processing.HasElements)
        {
            var name = Path.GetFileNameWithoutExtension(template.TrimEnd('/').Split('/')[^1]);
            if (!KnownTemplates.Contains(name))
            {
                source.Problem(processing, processing.Name.LocalName, $"response processing template '{template}' is not a standard one; the item is scored from its correctResponse");
            }

            return new QtiResponseRules();
        }

        var unknown = processing.Descendants().FirstOrDefault(e => !Interpreted.Contains(Name(e)));
        if (unknown is not null)
        {
            source.Problem(unknown, unknown.Name.LocalName, "custom response processing is not interpreted beyond this point; the item is scored from its correctResponse");
        }

        string? tolerance = null;
        foreach (var equal in Descendants(processing, "equal"))
        {
            var mode = Attr(equal, "toleranceMode") ?? "exact";
            var comparesCorrect = equal.Elements().Any(e => Name(e) == "correct" && Attr(e, "identifier") == responseId);
            if (!comparesCorrect || mode == "exact")
            {
                continue;
            }

            if (mode == "absolute")
            {
                var bounds = (Attr(equal, "tolerance") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Number).ToList();
                if (bounds.Count > 0 && bounds.All(b => b is not null))
                {
                    tolerance = bounds.MaxBy(b => double.Parse(b!, System.Globalization.CultureInfo.InvariantCulture));
                    if (bounds.Distinct().Count() > 1)
                    {
                        source.Problem(equal, equal.Name.LocalName, $"asymmetric tolerance '{Attr(equal, "tolerance")}' kept as ±{tolerance}");
                    }
                }
            }
            else
            {
                source.Problem(equal, equal.Name.LocalName, $"toleranceMode '{mode}' has no MasteryPath equivalent (only an absolute tolerance); the answer is exact");
            }
        }

        var byFeedback = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var branch in processing.Descendants().Where(e => Name(e) is "responseIf" or "responseElseIf"))
        {
            var condition = branch.Elements().FirstOrDefault();
            if (condition is null || Name(condition) is not ("match" or "stringMatch" or "equal"))
            {
                continue;
            }

            var operands = condition.Elements().ToList();
            var readsResponse = operands.Any(o => Name(o) == "variable" && Attr(o, "identifier") == responseId);
            var value = operands.FirstOrDefault(o => Name(o) == "baseValue")?.Value.Trim();
            if (!readsResponse || value is null)
            {
                continue;
            }

            foreach (var set in Children(branch, "setOutcomeValue"))
            {
                var feedbackId = set.Elements().FirstOrDefault(e => Name(e) == "baseValue" && Attr(e, "baseType") == "identifier")?.Value.Trim();
                if (feedbackId is not null)
                {
                    byFeedback.TryAdd(feedbackId, value);
                }
            }
        }

        return new QtiResponseRules { Tolerance = tolerance, ResponseByFeedback = byFeedback };
    }
}
