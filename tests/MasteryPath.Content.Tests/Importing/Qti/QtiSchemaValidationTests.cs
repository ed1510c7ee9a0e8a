using System.IO.Compression;
using System.Xml;
using System.Xml.Schema;
using MasteryPath.Content.Importing.Qti;

namespace MasteryPath.Content.Tests.Importing.Qti;

/// <summary>
/// The exported manifest is validated with the official IMS Content Packaging 1.1.4 XSD (imscp_v1p1.xsd, shipped in
/// Fixtures/Import/qti3-xsd, see its README), not with checks of our own. The QTI 3.0 profile of content packaging keeps
/// the CP structure under its own namespace, so that namespace is mapped to the CP one before validating; the schema
/// files are used unchanged. The 1EdTech QTI 3.0 ASI XSD for the item files is not shipped by any package this project
/// can reach, so the items are still checked rule by rule in <see cref="QtiExportPackageTests"/>.
/// </summary>
public sealed class QtiSchemaValidationTests : IDisposable
{
    private const string QtiCpNamespace = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";
    private const string CpNamespace = "http://www.imsglobal.org/xsd/imscp_v1p1";

    private readonly string _zip = Path.Combine(Path.GetTempPath(), $"qti-xsd-{Guid.NewGuid():N}.zip");

    public void Dispose() => File.Delete(_zip);

    [Theory]
    [InlineData("algebra-1")]
    [InlineData("argument-writing")]
    public void TheExportedManifestIsValidAgainstTheImsContentPackagingXsd(string course)
    {
        QtiExporter.Export(Path.Combine(RepositoryPaths.Courses, course), _zip, variants: 1);
        using var archive = ZipFile.OpenRead(_zip);
        using var reader = new StreamReader(archive.GetEntry(QtiPackage.ManifestName)!.Open());
        var manifest = reader.ReadToEnd();

        Assert.Contains(QtiCpNamespace, manifest, StringComparison.Ordinal);
        var errors = Validate(QtiPackage.ManifestName, manifest.Replace(QtiCpNamespace, CpNamespace, StringComparison.Ordinal));

        Assert.True(errors.Count == 0, $"{course}: {errors.Count} schema errors\n" + string.Join('\n', errors));
    }

    [Fact]
    public void TheSchemaReportsABrokenManifest()
    {
        const string Broken = $"""
            <manifest xmlns="{CpNamespace}" identifier="m">
              <organizations />
              <resources>
                <resource identifier="r" href="a.xml"><file href="a.xml" /></resource>
                <resource identifier="r" type="webcontent" />
                <extra />
              </resources>
            </manifest>
            """;

        var errors = Validate("broken.xml", Broken);

        Assert.Contains(errors, e => e.Contains("broken.xml:4:", StringComparison.Ordinal) && e.Contains("type", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("broken.xml:5:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("broken.xml:6:", StringComparison.Ordinal));
    }

    /// <summary>Every error and warning, as "file:line:column: message"; a warning too, so an element no schema knows fails.</summary>
    private static List<string> Validate(string file, string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
            Schemas = Schemas(),
        };
        settings.ValidationEventHandler += (_, e) =>
            errors.Add($"{file}:{e.Exception.LineNumber}:{e.Exception.LinePosition}: {e.Severity}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    private static XmlSchemaSet Schemas()
    {
        var folder = QtiFixtures.Folder("qti3-xsd");
        var set = new XmlSchemaSet { XmlResolver = null };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        foreach (var name in new[] { "xml.xsd", "imscp_v1p1.xsd" })
        {
            using var reader = XmlReader.Create(Path.Combine(folder, name), settings);
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }
}
