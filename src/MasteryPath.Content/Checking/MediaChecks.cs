using System.Text;
using MasteryPath.Content.Loading;
using MasteryPath.Content.Markdown;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Content.Checking;

/// <summary>
/// The checks of a course's media/ folder, run by the loader: every file must be a supported image whose first bytes
/// match its extension (<c>unsupported-media</c>), at most <see cref="MediaFormats.MaxBytes"/> (<c>media-too-large</c>),
/// SVG files must pass <see cref="SvgChecks"/>, images in item texts must exist (<c>missing-media</c>; the other
/// image rules are <see cref="CourseMarkdown.Validate"/>'s), and a file nothing shows is a warning (<c>unused-media</c>).
/// </summary>
internal static class MediaChecks
{
    private const string Folder = "media/";

    /// <summary>The names of the files directly in media/.</summary>
    public static MediaInventory Inventory(IReadOnlyList<CourseFile> files) =>
        new(files.Select(f => NameIn(f.Relative)).OfType<string>());

    /// <summary>Checks the media files and the images of <paramref name="items"/>; call once all other Markdown was validated against <paramref name="media"/>.</summary>
    public static void Check(
        IReadOnlyList<CourseFile> files,
        Func<CourseFile, string> display,
        IEnumerable<ItemDefinition> items,
        CourseSources sources,
        MediaInventory media,
        List<Diagnostic> diagnostics)
    {
        foreach (var item in items)
        {
            if (!sources.Items.TryGetValue(item.Id, out var source))
            {
                continue;
            }

            foreach (var (field, text) in Texts(item))
            {
                foreach (var problem in CourseMarkdown.CheckMediaReferences(text, media))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, source.Find(field), problem.Code, $"item '{item.Id}', {field}: {problem.Message}"));
                }
            }
        }

        foreach (var file in files.Where(f => f.Relative.StartsWith(Folder, StringComparison.Ordinal)))
        {
            CheckFile(file, display(file), media, diagnostics);
        }
    }

    /// <summary>The file name of <paramref name="relative"/> when it lies directly in media/, else null.</summary>
    internal static string? NameIn(string relative) =>
        relative.StartsWith(Folder, StringComparison.Ordinal) && relative.IndexOf('/', Folder.Length) < 0 ? relative[Folder.Length..] : null;

    private static void CheckFile(CourseFile file, string shown, MediaInventory media, List<Diagnostic> diagnostics)
    {
        void Report(Severity severity, int line, int column, string code, string message) =>
            diagnostics.Add(new Diagnostic(severity, new SourceLocation(shown, line, column), code, message));

        var name = NameIn(file.Relative);
        if (name is null)
        {
            Report(Severity.Error, 1, 1, "unsupported-media", "media files go directly in media/, not in a folder inside it (the app serves media/<name> only)");
            return;
        }

        if (MediaFormats.KindOf(name) is not { } kind)
        {
            Report(Severity.Error, 1, 1, "unsupported-media", $"'{name}' is not an image type the app serves: use png, jpg, gif, webp or svg");
            return;
        }

        byte[] bytes;
        try
        {
            var length = new FileInfo(file.ReadPath).Length;
            if (length > MediaFormats.MaxBytes)
            {
                Report(Severity.Error, 1, 1, "media-too-large", $"'{name}' is {length / 1024.0 / 1024.0:0.0} MB; media files must be at most {MediaFormats.MaxBytes / 1024 / 1024} MB (shrink or compress it)");
                return;
            }

            bytes = File.ReadAllBytes(file.ReadPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(Severity.Error, 1, 1, "unreadable-file", $"the file could not be read: {ex.Message}");
            return;
        }

        if (!MediaFormats.Matches(kind, bytes))
        {
            Report(Severity.Error, 1, 1, "unsupported-media", $"'{name}' is named as {MediaFormats.Describe(kind)} but its first bytes are not those of a {MediaFormats.Describe(kind)} file");
            return;
        }

        if (kind == MediaKind.Svg)
        {
            foreach (var problem in SvgChecks.Check(Encoding.UTF8.GetString(bytes)))
            {
                Report(problem.Severity, problem.Line, problem.Column, problem.Code, problem.Message);
            }
        }

        if (!media.IsUsed(name))
        {
            Report(Severity.Warning, 1, 1, "unused-media", $"nothing in the course shows '{name}': use it as ![alt text](media/{name}) or remove it");
        }
    }

    private static IEnumerable<(string Field, string Text)> Texts(ItemDefinition item)
    {
        yield return ("prompt", item.Prompt);
        yield return ("solution", item.Solution);
        for (var i = 0; i < item.Hints.Count; i++)
        {
            yield return ($"hints[{i}]", item.Hints[i]);
        }

        for (var i = 0; i < item.Choices.Count; i++)
        {
            yield return ($"choices[{i}]", item.Choices[i].Text);
            if (item.Choices[i].Feedback is { } feedback)
            {
                yield return ($"choices[{i}].feedback", feedback);
            }
        }

        for (var i = 0; i < item.Misconceptions.Count; i++)
        {
            yield return ($"misconceptions[{i}].feedback", item.Misconceptions[i].Feedback);
        }
    }
}
