namespace RRBackup.Engine.Maintenance;

/// <summary>What garbage_collect found (and, unless a dry run, deleted).</summary>
/// <param name="Unreferenced">File-object versions no version of the history references.</param>
/// <param name="Bytes">Their stored size.</param>
/// <param name="DryRun">Whether they were only listed.</param>
public sealed record GarbageCollectResult(IReadOnlyList<(string Key, string VersionId)> Unreferenced, long Bytes, bool DryRun);
