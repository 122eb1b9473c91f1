using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Patterns;
using RRBackup.Engine.Platform;

namespace RRBackup.Engine.Restore;

/// <summary>Restores the files of one version (or part of it) into a target folder, in parallel.</summary>
/// <remarks>
/// Each file is written under a temporary name beside its place, checked against the manifest's
/// hash, given its modification time, and renamed over whatever was there: a file is never left
/// half-written under its own name. A merge leaves other files in the target alone; a mirror makes
/// the target exactly the version; an atomic download builds it beside the target and swaps it in.
/// Mirror and atomic downloads stamp the target with the version, and next time take the files that
/// still match the stamped version from the target instead of the store.
/// </remarks>
internal sealed class DownloadOperation(ObjectCodec codec, int concurrency, IEngineLog log, TimeProvider time)
{
    private const string TemporaryPrefix = ".rrbackup-partial-";
    private readonly string _temporaryStem = $"{TemporaryPrefix}{Guid.NewGuid():N}-";
    private long _temporaryCount;

    /// <param name="version">The version to download.</param>
    /// <param name="manifest">Its files.</param>
    /// <param name="target">The target folder.</param>
    /// <param name="options">What to download and how.</param>
    /// <param name="manifestOf">The files of another version by id, or null when it is not in the history: for the stamped version.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public async Task<DownloadResult> RunAsync(VersionInfo version, FileManifest manifest, string target, DownloadOptions options,
        Func<string, CancellationToken, Task<FileManifest?>> manifestOf, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        var entries = Candidates(manifest, options.Include).Where(e => IsSelected(e.Path, options)).ToList();
        RequireNothingUnderLinks(manifest, root);
        if (options.Mode == DownloadMode.Merge)
        {
            CreateFolder(root);
            var (files, transferred) = await FillAsync(new SafeTarget(root), entries, null, null, cancellationToken).ConfigureAwait(false);
            return new DownloadResult(version.VersionId, root, files, entries.Sum(e => e.Size), transferred);
        }

