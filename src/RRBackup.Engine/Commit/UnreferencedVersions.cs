using RRBackup.Engine.Configuration;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Commit;

/// <summary>Finds which of some file-object versions no version of the history references and no commit in flight may still reference.</summary>
/// <remarks>
/// The order of the reads is what makes this safe beside other writers. The candidates are listed
/// first. A writer writes its gc log before it uploads, so any in-flight upload among the candidates
/// has its gc log listed by the time this reads them; its keys are then left alone. A commit that
/// finished in between is in the history, which is loaded last.
/// </remarks>
internal sealed class UnreferencedVersions(IVersionedObjectStore store, ObjectCodec codec, RemoteNames names, Func<CancellationToken, Task<ManifestHistory>> loadHistory)
{
    /// <summary>Loads the history from the store as it is now.</summary>
    public Task<ManifestHistory> LoadHistoryAsync(CancellationToken cancellationToken) => loadHistory(cancellationToken);

    /// <summary>Of <paramref name="candidates"/> (listed before this call), those safe to delete.</summary>
    /// <param name="candidates">File-object versions listed from the store.</param>
    /// <param name="cleanedGcLogs">gc log versions the caller is cleaning up; the others belong to commits that may be in flight.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<List<(string Key, string Version)>> FilterAsync(IReadOnlyCollection<(string Key, string Version)> candidates, IReadOnlySet<string> cleanedGcLogs, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var inFlight = await KeysOfOtherGcLogsAsync(cleanedGcLogs, cancellationToken).ConfigureAwait(false);
        var history = await loadHistory(cancellationToken).ConfigureAwait(false);
        var referenced = await history.ReferencedObjectVersionsAsync(cancellationToken).ConfigureAwait(false);
        return [.. candidates.Where(c => !referenced.Contains(c) && !inFlight.Contains(c.Key))];
    }

    /// <summary>Every version of each key, as candidates.</summary>
    public async Task<List<(string Key, string Version)>> ListAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var candidates = new List<(string, string)>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            foreach (var version in await store.ListVersionsAsync(key, cancellationToken).ConfigureAwait(false))
            {
                candidates.Add((key, version.VersionId));
            }
        }

        return candidates;
    }

    /// <summary>The keys named by gc logs other than <paramref name="cleanedGcLogs"/>: commits that may be in flight.</summary>
    public async Task<HashSet<string>> KeysOfOtherGcLogsAsync(IReadOnlySet<string> cleanedGcLogs, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in await store.ListVersionsAsync(names.GcLog, cancellationToken).ConfigureAwait(false))
        {
            if (version.IsDeleteMarker || cleanedGcLogs.Contains(version.VersionId))
            {
                continue;
            }

            try
            {
                var json = await codec.GetMetadataAsync(names.GcLog, version.VersionId, ObjectKind.GcLog, cancellationToken).ConfigureAwait(false);
                keys.UnionWith(ManifestCodec.Deserialize(json, ManifestJsonContext.Default.GcLogDocument, names.GcLog, version.VersionId).Keys);
            }
            catch (Errors.RRBackupException e) when (e.Kind == Errors.ErrorKind.Data)
            {
                // Deleted by its writer since the listing, or unreadable: either way it protects nothing that is still in flight.
            }
        }

        return keys;
    }
}
