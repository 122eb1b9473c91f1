using RRBackup.Engine.Manifest;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Pipeline;
using RRBackup.Engine.Scanning;

namespace RRBackup.Engine.Commit;

/// <summary>One file object a commit must write; files with the same contents share one job.</summary>
/// <remarks>
/// A first commit holds one per file until its commit point, so a key the manifest entry will not keep
/// either (the one the path gives, for an object only that path uses) is derived again when asked for
/// rather than held: a string of about 100 bytes each for 200,000 files. Any other key (a hashed name, a
/// long path's, a shared object's) is kept once made, since the entries keep it anyway.
/// </remarks>
internal sealed class UploadJob(ObjectCodec codec, ScannedFile source, Sha256Digest digest, long size, Transforms transforms)
{
    private string? _keptKey;

    /// <summary>The object's key.</summary>
    public string Key => _keptKey ?? MakeKey();

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

    private string MakeKey()
    {
        var key = codec.FileKey(Source.Path, Transforms);
        if (Users > 1 || !ManifestEntry.IsPathKey(key, Source.Path))
        {
            _keptKey = key;
        }

        return key;
    }
}
