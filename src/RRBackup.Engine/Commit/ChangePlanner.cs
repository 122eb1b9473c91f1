using System.Collections.Concurrent;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Pipeline;
using RRBackup.Engine.Scanning;

namespace RRBackup.Engine.Commit;

/// <summary>Compares a scan with the head manifest and decides what the commit records and writes.</summary>
/// <remarks>
/// A file whose size and modification time match its entry is taken as unchanged without reading
/// it, unless it was modified within a short window of the previous scan: a clock tick may hide a
/// change made then (git's "racily clean" entries). Only new or changed files are hashed.
/// </remarks>
internal static class ChangePlanner
{
    /// <summary>How close to the previous scan a fine-grained timestamp must be to be doubted: well above a kernel clock tick.</summary>
    private const long FineRacyWindowNs = 50_000_000;

    /// <summary>The same for whole-second timestamps (FAT, some network file systems), which can hide two writes in one second.</summary>
    private const long CoarseRacyWindowNs = 2_000_000_000;

    /// <summary>A rename pairs like with like: a link never moves onto a file whose contents happen to equal its target.</summary>
    private static (bool IsLink, ContentIdentity Content) MoveIdentity(Sha256Digest digest, bool isLink, Transforms transforms) => (isLink, new ContentIdentity(digest, transforms));

