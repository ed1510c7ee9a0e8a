using System.Globalization;
using System.Xml.Linq;
using MasteryPath.Domain.Items;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// One concrete MasteryPath item as a QTI 3.0 qti-assessment-item. Scoring is the match_correct rule (map_response
/// for text, an absolute-tolerance qti-equal for numbers) written out, so that it can also set FEEDBACK: per-choice
/// feedback is a qti-feedback-inline keyed by the choice, a misconception a qti-modal-feedback whose identifier a
/// response rule sets, hints are qti-modal-feedback on outcome HINT and the solution on outcome SOLUTION (the rule
/// <see cref="QtiFeedback"/> reads back).
/// </summary>
internal static class QtiItemWriter
{
    private static readonly XNamespace Qti = QtiXml.Qti3Namespace;
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private const string SchemaLocation = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0 https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd";

    /// <summary>The item document; <paramref name="image"/> receives each image src it uses; <paramref name="notes"/> what was approximated.</summary>
    public static XDocument Write(Item item, string identifier, bool pinLastChoice, Action<string> image, List<string> notes)
    {
        var response = new XElement(Qti + "qti-response-declaration", new XAttribute("identifier", "RESPONSE"));
        var body = new XElement(Qti + "qti-item-body", QtiMarkup.Blocks(item.Prompt, image));
        var processing = new XElement(Qti + "qti-response-processing");
        var modal = new List<XElement>();
        var feedbackCardinality = "single";

        switch (item.Key)
        {
            case ChoiceAnswerKey choices:
                feedbackCardinality = choices.MultipleSelect ? "multiple" : "single";
                response.Add(new XAttribute("cardinality", feedbackCardinality), new XAttribute("base-type", "identifier"), Correct(choices.Choices.Where(c => c.IsCorrect).Select(c => ChoiceId(c.Key))));
                var interaction = new XElement(
                    Qti + "qti-choice-interaction",
                    new XAttribute("response-identifier", "RESPONSE"),
                    new XAttribute("shuffle", "true"),
                    new XAttribute("max-choices", choices.MultipleSelect ? 0 : 1));
                for (var i = 0; i < choices.Choices.Count; i++)
                {
                    var choice = choices.Choices[i];
                    interaction.Add(new XElement(
                        Qti + "qti-simple-choice",
                        new XAttribute("identifier", ChoiceId(choice.Key)),
                        pinLastChoice && i == choices.Choices.Count - 1 ? new XAttribute("fixed", "true") : null,
                        QtiMarkup.Inline(choice.Text, image),
                        choice.Feedback is null ? null : new XElement(
                            Qti + "qti-feedback-inline",
                            new XAttribute("outcome-identifier", "FEEDBACK"),
                            new XAttribute("identifier", ChoiceId(choice.Key)),
                            new XAttribute("show-hide", "show"),
                            QtiMarkup.Inline(choice.Feedback, image))));
                }

                body.Add(interaction);
                processing.Add(
                    ScoreIf(Operator("qti-match", Variable(), new XElement(Qti + "qti-correct", new XAttribute("identifier", "RESPONSE")))),
                    new XElement(Qti + "qti-set-outcome-value", new XAttribute("identifier", "FEEDBACK"), Variable()));
                break;

            case NumericAnswerKey number:
                response.Add(new XAttribute("cardinality", "single"), new XAttribute("base-type", "float"), Correct([Decimal(number.Written, number.Value, notes)]));
                body.Add(TextEntry());
                var equal = new XElement(Qti + "qti-equal", Variable(), new XElement(Qti + "qti-correct", new XAttribute("identifier", "RESPONSE")));
                var tolerance = number.Tolerance.ToString("R", CultureInfo.InvariantCulture);
                equal.Add(new XAttribute("tolerance-mode", number.Tolerance > 0 ? "absolute" : "exact"));
                if (number.Tolerance > 0)
                {
                    equal.Add(new XAttribute("tolerance", $"{tolerance} {tolerance}"));
                }
                processing.Add(ScoreIf(equal));
                if (number.DecimalPlaces is { } places)
                {
                    notes.Add($"the form demand 'decimal-places: {places}' has no QTI equivalent; only the value is checked");
                }

                AddMisconceptions(processing, modal, number.Misconceptions, answer =>
                    double.TryParse(answer, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                        ? Operator("qti-equal", Variable(), new XElement(Qti + "qti-base-value", new XAttribute("base-type", "float"), answer)).WithAttribute("tolerance-mode", "exact")
                        : null, image, notes);
                break;

            default:
                var (accepted, caseSensitive, misconceptions) = item.Key switch
                {
                    TextAnswerKey text => (text.Accepted, text.CaseSensitive, text.Misconceptions),
                    FractionAnswerKey fraction => ([fraction.CanonicalResponse], true, fraction.Misconceptions),
                    ExpressionAnswerKey expression => ([expression.CanonicalResponse], true, expression.Misconceptions),
                    _ => throw new InvalidOperationException($"no QTI form for {item.Key.GetType().Name}"),
                };
                if (item.Key is not TextAnswerKey)
                {
                    notes.Add($"{ItemKinds.Name(item.Kind)} answers are checked for equivalence in MasteryPath; QTI has no such check, so it is a text entry accepting only '{accepted[0]}'");
                }

                response.Add(
                    new XAttribute("cardinality", "single"),
                    new XAttribute("base-type", "string"),
                    Correct([accepted[0]]),
                    new XElement(
                        Qti + "qti-mapping",
                        new XAttribute("default-value", 0),
                        accepted.Distinct(StringComparer.Ordinal).Select(a => new XElement(
                            Qti + "qti-map-entry",
                            new XAttribute("map-key", a),
                            new XAttribute("mapped-value", 1),
                            new XAttribute("case-sensitive", caseSensitive ? "true" : "false")))));
                body.Add(TextEntry());
                processing.Add(new XElement(
                    Qti + "qti-response-condition",
                    new XElement(Qti + "qti-response-if", new XElement(Qti + "qti-is-null", Variable()), SetScore(0)),
                    new XElement(Qti + "qti-response-else", new XElement(Qti + "qti-set-outcome-value", new XAttribute("identifier", "SCORE"), new XElement(Qti + "qti-map-response", new XAttribute("identifier", "RESPONSE"))))));
                AddMisconceptions(processing, modal, misconceptions, answer =>
                    Operator("qti-string-match", Variable(), new XElement(Qti + "qti-base-value", new XAttribute("base-type", "string"), answer)).WithAttribute("case-sensitive", caseSensitive ? "true" : "false"), image, notes);
                break;
        }

        for (var i = 0; i < item.Hints.Count; i++)
        {
            modal.Add(Modal("HINT", $"HINT_{i + 1}", item.Hints[i], image));
        }

        var hasSolution = !string.IsNullOrWhiteSpace(item.Solution);
        if (hasSolution)
        {
            modal.Add(Modal("SOLUTION", "SOLUTION", item.Solution, image));
            processing.Add(new XElement(Qti + "qti-set-outcome-value", new XAttribute("identifier", "SOLUTION"), new XElement(Qti + "qti-base-value", new XAttribute("base-type", "identifier"), "SOLUTION")));
        }

        var root = new XElement(
            Qti + "qti-assessment-item",
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute(Xsi + "schemaLocation", SchemaLocation),
            new XAttribute("identifier", identifier),
            new XAttribute("title", identifier),
            new XAttribute("adaptive", "false"),
            new XAttribute("time-dependent", "false"),
            response,
            Outcome("SCORE", "single", "float", new XElement(Qti + "qti-default-value", new XElement(Qti + "qti-value", 0))),
            Outcome("FEEDBACK", feedbackCardinality, "identifier", null),
            item.Hints.Count > 0 ? Outcome("HINT", "single", "identifier", null) : null,
            hasSolution ? Outcome("SOLUTION", "single", "identifier", null) : null,
            body,
            processing,
            modal);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>A QTI identifier for a course id: an XML name (a leading digit or dot gets a prefix).</summary>
    public static string Identifier(string id) => id.Length > 0 && (char.IsLetter(id[0]) || id[0] == '_') ? id : "i-" + id;

    private static string ChoiceId(string key) => "CHOICE_" + key.ToUpperInvariant();

    private static XElement WithAttribute(this XElement element, string name, string value)
    {
        element.SetAttributeValue(name, value);
        return element;
    }

    private static void AddMisconceptions(XElement processing, List<XElement> modal, IReadOnlyList<Misconception> misconceptions, Func<string, XElement?> condition, Action<string> image, List<string> notes)
    {
        if (misconceptions.Count == 0)
        {
            return;
        }

        var rules = new XElement(Qti + "qti-response-condition");
        for (var i = 0; i < misconceptions.Count; i++)
        {
            var test = condition(misconceptions[i].Answer);
            if (test is null)
            {
                notes.Add($"misconception '{misconceptions[i].Answer}' is not a decimal number; left out");
                continue;
            }

            var id = $"MISCONCEPTION_{i + 1}";
            rules.Add(new XElement(
                Qti + (rules.HasElements ? "qti-response-else-if" : "qti-response-if"),
                test,
                new XElement(Qti + "qti-set-outcome-value", new XAttribute("identifier", "FEEDBACK"), new XElement(Qti + "qti-base-value", new XAttribute("base-type", "identifier"), id))));
            modal.Add(Modal("FEEDBACK", id, misconceptions[i].Feedback, image));
        }

        if (rules.HasElements)
        {
            processing.Add(rules);
        }
    }

    private static string Decimal(string written, double value, List<string> notes)
    {
        if (double.TryParse(written, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return written;
        }

        notes.Add($"the answer '{written}' is written as the decimal {value.ToString("R", CultureInfo.InvariantCulture)}");
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static XElement Correct(IEnumerable<string> values) =>
        new(Qti + "qti-correct-response", values.Select(v => new XElement(Qti + "qti-value", v)));

    private static XElement TextEntry() =>
        new(Qti + "p", new XElement(Qti + "qti-text-entry-interaction", new XAttribute("response-identifier", "RESPONSE")));

    private static XElement Variable() => new(Qti + "qti-variable", new XAttribute("identifier", "RESPONSE"));

    private static XElement Operator(string name, params XElement[] operands) => new(Qti + name, operands);

    private static XElement SetScore(int score) =>
        new(Qti + "qti-set-outcome-value", new XAttribute("identifier", "SCORE"), new XElement(Qti + "qti-base-value", new XAttribute("base-type", "float"), score));

    private static XElement ScoreIf(XElement condition) => new(
        Qti + "qti-response-condition",
        new XElement(Qti + "qti-response-if", condition, SetScore(1)),
        new XElement(Qti + "qti-response-else", SetScore(0)));

    private static XElement Outcome(string identifier, string cardinality, string baseType, XElement? defaultValue) => new(
        Qti + "qti-outcome-declaration",
        new XAttribute("identifier", identifier),
        new XAttribute("cardinality", cardinality),
        new XAttribute("base-type", baseType),
        defaultValue);

    private static XElement Modal(string outcome, string identifier, string markdown, Action<string> image) => new(
        Qti + "qti-modal-feedback",
        new XAttribute("outcome-identifier", outcome),
        new XAttribute("identifier", identifier),
        new XAttribute("show-hide", "show"),
        new XElement(Qti + "qti-content-body", QtiMarkup.Blocks(markdown, image)));
}
