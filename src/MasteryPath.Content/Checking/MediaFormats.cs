using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Checking;

/// <summary>The image types a course may hold in media/.</summary>
public enum MediaKind
{
    /// <summary>PNG.</summary>
    Png,

    /// <summary>JPEG (.jpg or .jpeg).</summary>
    Jpeg,

    /// <summary>GIF.</summary>
    Gif,

    /// <summary>WebP.</summary>
    Webp,

    /// <summary>SVG (checked by <see cref="SvgChecks"/>).</summary>
    Svg,
}

/// <summary>What a media file is: its type by extension, whether its first bytes agree, its content type and its size in pixels.</summary>
public static class MediaFormats
{
    /// <summary>The largest media file a course may hold: 2 MB.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>The type a file name's extension claims, or null for a type the app does not serve.</summary>
    public static MediaKind? KindOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".png" => MediaKind.Png,
        ".jpg" or ".jpeg" => MediaKind.Jpeg,
        ".gif" => MediaKind.Gif,
        ".webp" => MediaKind.Webp,
        ".svg" => MediaKind.Svg,
        _ => null,
    };

    /// <summary>The Content-Type the app serves a file of <paramref name="kind"/> with.</summary>
    public static string ContentType(MediaKind kind) => kind switch
    {
        MediaKind.Png => "image/png",
        MediaKind.Jpeg => "image/jpeg",
        MediaKind.Gif => "image/gif",
        MediaKind.Webp => "image/webp",
        _ => "image/svg+xml",
    };

    /// <summary>True when the first bytes of <paramref name="bytes"/> are those of <paramref name="kind"/> (for SVG: XML text starting with '&lt;').</summary>
    public static bool Matches(MediaKind kind, ReadOnlySpan<byte> bytes) => kind switch
    {
        MediaKind.Png => bytes.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        MediaKind.Jpeg => bytes.StartsWith((byte[])[0xFF, 0xD8, 0xFF]),
        MediaKind.Gif => bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8),
        MediaKind.Webp => bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8),
        _ => LooksLikeXml(bytes),
    };

    /// <summary>The width and height <paramref name="bytes"/> state, or null when they cannot be read.</summary>
    public static MediaSize? SizeOf(MediaKind kind, byte[] bytes)
    {
        try
        {
            return kind switch
            {
                MediaKind.Png when bytes.Length >= 24 => Size(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))),
                MediaKind.Gif when bytes.Length >= 10 => Size(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))),
                MediaKind.Jpeg => JpegSize(bytes),
                MediaKind.Webp => WebpSize(bytes),
                MediaKind.Svg => SvgChecks.SizeOf(Encoding.UTF8.GetString(bytes)),
                _ => null,
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static MediaSize? Size(int width, int height) => width > 0 && height > 0 ? new MediaSize(width, height) : null;

    private static bool LooksLikeXml(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var first = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && bytes[first] == (byte)'<';
    }

    private static MediaSize? JpegSize(byte[] bytes)
    {
        var at = 2;
        while (at + 9 < bytes.Length)
        {
            if (bytes[at] != 0xFF)
            {
                return null;
            }

            var marker = bytes[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 2));
            // Start-of-frame markers (baseline, progressive, ...) carry the size; C4, C8 and CC are other tables.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return Size(BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 7)), BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 5)));
            }

            at += 2 + length;
        }

        return null;
    }

    private static MediaSize? WebpSize(byte[] bytes)
    {
        if (bytes.Length < 30)
        {
            return null;
        }

        var chunk = Encoding.ASCII.GetString(bytes, 12, 4);
        return chunk switch
        {
            "VP8X" => Size(1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)), 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16))),
            "VP8 " => Size(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(26)) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(28)) & 0x3FFF),
            "VP8L" => Size(1 + (bytes[21] | ((bytes[22] & 0x3F) << 8)), 1 + ((bytes[22] >> 6) | (bytes[23] << 2) | ((bytes[24] & 0x0F) << 10))),
            _ => null,
        };
    }

    internal static string Describe(MediaKind kind) => kind.ToString().ToUpper(CultureInfo.InvariantCulture);
}
