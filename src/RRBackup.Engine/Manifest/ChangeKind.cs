namespace RRBackup.Engine.Manifest;

/// <summary>What one change in a manifest diff does.</summary>
public enum ChangeKind
{
    /// <summary>A new path.</summary>
    Added,

    /// <summary>An existing path with new contents.</summary>
    Changed,

    /// <summary>A path that left the backup.</summary>
    Deleted,

    /// <summary>A path whose contents now stand at another path (a rename; no data is stored again).</summary>
    Moved,

    /// <summary>An existing path with the same contents and a new modification time.</summary>
    Touched,
}
