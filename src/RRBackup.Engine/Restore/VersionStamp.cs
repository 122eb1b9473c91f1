using System.Text.Json;
using System.Text.Json.Serialization;

namespace RRBackup.Engine.Restore;

/// <summary>The small file a mirror or atomic download leaves in its target, naming the version it holds.</summary>
public sealed record VersionStamp(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("version")] string VersionId,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("downloaded")] DateTimeOffset Downloaded)
{
    public const string FileName = ".rrbackup-version";

    public static VersionStamp? TryRead(string target)
    {
        try
        {
            var path = Path.Combine(target, FileName);
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), VersionStampJsonContext.Default.VersionStamp) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null; // an unreadable stamp only costs a full transfer
        }
    }

    public void Write(string target)
    {
        var path = Path.Combine(target, FileName);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, VersionStampJsonContext.Default.VersionStamp));
        File.Move(temporary, path, overwrite: true);
    }
}
