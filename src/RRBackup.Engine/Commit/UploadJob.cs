using RRBackup.Engine.Manifest;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Pipeline;
using RRBackup.Engine.Scanning;

namespace RRBackup.Engine.Commit;

/// <summary>One file object a commit must write; files with the same contents share one job.</summary>
/// <remarks>
/// A first commit holds one per file until its commit point, so the key of an object only one path
/// uses is derived when asked for rather than kept (a string of about 100 bytes each for 200,000 files).
/// </remarks>
internal sealed class UploadJob(ObjectCodec codec, ScannedFile source, Sha256Digest digest, long size, Transforms transforms)
{
    private string? _sharedKey;

    /// <summary>The object's key; one string for all the paths of a shared object, whose entries each keep it.</summary>
    public string Key => Users > 1 ? _sharedKey ??= codec.FileKey(Source.Path, Transforms) : codec.FileKey(Source.Path, Transforms);

    /// <summary>The pipeline the object goes through.</summary>
    public Transforms Transforms { get; } = transforms;

    public ScannedFile Source { get; } = source;

    /// <summary>The contents' hash; updated if the file changed between hashing and upload.</summary>
    public Sha256Digest Digest { get; set; } = digest;

    public long Size { get; set; } = size;

    /// <summary>How many paths use this object.</summary>
    public int Users { get; set; } = 1;

    /// <summary>Set when the file kept changing while it was read: the paths using it keep their previous state.</summary>
    public bool Abandoned { get; set; }

    /// <summary>The written version, once written.</summary>
    public string? VersionId { get; set; }
}
