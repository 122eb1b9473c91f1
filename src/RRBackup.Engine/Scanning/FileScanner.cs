using System.IO.Enumeration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Patterns;

namespace RRBackup.Engine.Scanning;

/// <summary>Walks base_path with one stat per entry, leaving out what the ignore rules name.</summary>
public static class FileScanner
{
    private static readonly EnumerationOptions OneFolder = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    public static ScanResult Scan(string basePath, PathPatternList ignore, IEngineLog log)
    {
        if (!Directory.Exists(basePath))
        {
            throw new RRBackupException(ErrorCodes.ConfigBasePathMissing, ErrorKind.Configuration,
                $"base_path '{basePath}' does not exist or is not a folder");
        }

        var files = new Dictionary<string, ScannedFile>(StringComparer.Ordinal);
        var unreadable = new List<string>();
        var skipped = 0;
        var pending = new Stack<string>();
        pending.Push(basePath);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            try
            {
                foreach (var found in ListFolder(folder))
                {
                    var path = BackupPath.FromRelative(Path.GetRelativePath(basePath, found.FullPath));
                    if (ignore.MatchesAny(path))
                    {
                        continue;
                    }

                    if (found.IsLink)
                    {
                        // Recorded as a link, never followed: nothing outside base_path is read through it.
                        var target = new FileInfo(found.FullPath).LinkTarget;
                        if (target is null)
                        {
                            skipped++;
                            log.Warning(ErrorCodes.SkippedEntry, $"'{found.FullPath}' is a link whose target cannot be read; it is not backed up");
                            continue;
                        }

                        files[path] = new ScannedFile(path, found.FullPath, 0, found.ModifiedNs, target);
                    }
                    else if (found.IsDirectory)
                    {
                        pending.Push(found.FullPath);
                    }
                    else
                    {
                        files[path] = new ScannedFile(path, found.FullPath, found.Size, found.ModifiedNs);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped++;
                unreadable.Add(folder == basePath ? "/" : BackupPath.FromRelative(Path.GetRelativePath(basePath, folder)));
                log.Warning(ErrorCodes.SkippedEntry, $"folder '{folder}' cannot be read ({e.Message}); its files keep their previous state");
            }
        }

        return new ScanResult(files, unreadable, skipped);
    }

    private static List<FoundEntry> ListFolder(string folder)
    {
        // Materialised so that an unreadable folder fails before any of its entries is used.
        var enumerable = new FileSystemEnumerable<FoundEntry>(folder, ToFoundEntry, OneFolder);
        return [.. enumerable];
    }

    private static FoundEntry ToFoundEntry(ref FileSystemEntry entry)
    {
        var isLink = (entry.Attributes & FileAttributes.ReparsePoint) != 0;
        return new FoundEntry(
            entry.ToFullPath(),
            isLink,
            !isLink && entry.IsDirectory,
            entry.IsDirectory ? 0 : entry.Length,
            ManifestEntry.ToNanoseconds(entry.LastWriteTimeUtc.UtcDateTime));
    }

    private readonly record struct FoundEntry(string FullPath, bool IsLink, bool IsDirectory, long Size, long ModifiedNs);
}
