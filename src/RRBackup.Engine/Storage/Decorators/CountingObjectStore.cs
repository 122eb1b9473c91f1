using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace RRBackup.Engine.Storage.Decorators;

/// <summary>Passes every call through to another store and records it, in order.</summary>
public sealed class CountingObjectStore(IVersionedObjectStore inner) : IVersionedObjectStore
{
    private readonly ConcurrentQueue<StoreOperation> _operations = new();

    /// <summary>Every call so far, in the order they started.</summary>
    public IReadOnlyList<StoreOperation> Operations => [.. _operations];

    public string Description => inner.Description;

    public int PreferredConcurrency => inner.PreferredConcurrency;

    /// <summary>How many calls of one kind were made, optionally only those whose key starts with a prefix.</summary>
    public int Count(StoreOperationKind kind, string keyPrefix = "") =>
        _operations.Count(o => o.Kind == kind && (o.Key ?? "").StartsWith(keyPrefix, StringComparison.Ordinal));

    /// <summary>Forgets the calls recorded so far.</summary>
    public void Reset() => _operations.Clear();

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        Record(StoreOperationKind.Prepare, null);
        return inner.PrepareAsync(cancellationToken);
    }

    public Task<string> PutAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        Record(StoreOperationKind.Put, key);
        return inner.PutAsync(key, content, durability, cancellationToken);
    }

    public Task<Stream> GetAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        Record(StoreOperationKind.Get, key);
        return inner.GetAsync(key, versionId, cancellationToken);
    }

    public Task<IReadOnlyList<ObjectVersion>> ListVersionsAsync(string key, CancellationToken cancellationToken)
    {
        Record(StoreOperationKind.ListVersions, key);
        return inner.ListVersionsAsync(key, cancellationToken);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Record(StoreOperationKind.ListKeys, prefix);
        await foreach (var key in inner.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return key;
        }
    }

    public Task DeleteVersionAsync(string key, string versionId, CancellationToken cancellationToken)
    {
        Record(StoreOperationKind.DeleteVersion, key);
        return inner.DeleteVersionAsync(key, versionId, cancellationToken);
    }

    public Task<string> PutDeleteMarkerAsync(string key, CancellationToken cancellationToken)
    {
        Record(StoreOperationKind.PutDeleteMarker, key);
        return inner.PutDeleteMarkerAsync(key, cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        Record(StoreOperationKind.Flush, null);
        return inner.FlushAsync(cancellationToken);
    }

    public Task AbortUnfinishedUploadsAsync(string key, CancellationToken cancellationToken) => inner.AbortUnfinishedUploadsAsync(key, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Record(StoreOperationKind kind, string? key) => _operations.Enqueue(new StoreOperation(kind, key));
}
