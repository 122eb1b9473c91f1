namespace RRBackup.Engine.Manifest;

/// <summary>One file in a version of the backup.</summary>
/// <param name="Path">The path under base_path, '/'-separated, starting with '/'.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="ModifiedNs">The modification time, in nanoseconds since the Unix epoch (UTC).</param>
/// <param name="Sha256">The SHA-256 of the contents, lowercase hex.</param>
/// <param name="ObjectKey">The key of the object holding the contents; null for an empty file.</param>
/// <param name="ObjectVersion">The version of that object; null for an empty file.</param>
public sealed record ManifestEntry(string Path, long Size, long ModifiedNs, string Sha256, string? ObjectKey, string? ObjectVersion)
{
    public DateTime ModifiedUtc => DateTime.UnixEpoch.AddTicks(ModifiedNs / 100);

    public static long ToNanoseconds(DateTime utc) => (utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
