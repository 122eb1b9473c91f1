using RRBackup.Engine.Errors;
using RRBackup.Engine.Patterns;

namespace RRBackup.Engine.Scanning;

/// <summary>Walks base_path with one stat per entry, leaving out what the ignore rules name.</summary>
public static class FileScanner
{
    /// <summary>Scans on other threads, so that the caller can load the manifest meanwhile.</summary>
    /// <remarks>Warnings come back in the result rather than through a log, which need not be thread-safe.</remarks>
    public static Task<ScanResult> StartScan(string basePath, PathPatternList ignore, TimeProvider time) =>
        Task.Factory.StartNew(() => Scan(basePath, ignore, time), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static ScanResult Scan(string basePath, PathPatternList ignore, TimeProvider time)
    {
        if (!Directory.Exists(basePath))
        {
            throw new RRBackupException(ErrorCodes.ConfigBasePathMissing, ErrorKind.Configuration,
                $"base_path '{basePath}' does not exist or is not a folder");
        }

        var startedAt = time.GetUtcNow();
        using var walk = new TreeWalk(basePath, ignore);
        walk.Run();
        var files = new Dictionary<string, ScannedFile>(walk.Found.Sum(f => f.Count), StringComparer.Ordinal);
        foreach (var file in walk.Found.SelectMany(f => f))
        {
            files[file.Path] = file;
        }

        var warnings = walk.Warnings.Order(StringComparer.Ordinal).ToList();
        var unreadable = walk.Unreadable.Order(StringComparer.Ordinal).ToList();
        return new ScanResult(startedAt, files, unreadable, walk.Skipped, warnings);
    }
}
