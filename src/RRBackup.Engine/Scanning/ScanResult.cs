namespace RRBackup.Engine.Scanning;

/// <summary>What a scan of base_path found.</summary>
/// <param name="StartedAt">When the scan started: a later write to a file with a time close to it may not show in its size and time.</param>
/// <param name="Files">The regular files to back up, by backup path.</param>
/// <param name="UnreadableFolders">Backup paths of folders that could not be listed; what the manifest holds under them is kept.</param>
/// <param name="Skipped">How many entries were passed over (links, unreadable folders).</param>
/// <param name="Warnings">What the caller should warn about, in a stable order: entries passed over and why.</param>
public sealed record ScanResult(DateTimeOffset StartedAt, IReadOnlyDictionary<string, ScannedFile> Files, IReadOnlyList<string> UnreadableFolders, int Skipped, IReadOnlyList<string> Warnings);
