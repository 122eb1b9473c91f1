namespace RRBackup.Engine.Restore;

/// <summary>What a download wrote.</summary>
/// <param name="VersionId">The version downloaded.</param>
/// <param name="Target">The target folder, absolute.</param>
/// <param name="Files">The files written, as absolute paths, in path order.</param>
/// <param name="Bytes">How many bytes were written.</param>
public sealed record DownloadResult(string VersionId, string Target, IReadOnlyList<string> Files, long Bytes);
