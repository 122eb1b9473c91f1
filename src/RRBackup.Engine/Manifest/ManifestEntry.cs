using RRBackup.Engine.Configuration;

namespace RRBackup.Engine.Manifest;

/// <summary>One file in a version of the backup.</summary>
/// <remarks>
/// Held compactly, since a manifest of a large tree is mostly these: the hash as 32 bytes, and the
/// object key only when it is not the one the path itself gives (<c>files/</c> and the path).
/// </remarks>
public sealed class ManifestEntry : IEquatable<ManifestEntry>
{
    private readonly string? _objectKey;
    private readonly bool _keyIsPath;

    /// <param name="path">The path under base_path, '/'-separated, starting with '/'.</param>
    /// <param name="size">The size in bytes.</param>
    /// <param name="modifiedNs">The modification time, in nanoseconds since the Unix epoch (UTC).</param>
    /// <param name="sha256">The SHA-256 of the contents, hex.</param>
    /// <param name="objectKey">The key of the object holding the contents; null for an empty file.</param>
    /// <param name="objectVersion">The version of that object; null for an empty file.</param>
    /// <param name="linkTarget">For a symbolic link, what it points to (as written, never followed); null for a file.</param>
    public ManifestEntry(string path, long size, long modifiedNs, string sha256, string? objectKey, string? objectVersion, string? linkTarget = null)
        : this(path, size, modifiedNs, Sha256Digest.FromHex(sha256), objectKey, objectVersion, linkTarget)
    {
    }

    public ManifestEntry(string path, long size, long modifiedNs, Sha256Digest digest, string? objectKey, string? objectVersion, string? linkTarget = null)
        : this(path, size, modifiedNs, digest, objectKey is not null && IsPathKey(objectKey, path), objectKey, objectVersion, linkTarget)
    {
    }

    /// <param name="keyIsPath">The object key is the path's own (<paramref name="objectKey"/> is then ignored): a reader that knows it need not build the key.</param>
    internal ManifestEntry(string path, long size, long modifiedNs, Sha256Digest digest, bool keyIsPath, string? objectKey, string? objectVersion, string? linkTarget)
    {
        Path = path;
        Size = size;
        ModifiedNs = modifiedNs;
        Digest = digest;
        _keyIsPath = keyIsPath;
        _objectKey = keyIsPath ? null : objectKey;
        ObjectVersion = objectVersion;
        LinkTarget = linkTarget;
    }

    /// <summary>The path under base_path, '/'-separated, starting with '/'.</summary>
    public string Path { get; }

    public long Size { get; }

    /// <summary>The modification time, in nanoseconds since the Unix epoch (UTC).</summary>
    public long ModifiedNs { get; }

    public Sha256Digest Digest { get; }

    /// <summary>The SHA-256 of the contents, lowercase hex.</summary>
    public string Sha256 => Digest.ToHex();

    /// <summary>The key of the object holding the contents; null for an empty file.</summary>
    public string? ObjectKey => _keyIsPath ? RemoteNames.FilePrefix + Path[1..] : _objectKey;

    /// <summary>Whether the object key is the one the path gives, so that it need not be stored beside the path.</summary>
    public bool ObjectKeyIsPath => _keyIsPath;

    /// <summary>Whether the contents are in an object (an empty file or a link has none).</summary>
    public bool HasObject => _keyIsPath || _objectKey is not null;

    /// <summary>The version of the object; null for an empty file.</summary>
    public string? ObjectVersion { get; }

    /// <summary>For a symbolic link, what it points to (as written, never followed); null for a file.</summary>
    public string? LinkTarget { get; }

    public bool IsLink => LinkTarget is not null;

    /// <summary>What stands for a link's contents: the hash of its target, so a retargeted link is a change.</summary>
    public static string LinkSha256(string target) => LinkDigest(target).ToHex();

    /// <inheritdoc cref="LinkSha256"/>
    public static Sha256Digest LinkDigest(string target) =>
        Sha256Digest.FromBytes(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(target)));

    public DateTime ModifiedUtc => DateTime.UnixEpoch.AddTicks(ModifiedNs / 100);

    public static long ToNanoseconds(DateTime utc) => (utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100;

    public bool Equals(ManifestEntry? other) =>
        other is not null
        && Path == other.Path && Size == other.Size && ModifiedNs == other.ModifiedNs && Digest == other.Digest
        && ObjectKeyIsPath == other.ObjectKeyIsPath && _objectKey == other._objectKey
        && ObjectVersion == other.ObjectVersion && LinkTarget == other.LinkTarget;

    public override bool Equals(object? obj) => Equals(obj as ManifestEntry);

    public override int GetHashCode() => HashCode.Combine(Path, Size, ModifiedNs, Digest, ObjectVersion);

    public override string ToString() =>
        $"{Path} ({Size} bytes, {Sha256}{(HasObject ? $", {ObjectKey} version {ObjectVersion}" : "")}{(IsLink ? $", link to {LinkTarget}" : "")})";

    /// <summary>Whether <paramref name="key"/> is the one <paramref name="path"/> gives, which an entry does not keep.</summary>
    internal static bool IsPathKey(string key, string path) =>
        key.Length == RemoteNames.FilePrefix.Length + path.Length - 1
        && key.StartsWith(RemoteNames.FilePrefix, StringComparison.Ordinal)
        && path.Length > 0
        && key.AsSpan(RemoteNames.FilePrefix.Length).SequenceEqual(path.AsSpan(1));
}
