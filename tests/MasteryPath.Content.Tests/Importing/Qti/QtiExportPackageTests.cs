using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using MasteryPath.Content.Importing.Qti;

namespace MasteryPath.Content.Tests.Importing.Qti;

/// <summary>
/// The exported package is well-formed QTI 3.0 content packaging. No package on npm ships the 1EdTech QTI 3.0 XSD
/// (see docs/adr/0030-qti-import-export.md), so the structure is checked here rule by rule from the specification:
/// namespaces and element names, identifiers, declared outcomes, and a manifest whose every file is in the archive.
/// The manifest alone is also validated with the IMS Content Packaging XSD in <see cref="QtiSchemaValidationTests"/>.
/// </summary>
public sealed class QtiExportPackageTests : IDisposable
{
    private static readonly XNamespace Qti = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
    private static readonly XNamespace MathMl = "http://www.w3.org/1998/Math/MathML";
    private static readonly XNamespace Cp = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";

    /// <summary>The QTI 3.0 elements the exporter may write, and the HTML it may carry.</summary>
    private static readonly HashSet<string> QtiElements =
    [
        "qti-assessment-item", "qti-response-declaration", "qti-correct-response", "qti-value", "qti-mapping", "qti-map-entry",
        "qti-outcome-declaration", "qti-default-value", "qti-item-body", "qti-choice-interaction", "qti-simple-choice",
        "qti-feedback-inline", "qti-text-entry-interaction", "qti-response-processing", "qti-response-condition", "qti-response-if",
        "qti-response-else-if", "qti-response-else", "qti-match", "qti-equal", "qti-string-match", "qti-is-null", "qti-variable",
        "qti-correct", "qti-base-value", "qti-set-outcome-value", "qti-map-response", "qti-modal-feedback", "qti-content-body",
        "p", "em", "strong", "code", "a", "img", "ul", "ol", "li", "br", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "pre", "hr", "del", "sup", "sub",
    ];

    /// <summary>The order of an item's parts in the QTI 3.0 information model.</summary>
    private static readonly string[] ItemOrder = ["qti-response-declaration", "qti-outcome-declaration", "qti-item-body", "qti-response-processing", "qti-modal-feedback"];

    private readonly string _zip = Path.Combine(Path.GetTempPath(), $"qti-export-{Guid.NewGuid():N}.zip");

    public void Dispose() => File.Delete(_zip);

    [Fact]
    public void EveryExportedItemFollowsTheQti3StructureAndTheManifestListsEveryFile()
    {
        var result = QtiExporter.Export(Path.Combine(RepositoryPaths.Courses, "algebra-1"), _zip, variants: 1);
        using var archive = ZipFile.OpenRead(_zip);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
        var manifest = Load(archive, "imsmanifest.xml");
        Assert.Equal(Cp + "manifest", manifest.Root!.Name);
        var resources = manifest.Descendants(Cp + "resource").ToList();
        Assert.All(resources.SelectMany(r => r.Elements(Cp + "file")), f => Assert.Contains((string)f.Attribute("href")!, entries));
        var items = resources.Where(r => (string?)r.Attribute("type") == "imsqti_item_xmlv3p0").ToList();
        Assert.Equal(result.Items.Count, items.Count);
        var test = Load(archive, (string)resources.Single(r => (string?)r.Attribute("type") == "imsqti_test_xmlv3p0").Attribute("href")!);
        Assert.Equal(
            items.Select(i => (string)i.Attribute("href")!).Order(),
            test.Descendants(Qti + "qti-assessment-item-ref").Select(r => (string)r.Attribute("href")!).Order());

        foreach (var resource in items)
        {
            var item = Load(archive, (string)resource.Attribute("href")!).Root!;
            var id = (string)item.Attribute("identifier")!;
            Assert.Equal(Qti + "qti-assessment-item", item.Name);
            XmlConvert.VerifyNCName(id);
            var foreign = item.Descendants().FirstOrDefault(e => e.Name.Namespace == Qti ? !QtiElements.Contains(e.Name.LocalName) : e.Name.Namespace != MathMl);
            Assert.True(foreign is null, $"{id}: unexpected element {foreign?.Name}");
            Assert.NotEmpty(item.Element(Qti + "qti-response-declaration")!.Element(Qti + "qti-correct-response")!.Elements(Qti + "qti-value"));
            var outcomes = item.Elements(Qti + "qti-outcome-declaration").Select(o => (string)o.Attribute("identifier")!).ToHashSet();
            var used = item.Descendants(Qti + "qti-set-outcome-value").Select(s => (string)s.Attribute("identifier")!)
                .Concat(item.Descendants().Where(e => e.Name.LocalName is "qti-modal-feedback" or "qti-feedback-inline").Select(f => (string)f.Attribute("outcome-identifier")!));
            Assert.All(used, u => Assert.Contains(u, outcomes));
            var places = item.Elements().Select(e => Array.IndexOf(ItemOrder, e.Name.LocalName)).ToList();
            Assert.DoesNotContain(-1, places);
            Assert.Equal(places.Order(), places);
            Assert.All(item.Descendants(MathMl + "annotation"), a => Assert.Equal("application/x-tex", (string?)a.Attribute("encoding")));
        }
    }

    [Fact]
    public void TheCommandPrintsASummaryAndEveryApproximatedItem()
    {
        var (exit, stdout, stderr) = CliProcess.Run("course", "export-qti", Path.Combine(RepositoryPaths.Courses, "algebra-1"), "--out", _zip, "--variants", "1");

        Assert.True(exit == 0, stderr + stdout);
        Assert.True(File.Exists(_zip));
        Assert.Contains("skill", stdout, StringComparison.Ordinal);
        Assert.Contains("approximated wle-point-slope-1: expression answers are checked for equivalence", stdout, StringComparison.Ordinal);
        Assert.Matches(@"Wrote .*: \d+ items, 0 media files, \d+ approximated, 0 left out\.", stdout.Replace("\n", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void TheCommandRefusesACourseThatDoesNotLoad()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"qti-empty-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var (exit, stdout, _) = CliProcess.Run("course", "export-qti", folder, "--out", _zip);

            Assert.Equal(1, exit);
            Assert.Contains("the course does not load", stdout, StringComparison.Ordinal);
            Assert.False(File.Exists(_zip));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static XDocument Load(ZipArchive archive, string name)
    {
        using var stream = archive.GetEntry(name)!.Open();
        return XDocument.Load(stream);
    }
}
