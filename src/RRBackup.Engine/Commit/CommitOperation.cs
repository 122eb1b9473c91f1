using RRBackup.Engine.Configuration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Scanning;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Commit;

/// <summary>
/// One commit (docs/format.md, "Read and write ordering"): gc log, file objects, one durability
/// barrier, then the manifest diff, whose single write is the commit point; then a check that no
/// other writer's diff landed first on the same parent, retrying on the new head if one did.
/// </summary>
internal sealed class CommitOperation(BackupConfiguration config, IVersionedObjectStore store, ObjectCodec codec, string storeIdentity, IEngineLog log, TimeProvider time)
{
    private const int MaxUploadAttempts = 3;
    private const int MaxCommitAttempts = 5;

    public async Task<CommitResult> RunAsync(CommitOptions options, CancellationToken cancellationToken)
    {
        RequireValidLabels(options);
        RequireWritable();
        using var writerLock = WriterLock.Acquire(config.LocalManifestFile);
        await store.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var writer = WriterIdentity.LoadOrCreate(config.LocalManifestFile);
        var cleanup = new StoreCleanup(store, codec, config, writer, time);
        var unreferenced = new UnreferencedVersions(store, codec, config.Names, ct => LoadHistoryAsync(null, ct));

        // The walk of base_path and the loading of the manifest need each other only once both are done.
        Task<ScanResult>? firstScan = FileScanner.StartScan(config.BasePath, config.IgnoreFiles, time);
        ManifestHistory history;
        try
        {
            history = await LoadHistoryAsync(config.LocalManifestFile, cancellationToken).ConfigureAwait(false);
            await GcLog.RecoverAsync(store, codec, config, writer, unreferenced, cleanup, time, log, cancellationToken).ConfigureAwait(false);
            if (!config.WriteOnly)
            {
                await GarbageLog.ProcessAsync(store, codec, config.Names, unreferenced, log, cancellationToken).ConfigureAwait(false);
            }

            await codec.PrepareForWritingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The failure above is the one to report; the walk is only left to finish, not to run on unobserved.
            await firstScan.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        var attempt = new CommitAttempt(config, store, codec, writer, cleanup, log, time, firstScan);
        firstScan = null;
        for (var round = 1; ; round++)
        {
            var result = await attempt.RunAsync(history, options, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                await attempt.RemoveGcLogsAsync(attempt.Committed).ConfigureAwait(false);
                await cleanup.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }

            if (round == MaxCommitAttempts)
            {
                await cleanup.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                throw new RRBackupException(ErrorCodes.CommitConflict, ErrorKind.Conflict,
                    $"another writer committed to {store.Description} first, {round} times in a row; nothing was committed, run the backup again");
            }

            log.Warning(ErrorCodes.CommitConflict, $"another writer committed first; committing again on top of its version (attempt {round + 1})");
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 200) * round), cancellationToken).ConfigureAwait(false);
            history = await LoadHistoryAsync(config.LocalManifestFile, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void RequireValidLabels(CommitOptions options)
    {
        foreach (var (key, value) in options.Labels)
        {
            if (key.Length == 0 || key.Contains('=') || key.Any(char.IsControl) || value.Any(char.IsControl))
            {
                throw new RRBackupException(ErrorCodes.InvalidArguments, ErrorKind.Usage,
                    $"label '{key}={value}' is not valid: a label is KEY=VALUE with a non-empty KEY without '=', and no control characters");
            }
        }
    }

    private void RequireWritable()
    {
        if (config.CommitLocked)
        {
            throw new RRBackupException(ErrorCodes.CommitLocked, ErrorKind.Locked,
                $"{config.Where("main", "commit_locked")}: commits are locked on this client; set commit_locked: False to commit (listing and downloading still work)");
        }

        if (!Directory.Exists(config.BasePath))
        {
            throw new RRBackupException(ErrorCodes.ConfigBasePathMissing, ErrorKind.Configuration,
                $"{config.Where("main", "base_path")}: the folder '{config.BasePath}' does not exist");
        }
    }

    private Task<ManifestHistory> LoadHistoryAsync(string? cachePath, CancellationToken cancellationToken) =>
        ManifestHistory.LoadAsync(store, codec, config.Names, cachePath, storeIdentity, log, cancellationToken, WriterIdentity.LoadOrCreate(config.LocalManifestFile));

    /// <summary>One try at a commit on a given head; what it uploads stays usable by the next try.</summary>
    private sealed class CommitAttempt(BackupConfiguration config, IVersionedObjectStore store, ObjectCodec codec, string writer, StoreCleanup cleanup, IEngineLog log, TimeProvider time, Task<ScanResult> startedScan)
    {
        private readonly Dictionary<ContentIdentity, ManifestEntry> _uploaded = new();
        private readonly List<string> _gcLogs = [];

        /// <summary>The walk started before the history was loaded, until the first try takes it; later tries walk again.</summary>
        private Task<ScanResult>? _startedScan = startedScan;

        /// <summary>The files of the version this commit made, once made; before that, the head's.</summary>
        public FileManifest Committed { get; private set; } = new();

        /// <returns>The result, or null when another writer's diff landed first on the same parent.</returns>
        /// <param name="history">The history to commit on top of.</param>
        /// <param name="options">Message and labels.</param>
        /// <param name="cancellationToken">Cancels the attempt before its commit point.</param>
        public async Task<CommitResult?> RunAsync(ManifestHistory history, CommitOptions options, CancellationToken cancellationToken)
        {
            var (done, recorded) = await UploadChangesAsync(history, options, cancellationToken).ConfigureAwait(false);
            if (done is not null)
            {
                return done;
            }

            var diff = new ManifestDiff((history.Head?.Sequence ?? 0) + 1, history.Head?.VersionId, time.GetUtcNow(), recorded!.ScanTime, options.Message, options.Labels, recorded.Changes, writer);
            var manifest = history.HeadManifest.Clone();
            manifest.Apply(diff, config.Names.ManifestDiffs, "(new)");
            var versionId = await codec.PutMetadataAsync(config.Names.ManifestDiffs, ObjectKind.ManifestDiff,
                ManifestCodec.EncodeDiff(diff), PutDurability.Immediate, cancellationToken).ConfigureAwait(false);

            // Past the commit point nothing may undo a won commit, so cancellation no longer applies.
            if (!await WonAsync(history.Head?.VersionId, versionId).ConfigureAwait(false))
            {
                await cleanup.DeleteAsync(config.Names.ManifestDiffs, versionId, CancellationToken.None).ConfigureAwait(false);
                Remember(recorded.Uploaded);
                return null;
            }

            var committed = history.WithCommit(versionId, diff, manifest);
            Committed = manifest;
            committed.WriteCache(config.LocalManifestFile, StoreFactory.Identity(config.Store, config.Names));
            await WriteCheckpointIfDueAsync(committed).ConfigureAwait(false);
            return Summarise(versionId, diff, manifest, recorded);
        }

        /// <summary>Scans, plans and uploads; the scan and the plan end with this call, before the diff is written.</summary>
        /// <returns>A result when there is nothing to commit; otherwise what to record.</returns>
        private async Task<(CommitResult? Done, RecordedChanges? Recorded)> UploadChangesAsync(ManifestHistory history, CommitOptions options, CancellationToken cancellationToken)
        {
            var scan = await (Interlocked.Exchange(ref _startedScan, null) ?? FileScanner.StartScan(config.BasePath, config.IgnoreFiles, time)).ConfigureAwait(false);
            foreach (var warning in scan.Warnings)
            {
                log.Warning(ErrorCodes.SkippedEntry, warning);
            }

            var plan = await ChangePlanner.PlanAsync(history.HeadManifest, history.HeadScanTime, scan, config, codec, history.Unverified, _uploaded, log, cancellationToken).ConfigureAwait(false);
            if (plan.Changes.Count == 0 && options.Labels.Count == 0)
            {
                RememberVerified(history, plan);
                return (new CommitResult { Sequence = history.Head?.Sequence ?? 0, FileCount = history.HeadManifest.Count, Skipped = scan.Skipped }, null);
            }

            if (plan.Uploads.Count > 0)
            {
                _gcLogs.Add(await GcLog.WriteAsync(codec, config.Names, history.Head?.VersionId, writer, plan.Uploads.Select(u => u.Key), plan.Uploads.Count, scan.StartedAt, cancellationToken).ConfigureAwait(false));
                await UploadAllAsync(plan.Uploads, cancellationToken).ConfigureAwait(false);
                await store.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            var changes = new List<ManifestChange>(plan.Changes.Count);
            var uploaded = new List<ManifestEntry>(plan.Uploads.Count);
            foreach (var planned in plan.Changes.Where(c => c.Upload is not { Abandoned: true }))
            {
                var change = planned.ToChange();
                changes.Add(change);
                if (planned.Upload is not null)
                {
                    uploaded.Add(change.Entry!);
                }
            }

            var skipped = scan.Skipped + plan.Changes.Count(c => c.Upload is { Abandoned: true });
            if (changes.Count == 0 && options.Labels.Count == 0)
            {
                return (new CommitResult { Sequence = history.Head?.Sequence ?? 0, FileCount = history.HeadManifest.Count, Skipped = skipped }, null);
            }

            var written = plan.Uploads.Where(u => !u.Abandoned).ToList();
            var reused = ReusedEarlierUploads(plan);
            return (null, new RecordedChanges(changes, uploaded, scan.StartedAt, written.Count + reused.Count, written.Sum(u => u.Size) + reused.Sum(e => e.Size), skipped));
        }

        /// <summary>The objects an earlier, losing try wrote that this plan uses: the commit wrote them too.</summary>
        private List<ManifestEntry> ReusedEarlierUploads(ChangePlan plan)
        {
            if (_uploaded.Count == 0)
            {
                return [];
            }

            var earlier = new HashSet<ManifestEntry>(_uploaded.Values, ReferenceEqualityComparer.Instance);
            return plan.Changes.Select(c => c.Existing).OfType<ManifestEntry>().Where(earlier.Remove).ToList(); // Remove: an object counts once, however many paths use it
        }

        /// <summary>
        /// After a commit that found nothing to record, the entries it had to hash (their writer was another
        /// machine, or the cache was rebuilt from the remote) are known to match their files: the cache says so,
        /// or every later commit would read them all again.
        /// </summary>
        private void RememberVerified(ManifestHistory history, ChangePlan plan)
        {
            if (history.Head is null || (history.Unverified is { Count: 0 }) || plan.Hashed.Count == 0)
            {
                return;
            }

            history.WithVerified(plan.Hashed).WriteCache(config.LocalManifestFile, StoreFactory.Identity(config.Store, config.Names));
        }

        /// <summary>A checkpoint is a convenience: failing to write one never fails the commit that is already made.</summary>
        private async Task WriteCheckpointIfDueAsync(ManifestHistory committed)
        {
            if (!Checkpoints.IsDue(committed.Head!.Sequence))
            {
                return;
            }

            try
            {
                await Checkpoints.WriteAsync(codec, config.Names, committed, CancellationToken.None).ConfigureAwait(false);
                if (!config.WriteOnly)
                {
                    await Checkpoints.PruneAsync(store, config.Names, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (RRBackupException e) when (e.Kind is ErrorKind.Store or ErrorKind.Data)
            {
                log.Warning(e.Code, $"the commit is made, but its checkpoint could not be written: {e.Message}");
            }
        }

        /// <summary>Deletes what earlier tries uploaded that the commit finally made does not use, then this commit's gc logs.</summary>
        public async Task RemoveGcLogsAsync(FileManifest committed)
        {
            if (_uploaded.Count > 0)
            {
                var used = committed.Entries.Where(e => e.HasObject).Select(e => (e.ObjectKey!, e.ObjectVersion!)).ToHashSet();
                foreach (var entry in _uploaded.Values.Where(u => !used.Contains((u.ObjectKey!, u.ObjectVersion!))))
                {
                    await cleanup.DeleteAsync(entry.ObjectKey!, entry.ObjectVersion!, CancellationToken.None).ConfigureAwait(false);
                }
            }

            foreach (var versionId in _gcLogs)
            {
                await cleanup.DeleteAsync(config.Names.GcLog, versionId, CancellationToken.None).ConfigureAwait(false);
            }
        }

        /// <summary>Whether the diff just written is in the history: no diff naming the same parent landed before it.</summary>
        private async Task<bool> WonAsync(string? parent, string versionId)
        {
            var listed = (await store.ListVersionsAsync(config.Names.ManifestDiffs, CancellationToken.None).ConfigureAwait(false))
                .Where(v => !v.IsDeleteMarker).Select(v => v.VersionId).ToList();
            var mine = listed.IndexOf(versionId);
            if (mine < 0)
            {
                return false; // deleted already: a reader or cleaner saw it had lost
            }

            var start = parent is null ? 0 : listed.IndexOf(parent) + 1;
            if (start <= 0 && parent is not null)
            {
                throw new RRBackupException(ErrorCodes.ChainBroken, ErrorKind.Data,
                    $"after writing version '{versionId}' of '{config.Names.ManifestDiffs}', it or its parent '{parent}' is not listed; another writer may be deleting versions");
            }

            foreach (var other in listed.Skip(start).Take(mine - start))
            {
                byte[] json;
                try
                {
                    json = await codec.GetMetadataAsync(config.Names.ManifestDiffs, other, ObjectKind.ManifestDiff, CancellationToken.None).ConfigureAwait(false);
                }
                catch (RRBackupException e) when (e.Code == ErrorCodes.ObjectNotFound)
                {
                    continue; // a loser its writer deleted since the listing
                }

                if (ManifestCodec.DecodeDiff(json, config.Names.ManifestDiffs, other).ParentVersionId == parent)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Keeps what this attempt wrote for the next: an object holds the same contents through the same pipeline whichever path uses it.</summary>
        private void Remember(IEnumerable<ManifestEntry> uploaded)
        {
            foreach (var entry in uploaded)
            {
                _uploaded[new ContentIdentity(entry.Digest, codec.Pipelines.ForFile(entry.Path))] = entry;
            }
        }

        private async Task UploadAllAsync(IReadOnlyList<UploadJob> uploads, CancellationToken cancellationToken)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = store.PreferredConcurrency, CancellationToken = cancellationToken };
            var progress = new ProgressCounter(log, ProgressPhase.Uploading, uploads.Count, uploads.Sum(u => u.Size));
            await Parallel.ForEachAsync(uploads, options, async (job, ct) =>
            {
                await UploadAsync(job, ct).ConfigureAwait(false);
                progress.FileDone(job.Size);
            }).ConfigureAwait(false);
        }

        /// <summary>Writes one file object, again if the file changed between hashing and upload.</summary>
        private async ValueTask UploadAsync(UploadJob job, CancellationToken cancellationToken)
        {
            for (var attempt = 1; attempt <= MaxUploadAttempts; attempt++)
            {
                var key = job.Key;
                (string VersionId, Sha256Digest Digest, long Size) written;
                try
                {
                    written = await codec.PutFileAsync(key, job.Source.Path, job.Source.FullPath, job.Digest, job.Size, job.Transforms, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw Error.LocalIo(job.Source.FullPath, "reading the file for upload", e);
                }

                if (written.Digest == job.Digest)
                {
                    job.VersionId = written.VersionId;
                    return;
                }

                // The header names the hash read before: this version is wrong and must not stay.
                await cleanup.DeleteAsync(key, written.VersionId, cancellationToken).ConfigureAwait(false);
                if (job.Users > 1)
                {
                    break; // other paths share this object for the contents read before
                }

                log.Warning(ErrorCodes.FileChangedDuringBackup, $"'{job.Source.FullPath}' changed while it was read; reading it again");
                job.Digest = written.Digest;
                job.Size = written.Size;
            }

            job.Abandoned = true;
            log.Warning(ErrorCodes.FileChangedDuringBackup,
                $"'{job.Source.FullPath}' kept changing while it was read; it is skipped and keeps its previous state in this version");
        }

        private static CommitResult Summarise(string versionId, ManifestDiff diff, FileManifest manifest, RecordedChanges recorded)
        {
            int Count(ChangeKind kind) => diff.Changes.Count(c => c.Kind == kind);
            return new CommitResult
            {
                VersionId = versionId,
                Sequence = diff.Sequence,
                Added = Count(ChangeKind.Added),
                Changed = Count(ChangeKind.Changed),
                Deleted = Count(ChangeKind.Deleted),
                Moved = Count(ChangeKind.Moved),
                Touched = Count(ChangeKind.Touched),
                ObjectsUploaded = recorded.ObjectsUploaded,
                BytesUploaded = recorded.BytesUploaded,
                FileCount = manifest.Count,
                Skipped = recorded.Skipped,
            };
        }
    }
}