    /// <param name="head">The head manifest.</param>
    /// <param name="headScanTime">When the head's scan started.</param>
    /// <param name="scan">What is on disk now.</param>
    /// <param name="config">The configuration.</param>
    /// <param name="codec">Names file objects.</param>
    /// <param name="unverified">Paths whose entries this machine cannot vouch for (null: none): hashed whatever their size and time.</param>
    /// <param name="uploaded">Objects written by an earlier try of this commit, usable like the head's.</param>
    /// <param name="log">Where warnings go.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<ChangePlan> PlanAsync(FileManifest head, DateTimeOffset headScanTime, ScanResult scan, BackupConfiguration config, ObjectCodec codec,
        IReadOnlySet<string>? unverified, IReadOnlyDictionary<ContentIdentity, ManifestEntry> uploaded, IEngineLog log, CancellationToken cancellationToken)
    {
        var headScanNs = headScanTime == DateTimeOffset.MinValue ? long.MinValue : ManifestEntry.ToNanoseconds(headScanTime.UtcDateTime);
        var candidates = scan.Files.Values
            .Where(f => !IsUnchanged(head, f, headScanNs) || unverified is null || unverified.Contains(f.Path))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        var hashed = await HashAllAsync(candidates, log, cancellationToken).ConfigureAwait(false);

        var changes = new List<PlannedChange>();
        var added = new List<(ScannedFile File, Sha256Digest Digest, long Size)>();
        foreach (var file in candidates)
        {
            if (!hashed.TryGetValue(file.Path, out var content))
            {
                continue; // vanished or unreadable since the scan
            }

            if (!head.TryGet(file.Path, out var entry))
            {
                added.Add((file, content.Digest, content.Size));
            }
            else if (entry.Digest != content.Digest || entry.IsLink != (file.LinkTarget is not null))
            {
                changes.Add(new PlannedChange(ChangeKind.Changed, file.Path, file, content.Digest, content.Size, null, null, null));
            }
            else if (entry.ModifiedNs != file.ModifiedNs)
            {
                changes.Add(new PlannedChange(ChangeKind.Touched, file.Path, file, entry.Digest, entry.Size, null, entry, null));
            }
        }

        var deleted = FindDeleted(head, scan, hashed, candidates, config);
        var moves = PairMoves(added, deleted, head, config.Pipelines);
        changes.AddRange(moves);
        var movedTargets = moves.Select(m => m.Path).ToHashSet(StringComparer.Ordinal);
        var movedSources = moves.Select(m => m.FromPath!).ToHashSet(StringComparer.Ordinal);
        changes.AddRange(deleted.Where(p => !movedSources.Contains(p)).Select(p => new PlannedChange(ChangeKind.Deleted, p, null, default, 0, null, null, null)));
        changes.AddRange(added.Where(a => !movedTargets.Contains(a.File.Path)).Select(a => new PlannedChange(ChangeKind.Added, a.File.Path, a.File, a.Digest, a.Size, null, null, null)));

        return AssignObjects(changes, head, codec, uploaded) with { Hashed = hashed.Keys.ToList() };
    }

    private static bool IsUnchanged(FileManifest head, ScannedFile file, long headScanNs) =>
        head.TryGet(file.Path, out var entry)
        && entry.LinkTarget == file.LinkTarget
        && entry.Size == file.Size
        && entry.ModifiedNs == file.ModifiedNs
        && !IsRacy(file.ModifiedNs, headScanNs);

    /// <summary>
    /// Whether a file's time is too close to the previous scan to prove it unchanged: a write in the
    /// same clock tick as that scan leaves the time as it was (git's "racily clean" entries).
    /// </summary>
    private static bool IsRacy(long modifiedNs, long headScanNs)
    {
        if (headScanNs == long.MinValue)
        {
            return true;
        }

        var window = modifiedNs % 1_000_000_000 == 0 ? CoarseRacyWindowNs : FineRacyWindowNs;
        return modifiedNs >= headScanNs - window;
    }

    private static async Task<ConcurrentDictionary<string, (Sha256Digest Digest, long Size)>> HashAllAsync(List<ScannedFile> files, IEngineLog log, CancellationToken cancellationToken)
    {
        var hashes = new ConcurrentDictionary<string, (Sha256Digest, long)>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        var progress = new ProgressCounter(log, ProgressPhase.Hashing, files.Count, files.Sum(f => f.Size));
        await Parallel.ForEachAsync(files, options, async (file, ct) =>
        {
            await HashOneAsync(file, ct).ConfigureAwait(false);
            progress.FileDone(file.Size);
        }).ConfigureAwait(false);
        return hashes;

        async Task HashOneAsync(ScannedFile file, CancellationToken ct)
        {
            if (file.LinkTarget is not null)
            {
                hashes[file.Path] = (ManifestEntry.LinkDigest(file.LinkTarget), 0);
                return;
            }

            if (!FileKind.IsRegularFile(file.FullPath))
            {
                log.Warning(ErrorCodes.SkippedEntry, $"'{file.FullPath}' is not a regular file (a FIFO, socket or device); it is not backed up");
                return;
            }

            if (file.Size == 0)
            {
                hashes[file.Path] = (ContentHasher.EmptyDigest, 0);
                return;
            }

            try
            {
                hashes[file.Path] = await ContentHasher.HashFileAsync(file.FullPath, file.Size, ct).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                // Deleted after the scan: it is recorded as absent.
            }
            catch (DirectoryNotFoundException)
            {
                // Its folder was deleted after the scan.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Warning(ErrorCodes.SkippedEntry, $"'{file.FullPath}' cannot be read ({e.Message}); it keeps its previous state");
            }
        }
    }

    private static List<string> FindDeleted(FileManifest head, ScanResult scan, ConcurrentDictionary<string, (Sha256Digest, long)> hashed, List<ScannedFile> candidates, BackupConfiguration config)
    {
        var vanished = candidates.Where(c => !hashed.ContainsKey(c.Path) && !File.Exists(c.FullPath)).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var deleted = new List<string>();
        foreach (var entry in head.Entries)
        {
            if (scan.Files.ContainsKey(entry.Path) && !vanished.Contains(entry.Path))
            {
                continue;
            }

            if (config.IgnoreFiles.MatchesAny(entry.Path))
            {
                deleted.Add(entry.Path);
            }
            else if (!IsUnderAny(entry.Path, scan.UnreadableFolders) && !config.SkipDelete.MatchesAny(entry.Path))
            {
                deleted.Add(entry.Path);
            }
        }

        deleted.Sort(StringComparer.Ordinal);
        return deleted;
    }

    private static bool IsUnderAny(string path, IReadOnlyList<string> folders) =>
        folders.Any(f => f == "/" || path.StartsWith(f + "/", StringComparison.Ordinal));

    /// <summary>A deleted path and an added path with the same contents and the same pipeline are one rename.</summary>
    private static List<PlannedChange> PairMoves(List<(ScannedFile File, Sha256Digest Digest, long Size)> added, List<string> deleted, FileManifest head, PipelineSettings pipelines)
    {
        var deletedByHash = new Dictionary<(bool IsLink, ContentIdentity Content), Queue<ManifestEntry>>();
        foreach (var path in deleted)
        {
            head.TryGet(path, out var entry);
            var identity = MoveIdentity(entry.Digest, entry.IsLink, pipelines.ForFile(entry.Path));
            if (!deletedByHash.TryGetValue(identity, out var queue))
            {
                deletedByHash[identity] = queue = new Queue<ManifestEntry>();
            }

            queue.Enqueue(entry);
        }

        var moves = new List<PlannedChange>();
        foreach (var (file, digest, size) in added)
        {
            if (deletedByHash.TryGetValue(MoveIdentity(digest, file.LinkTarget is not null, pipelines.ForFile(file.Path)), out var queue) && queue.TryDequeue(out var source))
            {
                moves.Add(new PlannedChange(ChangeKind.Moved, file.Path, file, digest, size, source.Path, source, null));
            }
        }

        return moves;
    }

    /// <summary>Points every change at an object: an existing one with the same contents and pipeline, or one to write.</summary>
    private static ChangePlan AssignObjects(List<PlannedChange> changes, FileManifest head, ObjectCodec codec, IReadOnlyDictionary<ContentIdentity, ManifestEntry> uploaded)
    {
        var pipelines = codec.Pipelines;

        // Built only when some change has contents to place: a commit that only touches, moves or deletes never indexes the head.
        ILookup<Sha256Digest, ManifestEntry>? headByDigest = null;
        var uploads = new Dictionary<ContentIdentity, UploadJob>();
        var planned = new List<PlannedChange>(changes.Count);
        foreach (var change in changes.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            if (change.Kind is ChangeKind.Deleted or ChangeKind.Touched or ChangeKind.Moved || change.Size == 0)
            {
                planned.Add(change);
                continue;
            }

            var transforms = pipelines.ForFile(change.Path);
            var identity = new ContentIdentity(change.Digest, transforms);
            headByDigest ??= head.Entries.Where(e => e.HasObject).ToLookup(e => e.Digest);
            if (FindExisting(identity, uploaded, headByDigest, pipelines) is { } same)
            {
                planned.Add(change with { Existing = same });
            }
            else if (uploads.TryGetValue(identity, out var job))
            {
                job.Users++;
                planned.Add(change with { Upload = job });
            }
            else
            {
                job = new UploadJob(codec, change.File!, change.Digest, change.Size, transforms);
                uploads[identity] = job;
                planned.Add(change with { Upload = job });
            }
        }

        return new ChangePlan(planned, [.. uploads.Values], []);
    }

    /// <summary>An object that already holds these contents through this pipeline: one an earlier try uploaded, else the first of the head's.</summary>
    private static ManifestEntry? FindExisting(ContentIdentity identity, IReadOnlyDictionary<ContentIdentity, ManifestEntry> uploaded,
        ILookup<Sha256Digest, ManifestEntry> headByDigest, PipelineSettings pipelines)
    {
        if (uploaded.TryGetValue(identity, out var earlier))
        {
            return earlier;
        }

        foreach (var entry in headByDigest[identity.Digest])
        {
            if (pipelines.ForFile(entry.Path) == identity.Transforms)
            {
                return entry;
            }
        }

        return null;
    }
}
