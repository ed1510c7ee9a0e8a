using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace MasteryPath.Content.Importing.Moodle;

/// <summary>
/// Moodle XML, as Moodle's question bank export writes it: a <c>&lt;quiz&gt;</c> of <c>&lt;question type="…"&gt;</c>.
/// Categories group the questions that follow them; multichoice, truefalse, shortanswer, numerical and a cloze
/// (multianswer) with one gap become items, essays become tasks; every other type is reported with its line.
/// </summary>
public sealed partial class MoodleXmlFormat : IQuestionBankFormat
{
    public string Name => "Moodle XML";

    public bool Recognizes(string fileName, string head)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(head);
        return fileName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && QuizRoot().IsMatch(head);
    }

    public QuestionBank Read(string displayName, string text, Func<string, byte[]?> resolveFile)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(text);
        var bank = new QuestionBank();
        if (Parse(displayName, text, bank) is not { } quiz)
        {
            return bank;
        }

        var media = new MediaNames(bank);
        MoodleCategory? category = null;
        foreach (var element in quiz.Elements())
        {
            if (element.Name.LocalName != "question")
            {
                bank.Problems.Add(new ImportProblem(new SourceLocation(displayName, MoodleQuestion.Line(element)), $"<{element.Name.LocalName}>", "not a <question>: left out"));
                continue;
            }

            var question = new MoodleQuestion(element, displayName, category, bank, media);
            if (question.Type == "category")
            {
                var path = element.Element("category")?.Element("text")?.Value ?? "";
                category = MoodleCategory.FromPath(path);
                continue;
            }

            MoodleQuestionTypes.Read(question, bank);
        }

        return bank;
    }

    private static XElement? Parse(string displayName, string text, QuestionBank bank)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(text), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            bank.Problems.Add(new ImportProblem(new SourceLocation(displayName, ex.LineNumber), "XML", $"not well-formed, nothing imported: {ex.Message}"));
            return null;
        }

        if (document.Root is not { Name.LocalName: "quiz" } quiz)
        {
            bank.Problems.Add(new ImportProblem(
                new SourceLocation(displayName, document.Root is null ? 0 : MoodleQuestion.Line(document.Root)),
                $"<{document.Root?.Name.LocalName}>",
                "not a Moodle XML export (its root element is not <quiz>): nothing imported"));
            return null;
        }

        return quiz;
    }

    [GeneratedRegex(@"<quiz[\s>/]")]
    private static partial Regex QuizRoot();
}
