using System.Text.Json;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Commit;

/// <summary>
/// The gc log: written before a commit uploads anything, naming every key it is about to write, and
/// deleted once the commit point is written. One left behind marks an interrupted commit whose
/// uploads may be unreferenced.
/// </summary>
internal static class GcLog
{
    public static Task<string> WriteAsync(ObjectCodec codec, RemoteNames names, string? parent, IEnumerable<string> keys, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var document = new GcLogDocument { Format = ManifestCodec.GcLogFormat, Parent = parent, Time = time, Keys = [.. keys] };
        var json = JsonSerializer.SerializeToUtf8Bytes(document, ManifestJsonContext.Default.GcLogDocument);
        return codec.PutMetadataAsync(names.GcLog, ObjectKind.GcLog, json, PutDurability.Immediate, cancellationToken);
    }

    public static Task RemoveAsync(IVersionedObjectStore store, RemoteNames names, string versionId, CancellationToken cancellationToken) =>
        store.DeleteVersionAsync(names.GcLog, versionId, cancellationToken);

    /// <summary>
    /// Finishes what an interrupted commit left: deletes every version of the keys its gc log names
    /// that no version of the history references, then the gc log itself.
    /// </summary>
    /// <returns>How many object versions were deleted.</returns>
    public static async Task<int> RecoverAsync(IVersionedObjectStore store, ObjectCodec codec, RemoteNames names, ManifestHistory history, IEngineLog log, CancellationToken cancellationToken)
    {
        var logs = await store.ListVersionsAsync(names.GcLog, cancellationToken).ConfigureAwait(false);
        if (logs.Count == 0)
        {
            return 0;
        }

        var referenced = await history.ReferencedObjectVersionsAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var version in logs)
        {
            if (!version.IsDeleteMarker)
            {
                foreach (var key in await ReadKeysAsync(codec, names, version.VersionId, log, cancellationToken).ConfigureAwait(false))
                {
                    removed += await RemoveUnreferencedAsync(store, key, referenced, cancellationToken).ConfigureAwait(false);
                }
            }

            await store.DeleteVersionAsync(names.GcLog, version.VersionId, cancellationToken).ConfigureAwait(false);
        }

        log.Warning(ErrorCodes.InterruptedCommitCleaned,
            $"an earlier commit was interrupted; removed {removed} object version(s) it had written but never committed");
        return removed;
    }

    private static async Task<IReadOnlyList<string>> ReadKeysAsync(ObjectCodec codec, RemoteNames names, string versionId, IEngineLog log, CancellationToken cancellationToken)
    {
        try
        {
            var json = await codec.GetMetadataAsync(names.GcLog, versionId, ObjectKind.GcLog, cancellationToken).ConfigureAwait(false);
            var document = ManifestCodec.Deserialize(json, ManifestJsonContext.Default.GcLogDocument, names.GcLog, versionId);
            return [.. document.Keys.Where(k => k.StartsWith(RemoteNames.FilePrefix, StringComparison.Ordinal))];
        }
        catch (RRBackupException e) when (e.Kind == ErrorKind.Data)
        {
            // A gc log torn by the crash it records: its uploads stay as unreferenced garbage, never as a wrong backup.
            log.Warning(ErrorCodes.InterruptedCommitCleaned, $"the gc log of an interrupted commit cannot be read ({e.Message}); removing it");
            return [];
        }
    }

    private static async Task<int> RemoveUnreferencedAsync(IVersionedObjectStore store, string key, HashSet<(string Key, string Version)> referenced, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var version in await store.ListVersionsAsync(key, cancellationToken).ConfigureAwait(false))
        {
            if (!referenced.Contains((key, version.VersionId)))
            {
                await store.DeleteVersionAsync(key, version.VersionId, cancellationToken).ConfigureAwait(false);
                removed++;
            }
        }

        return removed;
    }
}
