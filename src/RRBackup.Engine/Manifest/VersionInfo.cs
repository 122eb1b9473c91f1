namespace RRBackup.Engine.Manifest;

/// <summary>What a version of the backup is, without its file list.</summary>
/// <param name="VersionId">The version id of its manifest diff: the backup version's id.</param>
/// <param name="Sequence">Its position in the history, from 1.</param>
/// <param name="ParentVersionId">The version before it, or null.</param>
/// <param name="Time">When it was committed.</param>
/// <param name="Message">Its message, if any.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="FileCount">How many files it holds.</param>
/// <param name="TotalBytes">How many bytes its files hold.</param>
/// <param name="ChangeCount">How many changes its diff holds.</param>
public sealed record VersionInfo(
    string VersionId,
    long Sequence,
    string? ParentVersionId,
    DateTimeOffset Time,
    string? Message,
    IReadOnlyDictionary<string, string> Labels,
    long FileCount,
    long TotalBytes,
    long ChangeCount);
