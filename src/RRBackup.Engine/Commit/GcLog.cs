using RRBackup.Engine.Configuration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Commit;

/// <summary>
/// The gc log: written before a commit uploads anything, naming the writer and every key it is about
/// to write, and deleted once the commit point is written. One left behind marks an interrupted
/// commit whose uploads may be unreferenced.
/// </summary>
internal static class GcLog
{
    /// <param name="keys">The keys about to be written, made as they are enumerated.</param>
    /// <param name="keyCount">How many there are.</param>
    public static Task<string> WriteAsync(ObjectCodec codec, RemoteNames names, string? parent, string writer, IEnumerable<string> keys, int keyCount, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var json = ManifestJsonWriter.GcLog(ManifestCodec.GcLogFormat, parent, writer, time, keys, keyCount);
        return codec.PutMetadataAsync(names.GcLog, ObjectKind.GcLog, json, PutDurability.Immediate, cancellationToken);
    }

    /// <summary>
    /// Finishes what interrupted commits left: those of this writer (which holds its lock, so none is
    /// in flight) and those of any writer older than the abandoned-commit age. Deletes the versions of
    /// their keys that nothing references, then the gc logs.
    /// </summary>
    /// <returns>How many object versions were deleted (or, write-only, recorded for deletion).</returns>
    public static async Task<int> RecoverAsync(
        IVersionedObjectStore store, ObjectCodec codec, BackupConfiguration config, string writer, UnreferencedVersions unreferenced,
        StoreCleanup cleanup, TimeProvider time, IEngineLog log, CancellationToken cancellationToken)
    {
        var names = config.Names;
        var abandoned = new List<string>();
        var keys = new List<string>();
        var alreadyRecorded = config.WriteOnly ? await GarbageLog.RecordedVersionsAsync(store, codec, names, cancellationToken).ConfigureAwait(false) : [];
        foreach (var version in await store.ListVersionsAsync(names.GcLog, cancellationToken).ConfigureAwait(false))
        {
            if (alreadyRecorded.Contains((names.GcLog, version.VersionId)))
            {
                continue; // a write-only client's own finished commit, already in the garbage log
            }

            var (document, vanished) = version.IsDeleteMarker ? (null, false) : await TryReadAsync(codec, names, version.VersionId, log, cancellationToken).ConfigureAwait(false);
            var old = time.GetUtcNow() - version.LastModified > config.AbandonedCommitAge;
            if (vanished)
            {
                continue; // its writer finished and removed it
            }

            // An unreadable gc log may belong to a commit in flight: only its age makes it abandoned.
            if (document is null ? old || version.IsDeleteMarker : document.Writer is null || document.Writer == writer || old)
            {
                abandoned.Add(version.VersionId);
                keys.AddRange(document?.Keys.Where(k => k.StartsWith(RemoteNames.FilePrefix, StringComparison.Ordinal)) ?? []);
            }
        }

        if (abandoned.Count == 0)
        {
            return 0;
        }

        var cleaned = abandoned.ToHashSet(StringComparer.Ordinal);
        var candidates = await unreferenced.ListAsync(keys, cancellationToken).ConfigureAwait(false);
        var garbage = await unreferenced.FilterAsync(candidates, cleaned, cancellationToken).ConfigureAwait(false);
        if (!config.WriteOnly)
        {
            var inFlight = await unreferenced.KeysOfOtherGcLogsAsync(cleaned, cancellationToken).ConfigureAwait(false);
            foreach (var key in keys.Distinct(StringComparer.Ordinal).Where(k => !inFlight.Contains(k)))
            {
                await store.AbortUnfinishedUploadsAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var (key, versionId) in garbage)
        {
            await cleanup.DeleteAsync(key, versionId, cancellationToken).ConfigureAwait(false);
        }

        foreach (var versionId in abandoned)
        {
            await cleanup.DeleteAsync(names.GcLog, versionId, cancellationToken).ConfigureAwait(false);
        }

        log.Warning(ErrorCodes.InterruptedCommitCleaned,
            $"{abandoned.Count} interrupted commit(s) found; {(config.WriteOnly ? "recorded for deletion" : "removed")} {garbage.Count} object version(s) they had written but never committed");
        return garbage.Count;
    }

    private static async Task<(GcLogDocument? Document, bool Vanished)> TryReadAsync(ObjectCodec codec, RemoteNames names, string versionId, IEngineLog log, CancellationToken cancellationToken)
    {
        try
        {
            var json = await codec.GetMetadataAsync(names.GcLog, versionId, ObjectKind.GcLog, cancellationToken).ConfigureAwait(false);
            return (ManifestCodec.Deserialize(json, ManifestJsonContext.Default.GcLogDocument, names.GcLog, versionId), false);
        }
        catch (RRBackupException e) when (e.Code == ErrorCodes.ObjectNotFound)
        {
            return (null, true);
        }
        catch (RRBackupException e) when (e.Kind == ErrorKind.Data)
        {
            // Torn by the crash it records, or unreadable here: its uploads stay as garbage for garbage_collect, never as a wrong backup.
            log.Warning(ErrorCodes.InterruptedCommitCleaned, $"a gc log cannot be read ({e.Message}); it is removed once it is older than the abandoned-commit age");
            return (null, false);
        }
    }
}
