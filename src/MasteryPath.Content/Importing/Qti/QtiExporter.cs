using System.IO.Compression;
using System.Xml.Linq;
using MasteryPath.Content.Loading;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>One exported (or left-out) QTI item: its QTI identifier, the course item or template it came from, and notes on what was approximated.</summary>
public sealed record QtiExportedItem(string Identifier, string SourceId, string Kind, string Skill, IReadOnlyList<string> Notes);

/// <summary>What an export wrote and what it left out (with why).</summary>
public sealed record QtiExportResult(IReadOnlyList<QtiExportedItem> Items, IReadOnlyList<QtiExportedItem> LeftOut, int MediaFiles);

/// <summary>A course that cannot be exported (it does not load).</summary>
public sealed class QtiExportException(string message) : Exception(message);

/// <summary>
/// Writes a course's items as a QTI 3.0 content package (zip): imsmanifest.xml, an assessment test with one section
/// per skill, one qti-assessment-item per item, and the images they use (from the course's media/ folder). Templates
/// have no QTI equivalent, so each is exported as <c>variants</c> sampled variants (seeds 1..N, ids &lt;template&gt;-&lt;seed&gt;).
/// </summary>
public static class QtiExporter
{
    private static readonly XNamespace Cp = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";
    private static readonly XNamespace Qti = QtiXml.Qti3Namespace;

    public static QtiExportResult Export(string courseFolder, string zipFile, int variants = 3)
    {
        ArgumentNullException.ThrowIfNull(courseFolder);
        ArgumentNullException.ThrowIfNull(zipFile);
        var load = CourseLoader.Load(courseFolder.TrimEnd('/', '\\'));
        if (load.HasErrors || load.Course is null)
        {
            var errors = load.Diagnostics.Where(d => d.Severity == Checking.Severity.Error).Take(5).Select(d => d.ToString());
            throw new QtiExportException($"the course does not load ('course check' lists every problem): {string.Join("; ", errors)}");
        }

        var titles = load.SkillDefinitions.ToDictionary(s => s.Id.Value, s => s.Title, StringComparer.Ordinal);
        var exported = new List<QtiExportedItem>();
        var leftOut = new List<QtiExportedItem>();
        var media = new SortedSet<string>(StringComparer.Ordinal);
        var files = new Dictionary<string, XDocument>(StringComparer.Ordinal);
        var mediaByItem = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var definition in load.ItemDefinitions.OrderBy(d => d.PrimarySkill.Value, StringComparer.Ordinal))
        {
            var generator = new ItemGenerator(definition);
            var seeds = definition.IsTemplate ? Enumerable.Range(1, System.Math.Max(1, variants)) : [1];
            foreach (var seed in seeds)
            {
                var identifier = QtiItemWriter.Identifier(definition.IsTemplate ? $"{definition.Id}-{seed}" : definition.Id);
                var kind = ItemKinds.Name(definition.Kind);
                var notes = new List<string>();
                try
                {
                    var item = generator.Instantiate(seed);
                    var images = new List<string>();
                    files[identifier] = QtiItemWriter.Write(item, identifier, !definition.ShuffleChoices, images.Add, notes);
                    mediaByItem[identifier] = CourseMedia(courseFolder, images, notes);
                    media.UnionWith(mediaByItem[identifier]);
                    exported.Add(new QtiExportedItem(identifier, definition.Id, kind, definition.PrimarySkill.Value, notes));
                }
                catch (TemplateException ex)
                {
                    leftOut.Add(new QtiExportedItem(identifier, definition.Id, kind, definition.PrimarySkill.Value, [$"the variant for seed {seed} cannot be drawn: {ex.Message}"]));
                }
            }
        }

