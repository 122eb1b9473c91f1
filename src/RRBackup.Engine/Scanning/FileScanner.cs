using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Patterns;

namespace RRBackup.Engine.Scanning;

/// <summary>Walks base_path with one stat per entry, leaving out what the ignore rules name.</summary>
public static class FileScanner
{
    public static ScanResult Scan(string basePath, PathPatternList ignore, IEngineLog log)
    {
        if (!Directory.Exists(basePath))
        {
            throw new RRBackupException(ErrorCodes.ConfigBasePathMissing, ErrorKind.Configuration,
                $"base_path '{basePath}' does not exist or is not a folder");
        }

        using var walk = new TreeWalk(basePath, ignore);
        walk.Run();
        var files = new Dictionary<string, ScannedFile>(walk.Found.Sum(f => f.Count), StringComparer.Ordinal);
        foreach (var file in walk.Found.SelectMany(f => f))
        {
            files[file.Path] = file;
        }

        // Reported once the walk is over, in a stable order: the log need not be thread-safe.
        foreach (var warning in walk.Warnings.OrderBy(w => w, StringComparer.Ordinal))
        {
            log.Warning(ErrorCodes.SkippedEntry, warning);
        }

        var unreadable = walk.Unreadable.Order(StringComparer.Ordinal).ToList();
        return new ScanResult(files, unreadable, walk.Skipped);
    }
}
