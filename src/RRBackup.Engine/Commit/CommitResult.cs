namespace RRBackup.Engine.Commit;

/// <summary>What a commit did.</summary>
public sealed record CommitResult
{
    /// <summary>The new version's id, or null when nothing changed and no version was made.</summary>
    public string? VersionId { get; init; }

    public long Sequence { get; init; }

    public int Added { get; init; }

    public int Changed { get; init; }

    public int Deleted { get; init; }

    public int Moved { get; init; }

    public int Touched { get; init; }

    /// <summary>How many file objects the commit wrote, counting those a try that lost a race to another writer wrote and the commit uses.</summary>
    public int ObjectsUploaded { get; init; }

    /// <summary>How many bytes of file contents those objects hold.</summary>
    public long BytesUploaded { get; init; }

    /// <summary>How many files the new version holds.</summary>
    public long FileCount { get; init; }

    /// <summary>How many entries the scan passed over (links, unreadable folders).</summary>
    public int Skipped { get; init; }

    public bool NoChange => VersionId is null;
}
