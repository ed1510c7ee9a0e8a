using System.IO.Compression;
using MasteryPath.Content.Importing.Qti;

namespace MasteryPath.Content.Tests.Importing.Qti;

/// <summary>QTI 3.0 items (qti-* elements, kebab-case attributes) and a zipped QTI 3.0 package.</summary>
public sealed class Qti3ImportTests : IDisposable
{
    private readonly Qti3Format _format = new();
    private readonly string _zip = Path.Combine(Path.GetTempPath(), $"qti3-package-{Guid.NewGuid():N}.zip");

    public void Dispose() => File.Delete(_zip);

    [Fact]
    public void ChoiceWithInlineAndModalFeedbackAHintBlockAndGeneralFeedbackAsSolution()
    {
        var bank = QtiFixtures.Read(_format, "qti3", "choice.xml");

        Assert.Empty(bank.Problems);
        var item = Assert.Single(bank.Items);
        Assert.Equal("q3-slope", item.SourceId);
        Assert.Equal("single-choice", item.Kind);
        Assert.Contains("$$y = 2x$$", item.Prompt, StringComparison.Ordinal);
        Assert.Contains("What is the sign of its slope?", item.Prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("coefficient of x", item.Prompt, StringComparison.Ordinal);
        Assert.Equal(["positive", "negative", "zero"], item.Choices.Select(c => c.Text));
        Assert.Equal([true, false, false], item.Choices.Select(c => c.Correct));
        Assert.Null(item.Choices[0].Feedback);
        Assert.Equal("The line rises to the right.", item.Choices[1].Feedback);
        Assert.Contains("A zero slope is a horizontal line.", item.Choices[2].Feedback, StringComparison.Ordinal);
        Assert.Contains("Look at the coefficient of x.", Assert.Single(item.Hints), StringComparison.Ordinal);
        Assert.Contains("The slope is the coefficient 2, which is positive.", item.Solution, StringComparison.Ordinal);
    }

    [Fact]
    public void NumericWithAbsoluteToleranceAMisconceptionAndAHint()
    {
        var item = Assert.Single(QtiFixtures.Read(_format, "qti3", "numeric.xml").Items);

        Assert.Equal("numeric", item.Kind);
        Assert.Equal("1.414", item.Answer);
        Assert.Equal("0.0005", item.Tolerance);
        var misconception = Assert.Single(item.Misconceptions);
        Assert.Equal("1", misconception.Answer);
        Assert.Contains("1 squared is 1, not 2.", misconception.Feedback, StringComparison.Ordinal);
        Assert.Contains("It lies between 1.4 and 1.5.", Assert.Single(item.Hints), StringComparison.Ordinal);
        Assert.DoesNotContain("____", item.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void CaseSensitiveTextWithAStringMatchMisconception()
    {
        var bank = QtiFixtures.Read(_format, "qti3", "text-case-sensitive.xml");

        Assert.Empty(bank.Problems);
        var item = Assert.Single(bank.Items);
        Assert.Equal("text", item.Kind);
        Assert.Equal("Na", item.Answer);
        Assert.Empty(item.Accept);
        Assert.True(item.CaseSensitive);
        Assert.Equal("So", Assert.Single(item.Misconceptions).Answer);
    }

    [Fact]
    public void UninterpretedResponseProcessingIsReportedAndTheCorrectResponseIsUsed()
    {
        var bank = QtiFixtures.Read(_format, "qti3", "custom-processing.xml");

        var item = Assert.Single(bank.Items);
        Assert.Equal("numeric", item.Kind);
        Assert.Equal("12", item.Answer);
        Assert.Null(item.Tolerance);
        var problem = QtiFixtures.ProblemAt(bank, "custom-processing.xml:13", "qti-gt");
        Assert.Contains("scored from its correctResponse", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtendedTextIsATask()
    {
        var bank = QtiFixtures.Read(_format, "qti3", "essay.xml");

        var task = Assert.Single(bank.Tasks);
        Assert.Equal("Reflection", task.Title);
        Assert.Contains("Explain why a negative times a negative is positive.", task.Prompt, StringComparison.Ordinal);
        Assert.Empty(bank.Problems);
    }

    [Fact]
    public void GapMatchIsRefusedAtItsLine()
    {
        var bank = QtiFixtures.Read(_format, "qti3", "gap-match.xml");

        Assert.Empty(bank.Items);
        Assert.Contains("no MasteryPath kind", QtiFixtures.ProblemAt(bank, "gap-match.xml:7", "qti-gap-match-interaction").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AQti21ItemIsNotTakenForQti3()
    {
        var text = File.ReadAllText(Path.Combine(QtiFixtures.Folder("qti21"), "essay.xml"));

        Assert.False(_format.Recognizes("essay.xml", text));
        Assert.True(new Qti2Format().Recognizes("essay.xml", text));
    }

    [Fact]
    public void AZippedPackageGivesSectionCategoriesObjectImagesAndRefusesTheHotspotItem()
    {
        ZipFile.CreateFromDirectory(Path.Combine(QtiFixtures.Folder("qti3"), "package"), _zip);

        var bank = QtiPackage.ReadZip(_zip);

        var name = Path.GetFileName(_zip);
        var item = Assert.Single(bank.Items);
        Assert.Equal("graph", item.SourceId);
        Assert.Equal($"{name}/items/graph.xml:2", item.Source.ToString());
        Assert.Equal("Reading graphs", item.Category);
        Assert.Equal("4", item.Answer);
        Assert.Contains("media/graph.png", item.Prompt, StringComparison.Ordinal);
        Assert.Equal("graph.png", Assert.Single(bank.Media).Name);
        var problem = Assert.Single(bank.Problems);
        Assert.Equal($"{name}/items/hotspot.xml:7", problem.Source.ToString());
        Assert.Equal("qti-hotspot-interaction", problem.Element);
    }
}