        var stamped = VersionStamp.TryRead(root);
        var previous = stamped is null ? null : await manifestOf(stamped.VersionId, cancellationToken).ConfigureAwait(false);
        var stamp = new VersionStamp(1, version.VersionId, version.Sequence, time.GetUtcNow());
        return options.Mode == DownloadMode.Mirror
            ? await MirrorAsync(root, entries, previous, stamp, cancellationToken).ConfigureAwait(false)
            : await SwapInAsync(root, entries, previous, stamp, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DownloadResult> MirrorAsync(string root, List<ManifestEntry> entries, FileManifest? previous, VersionStamp stamp, CancellationToken cancellationToken)
    {
        CreateFolder(root);
        var (files, transferred) = await FillAsync(new SafeTarget(root), entries, previous, root, cancellationToken).ConfigureAwait(false);
        var removed = RemoveOthers(root, entries);
        stamp.Write(root);
        return new DownloadResult(stamp.VersionId, root, files, entries.Sum(e => e.Size), transferred, removed);
    }

    private async Task<DownloadResult> SwapInAsync(string root, List<ManifestEntry> entries, FileManifest? previous, VersionStamp stamp, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(root) ?? throw Error.LocalIo(root, "an atomic download", new IOException("the target has no parent folder to stage in"));
        var staging = Path.Join(parent, $".{Path.GetFileName(root)}.rrbackup-staging-{Guid.NewGuid():N}");
        CreateFolder(staging);
        try
        {
            var (files, transferred) = await FillAsync(new SafeTarget(staging), entries, previous, Directory.Exists(root) ? root : null, cancellationToken).ConfigureAwait(false);
            stamp.Write(staging);
            var existed = Directory.Exists(root);
            var removed = existed ? CountOthers(root, entries) : 0;
            if (existed)
            {
                if (!FolderSwap.Swap(staging, root))
                {
                    log.Warning(ErrorCodes.LocalIoFailure, $"'{root}' was replaced by two renames: this system cannot swap folders in one step");
                }
            }
            else
            {
                Directory.Move(staging, root);
            }

            return new DownloadResult(stamp.VersionId, root, [.. files.Select(f => Path.Join(root, Path.GetRelativePath(staging, f)))], entries.Sum(e => e.Size), transferred, removed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.LocalIo(root, "swapping in the downloaded version", e);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Writes every entry under the target: from <paramref name="reuseRoot"/> when it still holds the same contents as the stamped version, else from the store.</summary>
    private async Task<(string[] Files, int Transferred)> FillAsync(SafeTarget target, List<ManifestEntry> entries, FileManifest? previous, string? reuseRoot, CancellationToken cancellationToken)
    {
        var written = new string[entries.Count];
        var transferred = 0;
        var progress = new ProgressCounter(log, ProgressPhase.Downloading, entries.Count, entries.Sum(e => e.Size));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        var files = Enumerable.Range(0, entries.Count).Where(i => !entries[i].IsLink).ToList();
        await Parallel.ForEachAsync(files, parallel, async (i, ct) =>
        {
            var reusable = ReusablePath(entries[i], previous, reuseRoot);
            written[i] = reusable is null
                ? await RestoreFileAsync(target, entries[i], ct).ConfigureAwait(false)
                : ReuseFile(target, entries[i], reusable);
            if (reusable is null)
            {
                Interlocked.Increment(ref transferred);
            }

            progress.FileDone(entries[i].Size);
        }).ConfigureAwait(false);

        // Links last, one by one: no file of this download can then be written through a link it created.
        foreach (var i in Enumerable.Range(0, entries.Count).Where(i => entries[i].IsLink))
        {
            written[i] = await RestoreFileAsync(target, entries[i], cancellationToken).ConfigureAwait(false);
            progress.FileDone(0);
        }

        return (written, transferred);
    }

    /// <summary>The local file that already holds an entry's contents: the stamped version had them, and the file is as that download left it.</summary>
    private static string? ReusablePath(ManifestEntry entry, FileManifest? previous, string? reuseRoot)
    {
        if (previous is null || reuseRoot is null || entry.IsLink || !previous.TryGet(entry.Path, out var old) || old.Digest != entry.Digest || old.IsLink)
        {
            return null;
        }

        var path = Path.Join(reuseRoot, entry.Path[1..]);
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null && info.Length == old.Size && info.LastWriteTimeUtc == old.ModifiedUtc ? path : null;
    }

    private string ReuseFile(SafeTarget target, ManifestEntry entry, string source)
    {
        var destination = target.PrepareFile(entry.Path);
        try
        {
            if (!string.Equals(source, destination, StringComparison.Ordinal))
            {
                var temporary = TemporaryPathBeside(destination);
                File.Copy(source, temporary);
                File.Move(temporary, destination, overwrite: true);
            }

            File.SetLastWriteTimeUtc(destination, entry.ModifiedUtc);
            return destination;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.LocalIo(destination, $"reusing '{entry.Path}'", e);
        }
    }

    /// <summary>Removes what the version does not hold (never following links), then folders left empty.</summary>
    private static int RemoveOthers(string root, List<ManifestEntry> entries)
    {
        var keep = entries.Select(e => Path.Join(root, e.Path[1..])).ToHashSet(StringComparer.Ordinal);
        keep.Add(Path.Join(root, VersionStamp.FileName));
        var removed = 0;
        foreach (var path in Walk(root).Where(p => !keep.Contains(p)).ToList())
        {
            File.Delete(path);
            removed++;
        }

        foreach (var folder in Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                     .OrderByDescending(f => f.Length))
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }

        return removed;
    }

    private static int CountOthers(string root, List<ManifestEntry> entries)
    {
        var keep = entries.Select(e => Path.Join(root, e.Path[1..])).ToHashSet(StringComparer.Ordinal);
        keep.Add(Path.Join(root, VersionStamp.FileName));
        return Walk(root).Count(p => !keep.Contains(p));
    }

    /// <summary>Every file and link under a folder, without entering linked folders.</summary>
    private static IEnumerable<string> Walk(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 };
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options))
            {
                if (entry is DirectoryInfo && entry.LinkTarget is null)
                {
                    pending.Push(entry.FullName);
                }
                else
                {
                    yield return entry.FullName;
                }
            }
        }
    }

    /// <summary>A version never holds a path under one of its own links: such a manifest is hostile or corrupt, and nothing of it is written.</summary>
    private static void RequireNothingUnderLinks(FileManifest manifest, string root)
    {
        var links = manifest.Entries.Where(e => e.IsLink).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        if (links.Count == 0)
        {
            return;
        }

        foreach (var entry in manifest.Entries)
        {
            for (var slash = entry.Path.LastIndexOf('/'); slash > 0; slash = entry.Path.LastIndexOf('/', slash - 1))
            {
                if (links.Contains(entry.Path[..slash]))
                {
                    throw new RRBackupException(ErrorCodes.UnsafeTargetPath, ErrorKind.Data,
                        $"refusing to restore '{entry.Path}' into '{root}': '{entry.Path[..slash]}' is a symbolic link in the same version; the manifest may be corrupt or hostile");
                }
            }
        }
    }

    /// <summary>
    /// The entries the includes can select, in path order: when every include is anchored, only the
    /// ranges of the sorted manifest that start with their literal starts (a binary search each), so
    /// that one file out of a large version costs no scan of the version.
    /// </summary>
    private static IEnumerable<ManifestEntry> Candidates(FileManifest manifest, PathPatternList include)
    {
        var prefixes = include.IsEmpty ? null : include.OutermostLiteralPrefixes();
        return prefixes is null ? manifest.SortedEntries : prefixes.SelectMany(manifest.SortedEntriesStartingWith);
    }

    private static bool IsSelected(string path, DownloadOptions options) =>
        (options.Include.IsEmpty || options.Include.MatchesAny(path)) && !options.Exclude.MatchesAny(path);

    private static void CreateFolder(string root)
    {
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.LocalIo(root, "creating the target folder", e);
        }
    }

    private async Task<string> RestoreFileAsync(SafeTarget target, ManifestEntry entry, CancellationToken cancellationToken)
    {
        if (entry.LinkTarget is not null)
        {
            return RestoreLink(target, entry, entry.LinkTarget);
        }

        var destination = target.PreparePath(entry.Path);
        var temporary = TemporaryPathBeside(destination);
        var renamed = false;
        try
        {
            await WriteTemporaryAsync(entry, temporary, cancellationToken).ConfigureAwait(false);
            MoveIntoPlace(temporary, destination, entry.Path);
            renamed = true;
            return destination;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.LocalIo(destination, $"restoring '{entry.Path}'", e);
        }
        finally
        {
            if (!renamed && File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static string RestoreLink(SafeTarget target, ManifestEntry entry, string linkTarget)
    {
        var destination = target.PrepareFile(entry.Path);
        try
        {
            // A link is restored as a link, pointing where it pointed; nothing is written through it.
            if (File.Exists(destination) || new FileInfo(destination).LinkTarget is not null)
            {
                File.Delete(destination);
            }

            File.CreateSymbolicLink(destination, linkTarget);
            return destination;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.LocalIo(destination, $"restoring '{entry.Path}'", e);
        }
    }

    /// <summary>A fresh name in the destination's folder: this download's random stem and a counter, cheaper than a new GUID per file.</summary>
    private string TemporaryPathBeside(string destination) =>
        Path.Join(Path.GetDirectoryName(destination.AsSpan()), $"{_temporaryStem}{Interlocked.Increment(ref _temporaryCount)}");

    /// <summary>Writes the entry's checked contents and modification time into a new file, through its handle.</summary>
    private async Task WriteTemporaryAsync(ManifestEntry entry, string path, CancellationToken cancellationToken)
    {
        using var handle = PosixFiles.IsAvailable
            ? PosixFiles.CreateNew(path)
            : File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        if (entry.ObjectKey is not null && entry.ObjectVersion is not null)
        {
            using var file = new HandleWriteStream(handle, path);
            await codec.CopyFileContentsAsync(entry.ObjectKey, entry.ObjectVersion, entry.Sha256, file, cancellationToken).ConfigureAwait(false);
        }

        if (PosixFiles.IsAvailable)
        {
            PosixFiles.SetModificationTime(handle, entry.ModifiedUtc, path);
        }
        else
        {
            File.SetLastWriteTimeUtc(handle, entry.ModifiedUtc);
        }
    }

    /// <summary>Renames the finished file over its destination; when that fails because a folder is in the way, says so.</summary>
    private static void MoveIntoPlace(string temporary, string destination, string backupPath)
    {
        try
        {
            if (PosixFiles.IsAvailable)
            {
                PosixFiles.Rename(temporary, destination);
            }
            else
            {
                File.Move(temporary, destination, overwrite: true);
            }
        }
        catch (IOException)
        {
            SafeTarget.RequireNoFolderAt(destination, backupPath);
            throw;
        }
    }
}
