namespace RRBackup.Engine.Manifest;

/// <summary>A manifest diff that lost a race: its parent was no longer the newest version when it landed.</summary>
/// <param name="VersionId">The diff's version id.</param>
/// <param name="ParentVersionId">The parent it names.</param>
/// <param name="HeadVersionId">The version that was the head when it landed.</param>
public sealed record SkippedVersion(string VersionId, string? ParentVersionId, string? HeadVersionId);
