using MasteryPath.Content.Importing.Qti;

namespace MasteryPath.Content.Tests.Importing.Qti;

/// <summary>A QTI 2.1 package in a folder: the manifest's resources, the test's sections, and what it refuses.</summary>
public sealed class QtiPackageTests
{
    [Fact]
    public void AFolderPackageReadsItsItemsWithSectionsAndReportsEveryResourceItCannotRead()
    {
        var bank = QtiPackage.ReadFolder(Path.Combine(QtiFixtures.Folder("qti21"), "package"));

        var item = Assert.Single(bank.Items);
        Assert.Equal("area", item.SourceId);
        Assert.Equal("package/items/area.xml:2", item.Source.ToString());
        Assert.Equal("Area of triangles", item.Category);
        Assert.Equal("numeric", item.Kind);
        Assert.Equal("6", item.Answer);
        Assert.Equal("triangle.png", Assert.Single(bank.Media).Name);

        Assert.Equal(3, bank.Problems.Count);
        Assert.Contains("no MasteryPath kind", QtiFixtures.ProblemAt(bank, "package/items/order.xml:8", "orderInteraction").Reason, StringComparison.Ordinal);
        Assert.Contains("leads outside the package", QtiFixtures.ProblemAt(bank, "package/imsmanifest.xml:15", "resource").Reason, StringComparison.Ordinal);
        Assert.Contains("is not in the package", QtiFixtures.ProblemAt(bank, "package/imsmanifest.xml:16", "resource").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheManifestIsRecognizedByNameAndContent()
    {
        var format = new QtiPackage();
        var manifest = File.ReadAllText(Path.Combine(QtiFixtures.Folder("qti21"), "package", "imsmanifest.xml"));

        Assert.True(format.Recognizes("imsmanifest.xml", manifest));
        Assert.False(format.Recognizes("manifest.xml", manifest));
        Assert.False(format.Recognizes("imsmanifest.xml", "<manifest><resources><resource type=\"webcontent\"/></resources></manifest>"));
    }

    [Fact]
    public void AFileThatIsNotAZipIsOneProblem()
    {
        var notZip = Path.Combine(Path.GetTempPath(), $"not-a-package-{Guid.NewGuid():N}.zip");
        File.WriteAllText(notZip, "<assessmentItem/>");
        try
        {
            var problem = Assert.Single(QtiPackage.ReadZip(notZip).Problems);

            Assert.Equal("zip", problem.Element);
            Assert.Equal(Path.GetFileName(notZip), problem.Source.File);
        }
        finally
        {
            File.Delete(notZip);
        }
    }

    [Fact]
    public void AFolderWithoutManifestIsOneProblem()
    {
        var bank = QtiPackage.ReadFolder(QtiFixtures.Folder("qti3"));

        Assert.Empty(bank.Items);
        Assert.Equal("qti3/imsmanifest.xml: manifest: the folder has no imsmanifest.xml", Assert.Single(bank.Problems).ToString());
    }
}
