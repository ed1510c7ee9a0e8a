using System.Security.Cryptography;
using MasteryPath.Content.Loading;
using MasteryPath.Content.Markdown;
using YamlDotNet.RepresentationModel;

namespace MasteryPath.Content.Checking;

/// <summary>A media file a course holds, ready to serve: its name in media/, where to read it, its type, length, size and a hash of its bytes.</summary>
public sealed record CourseMediaFile(string Name, string ReadPath, MediaKind Kind, long Length, MediaSize? Size, string Hash);

/// <summary>The id of the course in a folder and the media files it may serve.</summary>
public sealed record CourseMediaFolder(string? CourseId, IReadOnlyList<CourseMediaFile> Files)
{
    /// <summary>
    /// Reads <paramref name="folder"/>'s course id and the images directly in its media/ folder, listed as the loader
    /// lists them (never through a link out of the folder); files the checker would refuse are left out.
    /// </summary>
    public static CourseMediaFolder Read(string folder)
    {
        var ignored = new List<Diagnostic>();
        var files = CourseFolder.Scan(folder, p => p, ignored);
        var media = new List<CourseMediaFile>();
        foreach (var file in files)
        {
            if (MediaChecks.NameIn(file.Relative) is not { } name || MediaFormats.KindOf(name) is not { } kind)
            {
                continue;
            }

            var bytes = File.ReadAllBytes(file.ReadPath);
            if (bytes.Length <= MediaFormats.MaxBytes && MediaFormats.Matches(kind, bytes))
            {
                media.Add(new CourseMediaFile(name, file.ReadPath, kind, bytes.Length, MediaFormats.SizeOf(kind, bytes), Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]));
            }
        }

        var courseFile = files.FirstOrDefault(f => f.Relative == "course.yaml");
        return new CourseMediaFolder(courseFile is null ? null : ReadCourseId(courseFile.ReadPath), media);
    }

    private static string? ReadCourseId(string path)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            return stream.Documents.Count > 0
                && stream.Documents[0].RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("id"), out var id)
                && id is YamlScalarNode scalar ? scalar.Value : null;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }
}
