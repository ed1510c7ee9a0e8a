using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using static MasteryPath.Content.Importing.Qti.QtiXml;

namespace MasteryPath.Content.Importing.Qti;

/// <summary>
/// A QTI content package: <c>imsmanifest.xml</c> (IMS Content Packaging) listing QTI 2.1/2.2/3.0 items, assessment
/// tests (their sections give each item's <see cref="ImportedItem.Category"/>) and QTI 1.2 files as Canvas exports
/// them. Files are resolved relative to the manifest, in a folder or a .zip, and never outside the package.
/// </summary>
public sealed class QtiPackage : IQuestionBankFormat
{
    public const string ManifestName = "imsmanifest.xml";

    public string Name => "QTI content package";

    public bool Recognizes(string fileName, string head)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(head);
        return Path.GetFileName(fileName).Equals(ManifestName, StringComparison.OrdinalIgnoreCase)
            && head.Contains("imsqti", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads a manifest; <paramref name="resolveFile"/> reads paths relative to the manifest's folder (the package root).</summary>
    public QuestionBank Read(string displayName, string text, Func<string, byte[]?> resolveFile)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(resolveFile);
        var bank = new QuestionBank();
        var prefix = QtiFiles.Folder(displayName.Replace('\\', '/'));
        var document = Load(text, displayName, bank.Problems);
        if (document?.Root is not { } root)
        {
            return bank;
        }

        var manifest = new QtiSource(displayName, ManifestName, resolveFile, bank);
        var resources = root.Descendants().Where(e => e.Name.LocalName == "resource").ToList();
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var test in resources.Where(r => ((string?)r.Attribute("type") ?? string.Empty).Contains("imsqti_test", StringComparison.Ordinal)))
        {
            if (ReadResource(test, manifest, prefix, resolveFile, bank) is { } file)
            {
                ReadSections(file, categories);
            }
        }

        foreach (var resource in resources)
        {
            var type = (string?)resource.Attribute("type") ?? string.Empty;
            if (type.Contains("imsqti_test", StringComparison.Ordinal))
            {
                continue;
            }

            var isItem = type.StartsWith("imsqti_item_xmlv2p", StringComparison.Ordinal) || type.StartsWith("imsqti_item_xmlv3p0", StringComparison.Ordinal);
            var isQti12 = type.StartsWith("imsqti_xmlv1p2", StringComparison.Ordinal);
            if (!isItem && !isQti12)
            {
                if (type.StartsWith("imsqti", StringComparison.Ordinal))
                {
                    manifest.Problem(resource, "resource", $"resource type '{type}' is not read (items, tests and QTI 1.2 assessments are)");
                }

                continue;
            }

            if (ReadResource(resource, manifest, prefix, resolveFile, bank) is not { } item)
            {
                continue;
            }

            var source = new QtiSource(item.DisplayName, item.PackagePath, resolveFile, bank)
            {
                Category = categories.GetValueOrDefault(item.PackagePath),
            };
            var itemRoot = item.Document.Root!;
            if (isQti12)
            {
                Qti12Format.ReadDocument(itemRoot, source);
            }
            else if (Name(itemRoot) == "assessmentItem")
            {
                QtiItemReader.Read(itemRoot, source);
            }
            else
            {
                source.Problem(itemRoot, itemRoot.Name.LocalName, $"resource of type '{type}' is not an assessment item");
            }
        }

        return bank;
    }

    /// <summary>Reads a package in a folder (its imsmanifest.xml at the top).</summary>
    public static QuestionBank ReadFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var manifest = Path.Combine(folder, ManifestName);
        var display = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + "/" + ManifestName;
        if (!File.Exists(manifest))
        {
            var bank = new QuestionBank();
            bank.Problems.Add(new ImportProblem(new SourceLocation(display, 0), "manifest", "the folder has no imsmanifest.xml"));
            return bank;
        }

        return new QtiPackage().Read(display, File.ReadAllText(manifest), QtiFiles.FromFolder(folder));
    }

    /// <summary>Reads a zipped package (its imsmanifest.xml at the top of the archive).</summary>
    public static QuestionBank ReadZip(string zipFile)
    {
        ArgumentNullException.ThrowIfNull(zipFile);
        var display = Path.GetFileName(zipFile) + "/" + ManifestName;
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipFile);
        }
        catch (InvalidDataException ex)
        {
            var bank = new QuestionBank();
            bank.Problems.Add(new ImportProblem(new SourceLocation(Path.GetFileName(zipFile), 0), "zip", "not a readable zip archive: " + ex.Message));
            return bank;
        }

        using var opened = archive;
        var read = QtiFiles.FromZip(archive);
        var manifest = read(ManifestName);
        if (manifest is null)
        {
            var bank = new QuestionBank();
            bank.Problems.Add(new ImportProblem(new SourceLocation(display, 0), "manifest", "the archive has no imsmanifest.xml at its top"));
            return bank;
        }

        return new QtiPackage().Read(display, Encoding.UTF8.GetString(manifest), read);
    }

    private static PackageFile? ReadResource(XElement resource, QtiSource manifest, string prefix, Func<string, byte[]?> resolveFile, QuestionBank bank)
    {
        var href = (string?)resource.Attribute("href")
            ?? resource.Elements().FirstOrDefault(e => e.Name.LocalName == "file")?.Attribute("href")?.Value;
        if (href is null)
        {
            manifest.Problem(resource, "resource", "the resource names no file (no href)");
            return null;
        }

        var bytes = manifest.ReadReferenced(resource, "resource", href, out var path);
        if (bytes is null)
        {
            return null;
        }

        var display = prefix.Length == 0 ? path : prefix + "/" + path;
        var document = Load(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'), display, bank.Problems);
        return document?.Root is null ? null : new PackageFile(display, path, document);
    }

    /// <summary>Each item of a test gets the title of the section holding it.</summary>
    private static void ReadSections(PackageFile test, Dictionary<string, string> categories)
    {
        foreach (var section in Descendants(test.Document.Root!, "assessmentSection"))
        {
            var title = Attr(section, "title") ?? Attr(section, "identifier");
            foreach (var reference in Children(section, "assessmentItemRef"))
            {
                var href = Attr(reference, "href");
                var path = href is null ? null : QtiFiles.Resolve(QtiFiles.Folder(test.PackagePath), href, out _);
                if (path is not null && title is not null)
                {
                    categories.TryAdd(path, title);
                }
            }
        }
    }

    private sealed record PackageFile(string DisplayName, string PackagePath, XDocument Document);
}
