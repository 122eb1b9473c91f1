using System.Text;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Storage.Local;

/// <summary>Maps a store key to the folder that holds its versions, and back.</summary>
/// <remarks>
/// Each '/'-separated segment of a key becomes one folder, so long keys never hit the 255-byte name
/// limit. A key's versions live in a '~v' folder inside it; a segment is escaped so that it can never
/// read as '~v', '.', '..' or an empty name.
/// </remarks>
internal static class LocalKeyPath
{
    public const string VersionsFolderName = "~v";

    public static string ToRelativeFolder(string key)
    {
        if (key.Length == 0)
        {
            throw new ArgumentException("a store key must not be empty", nameof(key));
        }

        var segments = key.Split('/');
        var escaped = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            escaped[i] = EscapeSegment(key, segments[i]);
        }

        return string.Join(Path.DirectorySeparatorChar, escaped);
    }

    public static string FromRelativeFolder(string relativeFolder)
    {
        var segments = relativeFolder.Split(Path.DirectorySeparatorChar);
        return string.Join('/', segments.Select(UnescapeSegment));
    }

    private static string UnescapeSegment(string segment) =>
        segment == EmptySegment ? "" : Uri.UnescapeDataString(segment);

    private const string EmptySegment = "%";

    private static string EscapeSegment(string key, string segment)
    {
        if (segment.Length == 0)
        {
            return EmptySegment;
        }

        var text = segment.Replace("%", "%25", StringComparison.Ordinal);
        if (text[0] == '.' || text[0] == '~')
        {
            // '.', '..' and '~v' would collide with the file system's or the store's own names.
            text = $"%{(int)text[0]:X2}{text[1..]}";
        }

        if (Encoding.UTF8.GetByteCount(text) > 255)
        {
            throw new RRBackupException(ErrorCodes.StoreFailure, ErrorKind.Store,
                $"local store: key '{key}' has a segment longer than 255 bytes, which a local folder cannot hold");
        }

        return text;
    }
}
