using System.IO.Compression;
using System.Text;

namespace MasteryPath.Web.PerformanceTasks;

/// <summary>
/// The file types a task may accept: the content type the download is served with (never the browser's claim) and
/// a basic check that the content is what the extension says (magic bytes; for Office files, the zip's main part).
/// </summary>
public static class FileKinds
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["pdf"] = "application/pdf",
        ["png"] = "image/png",
        ["jpg"] = "image/jpeg",
        ["gif"] = "image/gif",
        ["webp"] = "image/webp",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ["txt"] = "text/plain; charset=utf-8",
        ["md"] = "text/markdown; charset=utf-8",
        ["csv"] = "text/csv; charset=utf-8",
    };

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["pdf"] = "PDF",
        ["png"] = "PNG image",
        ["jpg"] = "JPEG image",
        ["gif"] = "GIF image",
        ["webp"] = "WebP image",
        ["docx"] = "Word document (.docx)",
        ["xlsx"] = "Excel workbook (.xlsx)",
        ["pptx"] = "PowerPoint presentation (.pptx)",
        ["txt"] = "plain text file",
        ["md"] = "Markdown text file",
        ["csv"] = "CSV text file",
    };

    /// <summary>The extension of <paramref name="fileName"/>, lower case without the dot ("jpeg" counts as "jpg"); empty when there is none.</summary>
    public static string ExtensionOf(string fileName)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        return Normalize(extension);
    }

    /// <summary>A task's file type as written by its author, lower case without a dot, "jpeg" as "jpg".</summary>
    public static string Normalize(string fileType)
    {
        var type = fileType.Trim().TrimStart('.').ToLowerInvariant();
        return type == "jpeg" ? "jpg" : type;
    }

    public static string ContentTypeOf(string extension) => ContentTypes.GetValueOrDefault(extension, "application/octet-stream");

    /// <summary>How a person would call the type ("PDF", "PNG image").</summary>
    public static string Describe(string extension) => Names.GetValueOrDefault(extension, $".{extension} file");

    /// <summary>
    /// Whether the stored file's content fits its extension. Types without a known signature pass on their
    /// extension alone.
    /// </summary>
    public static bool ContentMatches(string extension, string path)
    {
        try
        {
            return extension switch
            {
                "pdf" => StartsWith(path, "%PDF-"u8),
                "png" => StartsWith(path, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
                "jpg" => StartsWith(path, [0xFF, 0xD8, 0xFF]),
                "gif" => StartsWith(path, "GIF87a"u8) || StartsWith(path, "GIF89a"u8),
                "webp" => StartsWith(path, "RIFF"u8) && HasAt(path, 8, "WEBP"u8),
                "docx" => IsOfficeFile(path, "word/"),
                "xlsx" => IsOfficeFile(path, "xl/"),
                "pptx" => IsOfficeFile(path, "ppt/"),
                "txt" or "md" or "csv" => IsText(path),
                _ => true,
            };
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool StartsWith(string path, ReadOnlySpan<byte> signature) => HasAt(path, 0, signature);

    private static bool HasAt(string path, int offset, ReadOnlySpan<byte> signature)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[offset + signature.Length];
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head[offset..].SequenceEqual(signature);
    }

    /// <summary>An Office Open XML file: a zip with [Content_Types].xml and its main folder ("word/" for a .docx).</summary>
    private static bool IsOfficeFile(string path, string mainFolder)
    {
        if (!StartsWith(path, "PK\u0003\u0004"u8))
        {
            return false;
        }

        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry("[Content_Types].xml") is not null
                && zip.Entries.Any(e => e.FullName.StartsWith(mainFolder, StringComparison.Ordinal));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Text: valid UTF-8 (so also ASCII) without NUL bytes.</summary>
    private static bool IsText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().Contains((byte)0))
        {
            return false;
        }

        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
