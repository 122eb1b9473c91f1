namespace RRBackup.Engine.Restore;

/// <summary>What a download wrote.</summary>
/// <param name="VersionId">The version downloaded.</param>
/// <param name="Target">The target folder, absolute.</param>
/// <param name="Files">The files written, as absolute paths, in path order.</param>
/// <param name="Bytes">How many bytes the selected files hold.</param>
/// <param name="Transferred">How many files were read from the store (the others already matched).</param>
/// <param name="Removed">How many files not in the version were removed (mirror and atomic downloads).</param>
public sealed record DownloadResult(string VersionId, string Target, IReadOnlyList<string> Files, long Bytes, int Transferred = 0, int Removed = 0);
