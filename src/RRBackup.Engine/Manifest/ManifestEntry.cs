namespace RRBackup.Engine.Manifest;

/// <summary>One file in a version of the backup.</summary>
/// <param name="Path">The path under base_path, '/'-separated, starting with '/'.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="ModifiedNs">The modification time, in nanoseconds since the Unix epoch (UTC).</param>
/// <param name="Sha256">The SHA-256 of the contents, lowercase hex.</param>
/// <param name="ObjectKey">The key of the object holding the contents; null for an empty file.</param>
/// <param name="ObjectVersion">The version of that object; null for an empty file.</param>
/// <param name="LinkTarget">For a symbolic link, what it points to (as written, never followed); null for a file.</param>
public sealed record ManifestEntry(string Path, long Size, long ModifiedNs, string Sha256, string? ObjectKey, string? ObjectVersion, string? LinkTarget = null)
{
    public bool IsLink => LinkTarget is not null;

    /// <summary>What stands for a link's contents: the hash of its target, so a retargeted link is a change.</summary>
    public static string LinkSha256(string target) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(target)));

    public DateTime ModifiedUtc => DateTime.UnixEpoch.AddTicks(ModifiedNs / 100);

    public static long ToNanoseconds(DateTime utc) => (utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
