using MasteryPath.Content.Importing;
using MasteryPath.Content.Importing.Qti;

namespace MasteryPath.Content.Tests.Importing.Qti;

/// <summary>A Canvas quiz export (QTI 1.2 in an IMS package, read from its folder): each question_type and what is refused.</summary>
public sealed class Qti12CanvasImportTests
{
    private const string Quiz = "qti12-canvas/g1q/g1q.xml";

    private readonly QuestionBank _bank = QtiPackage.ReadFolder(QtiFixtures.Folder("qti12-canvas"));

    private ImportedItem Item(string id) => _bank.Items.Single(i => i.SourceId == id);

    [Fact]
    public void MultipleChoiceKeepsPerAnswerFeedbackGeneralFeedbackTheImageAndTheEquationsTex()
    {
        var item = Item("mc1");

        Assert.Equal("single-choice", item.Kind);
        Assert.Equal($"{Quiz}:8", item.Source.ToString());
        Assert.Equal("Integers quiz", item.Category);
        Assert.Contains("$-3 + 5$", item.Prompt, StringComparison.Ordinal);
        Assert.Contains("media/number line.png", item.Prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("equation_images", item.Prompt, StringComparison.Ordinal);
        Assert.Equal(["2", "-8", "8"], item.Choices.Select(c => c.Text));
        Assert.Equal([true, false, false], item.Choices.Select(c => c.Correct));
        Assert.Null(item.Choices[0].Feedback);
        Assert.Contains("You moved left instead of right.", item.Choices[1].Feedback, StringComparison.Ordinal);
        Assert.Contains("You dropped the sign of -3.", item.Choices[2].Feedback, StringComparison.Ordinal);
        Assert.Contains("Start at -3 and move 5 steps right.", item.Solution, StringComparison.Ordinal);
        var media = Assert.Single(_bank.Media);
        Assert.Equal("number line.png", media.Name);
        Assert.Contains("not kept", QtiFixtures.ProblemAt(_bank, $"{Quiz}:50", "itemfeedback").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TrueFalseIsAChoiceWithQtiHintAndSolutionMaterial()
    {
        var item = Item("tf1");

        Assert.Equal("single-choice", item.Kind);
        Assert.Equal(["True", "False"], item.Choices.Select(c => c.Text));
        Assert.Equal([false, true], item.Choices.Select(c => c.Correct));
        Assert.Equal(["Try (-1) × (-1)."], item.Hints);
        Assert.Equal("(-1) × (-1) = 1, which is positive.", item.Solution);
    }

    [Fact]
    public void MultipleAnswersTakesTheChoicesNotUnderNot()
    {
        var item = Item("ma1");

        Assert.Equal("multiple-select", item.Kind);
        Assert.Equal([true, false, true], item.Choices.Select(c => c.Correct));
    }

    [Fact]
    public void ShortAnswerKeepsEveryAcceptedAnswerAndWrongAnswerFeedbackAsAMisconception()
    {
        var item = Item("sa1");

        Assert.Equal("text", item.Kind);
        Assert.Equal("absolute value", item.Answer);
        Assert.Equal(["modulus"], item.Accept);
        var misconception = Assert.Single(item.Misconceptions);
        Assert.Equal("opposite", misconception.Answer);
        Assert.Contains("its distance from zero is 3", misconception.Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("num-margin", "5", "0.1")]
    [InlineData("num-range", "5", "2")]
    [InlineData("num-precision", "3.14", "0.005")]
    public void NumericalAnswersBecomeAValueWithAnAbsoluteTolerance(string id, string answer, string tolerance)
    {
        var item = Item(id);

        Assert.Equal("numeric", item.Kind);
        Assert.Equal(answer, item.Answer);
        Assert.Equal(tolerance, item.Tolerance);
    }

    [Fact]
    public void EssayAndFileUploadBecomeTasks()
    {
        var essay = _bank.Tasks.Single(t => t.SourceId == "essay1");
        var upload = _bank.Tasks.Single(t => t.SourceId == "upload1");

        Assert.Contains("Explain why subtracting a negative number adds.", essay.Prompt, StringComparison.Ordinal);
        Assert.Contains("removing a debt", essay.GraderNotes, StringComparison.Ordinal);
        Assert.False(essay.AcceptsFiles);
        Assert.Equal("Worksheet", upload.Title);
        Assert.True(upload.AcceptsFiles);
    }

    [Theory]
    [InlineData(258, "matching_question")]
    [InlineData(269, "calculated_question")]
    [InlineData(280, "text_only_question")]
    public void QuestionTypesWithoutAKindAreReportedAtTheirItem(int line, string type)
    {
        var problem = QtiFixtures.ProblemAt(_bank, $"{Quiz}:{line}", "item");

        Assert.Contains($"question_type '{type}' has no MasteryPath kind", problem.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(_bank.Items, i => i.Source.Line == line);
    }

    [Fact]
    public void TheCommonCartridgeAssessmentTypeIsReadAndNothingElseIsReported()
    {
        var warmUp = Item("warm1");

        Assert.Equal("qti12-canvas/g2q/assessment_qti.xml:5", warmUp.Source.ToString());
        Assert.Equal("Warm-up", warmUp.Category);
        Assert.Equal(8, _bank.Items.Count);
        Assert.Equal(2, _bank.Tasks.Count);
        Assert.Equal(4, _bank.Problems.Count);
    }

    [Fact]
    public void TheQuizFileAloneIsRecognizedAsQti12()
    {
        var bank = QtiFixtures.Read(new Qti12Format(), "qti12-canvas/g2q", "assessment_qti.xml");

        Assert.Equal("assessment_qti.xml:5", Assert.Single(bank.Items).Source.ToString());
        Assert.Empty(bank.Problems);
    }
}
