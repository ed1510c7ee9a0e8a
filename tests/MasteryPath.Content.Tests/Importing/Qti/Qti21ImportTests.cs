using MasteryPath.Content.Importing.Qti;
using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Tests.Importing.Qti;

/// <summary>QTI 2.1/2.2 items: what maps (fields checked one by one) and what is refused (file:line and element).</summary>
public sealed class Qti21ImportTests
{
    private readonly Qti2Format _format = new();

    [Fact]
    public void SingleChoiceKeepsPerChoiceFeedbackHintsSolutionImageAndTexFromTheAnnotation()
    {
        var bank = QtiFixtures.Read(_format, "qti21", "choice-feedback.xml");

        var item = Assert.Single(bank.Items);
        Assert.Equal("q21-choice", item.SourceId);
        Assert.Equal("single-choice", item.Kind);
        Assert.Equal("choice-feedback.xml:2", item.Source.ToString());
        Assert.Contains("The legs of the right triangle are 3 and 4.", item.Prompt, StringComparison.Ordinal);
        Assert.Contains("How long is the hypotenuse", item.Prompt, StringComparison.Ordinal);
        Assert.Contains(@"c = \sqrt{a^2 + b^2}", item.Prompt, StringComparison.Ordinal);
        Assert.Contains("media/triangle.png", item.Prompt, StringComparison.Ordinal);
        Assert.Equal(["7", "5", "25"], item.Choices.Select(c => c.Text));
        Assert.Equal([false, true, false], item.Choices.Select(c => c.Correct));
        Assert.Equal("You added the legs.", item.Choices[0].Feedback);
        Assert.Null(item.Choices[1].Feedback);
        Assert.Equal("That is the square of the hypotenuse.", item.Choices[2].Feedback);
        Assert.Equal(["Square both legs.", "Add the squares, then take the square root."], item.Hints);
        Assert.Equal("3² + 4² = 25, and √25 = 5.", item.Solution);
        Assert.False(item.PinLastChoice);

        var media = Assert.Single(bank.Media);
        Assert.Equal("triangle.png", media.Name);
        Assert.Equal(File.ReadAllBytes(Path.Combine(QtiFixtures.Folder("qti21"), "images", "triangle.png")), media.Content);

        var problem = Assert.Single(bank.Problems);
        Assert.Equal("choice-feedback.xml:25", problem.Source.ToString());
        Assert.Equal("modalFeedback", problem.Element);
        Assert.Contains("'correct'", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MultipleCardinalityIsMultipleSelectWithFeedbackByChoiceAndAFixedLastChoice()
    {
        var bank = QtiFixtures.Read(_format, "qti21", "multiple-response.xml");

        Assert.Empty(bank.Problems);
        var item = Assert.Single(bank.Items);
        Assert.Equal("multiple-select", item.Kind);
        Assert.Equal(["2", "3", "9", "1"], item.Choices.Select(c => c.Text));
        Assert.Equal([true, true, false, false], item.Choices.Select(c => c.Correct));
        Assert.Equal([null, null, "9 is 3 × 3.", "1 is neither prime nor composite."], item.Choices.Select(c => c.Feedback));
        Assert.True(item.PinLastChoice);
        Assert.Contains("Which numbers are prime?", item.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void FloatTextEntryIsNumericWithTheAbsoluteToleranceAndAMisconceptionFromResponseProcessing()
    {
        var bank = QtiFixtures.Read(_format, "qti21", "numeric-tolerance.xml");

        Assert.Empty(bank.Problems);
        var item = Assert.Single(bank.Items);
        Assert.Equal("numeric", item.Kind);
        Assert.Equal("3.14", item.Answer);
        Assert.Equal("0.005", item.Tolerance);
        var misconception = Assert.Single(item.Misconceptions);
        Assert.Equal("3", misconception.Answer);
        Assert.Equal("Keep two decimal places.", misconception.Feedback);
        Assert.Contains("to two decimal places:", item.Prompt, StringComparison.Ordinal);
        Assert.Contains("____", CourseMarkdown.PlainText(item.Prompt), StringComparison.Ordinal);
    }

    [Fact]
    public void StringTextEntryIsTextWithMappedAlternativesAndCaseInsensitivity()
    {
        var bank = QtiFixtures.Read(_format, "qti21", "text-alternatives.xml");

        Assert.Empty(bank.Problems);
        var item = Assert.Single(bank.Items);
        Assert.Equal("text", item.Kind);
        Assert.Equal("Paris", item.Answer);
        Assert.Equal(["Paname"], item.Accept);
        Assert.False(item.CaseSensitive);
    }

    [Fact]
    public void InlineChoiceIsASingleChoice()
    {
        var bank = QtiFixtures.Read(_format, "qti21", "inline-choice.xml");

        Assert.Empty(bank.Problems);
        var item = Assert.Single(bank.Items);
        Assert.Equal("single-choice", item.Kind);
        Assert.Equal(["lower", "higher"], item.Choices.Select(c => c.Text));
        Assert.Equal([true, false], item.Choices.Select(c => c.Correct));
        Assert.Contains("so at altitude it boils at a ____ temperature.", CourseMarkdown.PlainText(item.Prompt), StringComparison.Ordinal);
    }

    [Fact]
    public void ExtendedTextIsAnEssayTaskWithTheRubricAsGraderNotes()
    {
        var bank = QtiFixtures.Read(_format, "qti21", "essay.xml");

        Assert.Empty(bank.Problems);
        Assert.Empty(bank.Items);
        var task = Assert.Single(bank.Tasks);
        Assert.Equal("q21-essay", task.SourceId);
        Assert.Equal("Claim and evidence", task.Title);
        Assert.Contains("Argue for or against school uniforms.", task.Prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Full marks", task.Prompt, StringComparison.Ordinal);
        Assert.Contains("Full marks: a claim and two pieces of evidence.", task.GraderNotes, StringComparison.Ordinal);
        Assert.False(task.AcceptsFiles);
    }

    [Theory]
    [InlineData("match.xml", "match.xml:7", "matchInteraction", "no MasteryPath kind")]
    [InlineData("order.xml", "order.xml:8", "orderInteraction", "no MasteryPath kind")]
    [InlineData("two-interactions.xml", "two-interactions.xml:7", "textEntryInteraction", "more than one interaction (the first is textEntryInteraction at line 6)")]
    [InlineData("no-correct-response.xml", "no-correct-response.xml:3", "responseDeclaration", "no correctResponse")]
    [InlineData("broken.xml", "broken.xml:5", "xml", "not well-formed XML")]
    public void RefusedItemsAreLeftOutAndReportedWithFileLineAndElement(string file, string location, string element, string why)
    {
        var bank = QtiFixtures.Read(_format, "qti21", file);

        Assert.Empty(bank.Items);
        Assert.Empty(bank.Tasks);
        var problem = QtiFixtures.ProblemAt(bank, location, element);
        Assert.Contains(why, problem.Reason, StringComparison.Ordinal);
        Assert.Single(bank.Problems);
    }

    [Fact]
    public void AnImageOutsideThePackageIsNotReadAndIsReported()
    {
        var bank = QtiFixtures.Read(_format, "qti21", "image-outside.xml");

        Assert.Empty(bank.Media);
        var item = Assert.Single(bank.Items);
        Assert.Equal("numeric", item.Kind);
        Assert.Equal("3", item.Answer);
        var problem = QtiFixtures.ProblemAt(bank, "image-outside.xml:5", "img");
        Assert.Contains("leads outside the package", problem.Reason, StringComparison.Ordinal);
    }
}
