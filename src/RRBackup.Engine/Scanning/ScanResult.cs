namespace RRBackup.Engine.Scanning;

/// <summary>What a scan of base_path found.</summary>
/// <param name="Files">The regular files to back up, by backup path.</param>
/// <param name="UnreadableFolders">Backup paths of folders that could not be listed; what the manifest holds under them is kept.</param>
/// <param name="Skipped">How many entries were passed over (links, unreadable folders).</param>
public sealed record ScanResult(IReadOnlyDictionary<string, ScannedFile> Files, IReadOnlyList<string> UnreadableFolders, int Skipped);
