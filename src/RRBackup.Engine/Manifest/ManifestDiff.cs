namespace RRBackup.Engine.Manifest;

/// <summary>The changes of one commit: one version of the manifest diff key.</summary>
/// <param name="Sequence">1 for the first commit, then one more than the parent's.</param>
/// <param name="ParentVersionId">The version id of the previous diff; null for the first.</param>
/// <param name="Time">When the commit was made.</param>
/// <param name="ScanTime">When the scan of base_path started; files modified after it are hashed again next time.</param>
/// <param name="Message">The commit's message, if any.</param>
/// <param name="Labels">The commit's labels (a CI build number, a git commit, ...).</param>
/// <param name="Changes">The changes, in path order.</param>
/// <param name="Writer">The writer that made it (the id beside its local cache), or null when unknown.</param>
public sealed record ManifestDiff(
    long Sequence,
    string? ParentVersionId,
    DateTimeOffset Time,
    DateTimeOffset ScanTime,
    string? Message,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<ManifestChange> Changes,
    string? Writer = null);
