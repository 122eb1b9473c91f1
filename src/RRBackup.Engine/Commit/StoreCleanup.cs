using System.Text.Json;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Commit;

/// <summary>Deletes object versions, or, on a write-only client, records them in the garbage log for a read-write client to delete.</summary>
internal sealed class StoreCleanup(IVersionedObjectStore store, ObjectCodec codec, BackupConfiguration config, string writer, TimeProvider time)
{
    private readonly List<(string Key, string Version)> _deferred = [];

    public async Task DeleteAsync(string key, string versionId, CancellationToken cancellationToken)
    {
        if (!config.WriteOnly)
        {
            await store.DeleteVersionAsync(key, versionId, cancellationToken).ConfigureAwait(false);
            return;
        }

        lock (_deferred)
        {
            _deferred.Add((key, versionId));
        }
    }

    /// <summary>Writes what a write-only client could not delete as one new version of the garbage log.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_deferred.Count == 0)
        {
            return;
        }

        var document = new GarbageLogDocument
        {
            Format = 1,
            Writer = writer,
            Time = time.GetUtcNow(),
            Entries = [.. _deferred.Select(d => new GarbageEntryDocument { Key = d.Key, Version = d.Version })],
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(document, ManifestJsonContext.Default.GarbageLogDocument);
        await codec.PutMetadataAsync(config.Names.GarbageLog, ObjectKind.GarbageLog, json, PutDurability.Immediate, cancellationToken).ConfigureAwait(false);
        _deferred.Clear();
    }
}
