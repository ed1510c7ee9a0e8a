namespace MasteryPath.Content.Markdown;

/// <summary>The size of an image in CSS pixels, as its file states it.</summary>
public sealed record MediaSize(int Width, int Height);

/// <summary>
/// How to link a course's media when its Markdown is rendered for a page: <c>media/name</c> becomes
/// <see cref="BasePath"/> + name, and the image gets the width and height in <see cref="Sizes"/> when known.
/// </summary>
public sealed record CourseMediaLinks(string BasePath, IReadOnlyDictionary<string, MediaSize> Sizes)
{
    /// <summary>The served address of the media file <paramref name="name"/>.</summary>
    public string Url(string name) => BasePath + Uri.EscapeDataString(name);
}

/// <summary>
/// The files a course holds in its media/ folder, and which of them the course's Markdown refers to, filled in as
/// the course is read (so files nothing uses can be reported).
/// </summary>
public sealed class MediaInventory(IEnumerable<string> names)
{
    private readonly HashSet<string> _available = new(names, StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>True when media/<paramref name="name"/> exists.</summary>
    public bool Contains(string name) => _available.Contains(name);

    /// <summary>Records that some Markdown shows media/<paramref name="name"/>.</summary>
    public void MarkUsed(string name) => _used.Add(name);

    /// <summary>True when some Markdown shows media/<paramref name="name"/>.</summary>
    public bool IsUsed(string name) => _used.Contains(name);
}
