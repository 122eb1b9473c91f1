using RRBackup.Engine.Configuration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Commit;

/// <summary>Deletes, on a read-write client, what write-only clients recorded in the garbage log, after checking it is garbage.</summary>
internal static class GarbageLog
{
    public static async Task<int> ProcessAsync(IVersionedObjectStore store, ObjectCodec codec, RemoteNames names, UnreferencedVersions unreferenced, IEngineLog log, CancellationToken cancellationToken)
    {
        var logs = await store.ListVersionsAsync(names.GarbageLog, cancellationToken).ConfigureAwait(false);
        if (logs.Count == 0)
        {
            return 0;
        }

        var entries = new List<(string Key, string Version)>();
        foreach (var version in logs.Where(v => !v.IsDeleteMarker))
        {
            entries.AddRange(await ReadAsync(codec, names, version.VersionId, log, cancellationToken).ConfigureAwait(false));
        }

        var files = entries.Where(e => e.Key.StartsWith(RemoteNames.FilePrefix, StringComparison.Ordinal)).ToList();
        var finishedGcLogs = entries.Where(e => e.Key == names.GcLog).Select(e => e.Version).ToHashSet(StringComparer.Ordinal);
        var deletable = await unreferenced.FilterAsync(files, finishedGcLogs, cancellationToken).ConfigureAwait(false);
        deletable.AddRange(entries.Where(e => e.Key == names.GcLog));
        deletable.AddRange(await LostDiffsAsync(entries, names, unreferenced, cancellationToken).ConfigureAwait(false));
        foreach (var (key, versionId) in deletable)
        {
            await store.DeleteVersionAsync(key, versionId, cancellationToken).ConfigureAwait(false);
        }

        foreach (var version in logs)
        {
            await store.DeleteVersionAsync(names.GarbageLog, version.VersionId, cancellationToken).ConfigureAwait(false);
        }

        log.Info($"deleted {deletable.Count} object version(s) that write-only clients had recorded as garbage");
        return deletable.Count;
    }

    /// <summary>Every (key, version) already recorded in a garbage log.</summary>
    public static async Task<HashSet<(string Key, string Version)>> RecordedVersionsAsync(IVersionedObjectStore store, ObjectCodec codec, RemoteNames names, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<(string, string)>();
        foreach (var version in (await store.ListVersionsAsync(names.GarbageLog, cancellationToken).ConfigureAwait(false)).Where(v => !v.IsDeleteMarker))
        {
            recorded.UnionWith(await ReadAsync(codec, names, version.VersionId, Diagnostics.NullEngineLog.Instance, cancellationToken).ConfigureAwait(false));
        }

        return recorded;
    }

    /// <summary>Manifest diffs recorded as garbage are deleted only if they are really not part of the history.</summary>
    private static async Task<List<(string Key, string Version)>> LostDiffsAsync(List<(string Key, string Version)> entries, RemoteNames names, UnreferencedVersions unreferenced, CancellationToken cancellationToken)
    {
        var diffs = entries.Where(e => e.Key == names.ManifestDiffs).ToList();
        if (diffs.Count == 0)
        {
            return [];
        }

        var history = await unreferenced.LoadHistoryAsync(cancellationToken).ConfigureAwait(false);
        var valid = history.Versions.Select(v => v.VersionId).ToHashSet(StringComparer.Ordinal);
        return [.. diffs.Where(d => !valid.Contains(d.Version))];
    }

    private static async Task<IEnumerable<(string, string)>> ReadAsync(ObjectCodec codec, RemoteNames names, string versionId, IEngineLog log, CancellationToken cancellationToken)
    {
        try
        {
            var json = await codec.GetMetadataAsync(names.GarbageLog, versionId, ObjectKind.GarbageLog, cancellationToken).ConfigureAwait(false);
            var document = ManifestCodec.Deserialize(json, ManifestJsonContext.Default.GarbageLogDocument, names.GarbageLog, versionId);
            return document.Entries.Select(e => (e.Key, e.Version));
        }
        catch (RRBackupException e) when (e.Kind == ErrorKind.Data)
        {
            log.Warning(e.Code, $"a garbage log cannot be read ({e.Message}); garbage_collect will find what it listed");
            return [];
        }
    }
}
