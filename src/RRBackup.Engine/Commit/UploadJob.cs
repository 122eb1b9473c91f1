using RRBackup.Engine.Pipeline;
using RRBackup.Engine.Scanning;

namespace RRBackup.Engine.Commit;

/// <summary>One file object a commit must write; files with the same contents share one job.</summary>
internal sealed class UploadJob(string key, ScannedFile source, string sha256, long size, Transforms transforms)
{
    public string Key { get; } = key;

    /// <summary>The pipeline the object goes through.</summary>
    public Transforms Transforms { get; } = transforms;

    public ScannedFile Source { get; } = source;

    /// <summary>The contents' hash; updated if the file changed between hashing and upload.</summary>
    public string Sha256 { get; set; } = sha256;

    public long Size { get; set; } = size;

    /// <summary>How many paths use this object.</summary>
    public int Users { get; set; } = 1;

    /// <summary>Set when the file kept changing while it was read: the paths using it keep their previous state.</summary>
    public bool Abandoned { get; set; }

    /// <summary>The written version, once written.</summary>
    public string? VersionId { get; set; }
}