        WriteZip(zipFile, courseFolder, load.Course.Id, exported, titles, files, mediaByItem, media);
        return new QtiExportResult(exported, leftOut, media.Count);
    }

    /// <summary>The package paths of the images an item uses, each a file of the course's media/ folder; others are noted.</summary>
    private static List<string> CourseMedia(string courseFolder, List<string> sources, List<string> notes)
    {
        var paths = new List<string>();
        foreach (var src in sources.Distinct(StringComparer.Ordinal))
        {
            var path = QtiFiles.Resolve(string.Empty, src, out _);
            if (path is null || !path.StartsWith("media/", StringComparison.Ordinal) || !File.Exists(Path.Combine(courseFolder, path)))
            {
                notes.Add($"image '{src}' is not a file of the course's media/ folder; not copied");
                continue;
            }

            paths.Add(path);
        }

        return paths;
    }

    private static void WriteZip(
        string zipFile,
        string courseFolder,
        string courseId,
        List<QtiExportedItem> exported,
        Dictionary<string, string> titles,
        Dictionary<string, XDocument> files,
        Dictionary<string, List<string>> mediaByItem,
        SortedSet<string> media)
    {
        var resources = new XElement(Cp + "resources");
        var test = new XElement(
            Qti + "qti-test-part",
            new XAttribute("identifier", "part-1"),
            new XAttribute("navigation-mode", "nonlinear"),
            new XAttribute("submission-mode", "individual"));
        var testResource = new XElement(Cp + "resource", new XAttribute("identifier", "res-test"), new XAttribute("type", "imsqti_test_xmlv3p0"), new XAttribute("href", "assessment.xml"), new XElement(Cp + "file", new XAttribute("href", "assessment.xml")));
        resources.Add(testResource);
        foreach (var skill in exported.GroupBy(e => e.Skill))
        {
            var section = new XElement(Qti + "qti-assessment-section", new XAttribute("identifier", QtiItemWriter.Identifier(skill.Key)), new XAttribute("title", titles.GetValueOrDefault(skill.Key, skill.Key)), new XAttribute("visible", "true"));
            foreach (var item in skill)
            {
                var href = $"items/{item.Identifier}.xml";
                section.Add(new XElement(Qti + "qti-assessment-item-ref", new XAttribute("identifier", item.Identifier), new XAttribute("href", href)));
                resources.Add(new XElement(
                    Cp + "resource",
                    new XAttribute("identifier", "res-" + item.Identifier),
                    new XAttribute("type", "imsqti_item_xmlv3p0"),
                    new XAttribute("href", href),
                    new XElement(Cp + "file", new XAttribute("href", href)),
                    mediaByItem[item.Identifier].Select(m => new XElement(Cp + "file", new XAttribute("href", "items/" + m)))));
                testResource.Add(new XElement(Cp + "dependency", new XAttribute("identifierref", "res-" + item.Identifier)));
            }

            test.Add(section);
        }

        var manifest = new XDocument(new XElement(
            Cp + "manifest",
            new XAttribute("identifier", "manifest-" + courseId),
            new XElement(Cp + "metadata", new XElement(Cp + "schema", "QTI Package"), new XElement(Cp + "schemaversion", "3.0.0")),
            new XElement(Cp + "organizations"),
            resources));
        var assessment = new XDocument(new XElement(
            Qti + "qti-assessment-test",
            new XAttribute("identifier", QtiItemWriter.Identifier(courseId)),
            new XAttribute("title", courseId),
            test));

        if (File.Exists(zipFile))
        {
            File.Delete(zipFile);
        }

        using var zip = ZipFile.Open(zipFile, ZipArchiveMode.Create);
        Add(zip, QtiPackage.ManifestName, manifest);
        Add(zip, "assessment.xml", assessment);
        foreach (var (identifier, document) in files)
        {
            Add(zip, $"items/{identifier}.xml", document);
        }

        foreach (var path in media)
        {
            zip.CreateEntryFromFile(Path.Combine(courseFolder, path), "items/" + path);
        }
    }

    private static void Add(ZipArchive zip, string name, XDocument document)
    {
        using var stream = zip.CreateEntry(name).Open();
        using var writer = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true });
        document.Save(writer);
    }
}
