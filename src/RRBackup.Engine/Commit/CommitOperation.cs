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
/// barrier, then the manifest diff, whose single write is the commit point.
/// </summary>
internal sealed class CommitOperation(BackupConfiguration config, IVersionedObjectStore store, ObjectCodec codec, string storeIdentity, IEngineLog log, TimeProvider time)
{
    private const int MaxUploadAttempts = 3;

    public async Task<CommitResult> RunAsync(CommitOptions options, CancellationToken cancellationToken)
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

        using var writerLock = WriterLock.Acquire(config.LocalManifestFile);
        await store.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var history = await ManifestHistory.LoadAsync(store, codec, config.Names, config.LocalManifestFile, storeIdentity, log, cancellationToken).ConfigureAwait(false);
        await GcLog.RecoverAsync(store, codec, config.Names, history, log, cancellationToken).ConfigureAwait(false);
        await codec.PrepareForWritingAsync(cancellationToken).ConfigureAwait(false);

        var scanTime = time.GetUtcNow();
        var scan = FileScanner.Scan(config.BasePath, config.IgnoreFiles, log);
        var plan = await ChangePlanner.PlanAsync(history.HeadManifest, history.HeadScanTime, scan, config, codec, log, cancellationToken).ConfigureAwait(false);
        if (plan.Changes.Count == 0 && options.Labels.Count == 0)
        {
            return new CommitResult { Sequence = history.Head?.Sequence ?? 0, FileCount = history.HeadManifest.Count, Skipped = scan.Skipped };
        }

        var gcLogVersion = plan.Uploads.Count == 0
            ? null
            : await GcLog.WriteAsync(codec, config.Names, history.Head?.VersionId, plan.Uploads.Select(u => u.Key), scanTime, cancellationToken).ConfigureAwait(false);

        await UploadAllAsync(plan.Uploads, cancellationToken).ConfigureAwait(false);
        if (plan.Uploads.Count > 0)
        {
            await store.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var diff = new ManifestDiff(
            (history.Head?.Sequence ?? 0) + 1,
            history.Head?.VersionId,
            time.GetUtcNow(),
            scanTime,
            options.Message,
            options.Labels,
            [.. plan.Changes.Select(c => c.ToChange())]);
        var manifest = history.HeadManifest.Clone();
        manifest.Apply(diff, config.Names.ManifestDiffs, "(new)");

        var versionId = await codec.PutMetadataAsync(config.Names.ManifestDiffs, ObjectKind.ManifestDiff,
            ManifestCodec.EncodeDiff(diff), PutDurability.Immediate, cancellationToken).ConfigureAwait(false);

        // The commit is made: nothing below may undo it, so cancellation no longer applies.
        history.WithCommit(versionId, diff, manifest).WriteCache(config.LocalManifestFile, storeIdentity);
        if (gcLogVersion is not null)
        {
            await GcLog.RemoveAsync(store, config.Names, gcLogVersion, CancellationToken.None).ConfigureAwait(false);
        }

        return Summarise(versionId, diff, manifest, plan, scan);
    }

    private async Task UploadAllAsync(IReadOnlyList<UploadJob> uploads, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = store.PreferredConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(uploads, options, UploadAsync).ConfigureAwait(false);
    }

    /// <summary>Writes one file object, again if the file changed between hashing and upload.</summary>
    private async ValueTask UploadAsync(UploadJob job, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxUploadAttempts; attempt++)
        {
            (string VersionId, string Sha256, long Size) written;
            try
            {
                written = await codec.PutFileAsync(job.Key, job.Source.Path, job.Source.FullPath, job.Sha256, job.Transforms, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Error.LocalIo(job.Source.FullPath, "reading the file for upload", e);
            }

            if (written.Sha256 == job.Sha256)
            {
                job.VersionId = written.VersionId;
                return;
            }

            // The header names the hash read before: this version is wrong and must not stay.
            await store.DeleteVersionAsync(job.Key, written.VersionId, cancellationToken).ConfigureAwait(false);
            if (job.Users > 1)
            {
                break; // other paths share this object for the contents read before
            }

            job.Sha256 = written.Sha256;
            job.Size = written.Size;
        }

        throw new RRBackupException(ErrorCodes.FileChangedDuringBackup, ErrorKind.LocalIo,
            $"'{job.Source.FullPath}' kept changing while it was backed up; nothing was committed, run the backup again");
    }

    private static CommitResult Summarise(string versionId, ManifestDiff diff, FileManifest manifest, ChangePlan plan, ScanResult scan)
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
            ObjectsUploaded = plan.Uploads.Count,
            BytesUploaded = plan.Uploads.Sum(u => u.Size),
            FileCount = manifest.Count,
            Skipped = scan.Skipped,
        };
    }
}
