using System.Runtime.CompilerServices;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Tests;

/// <summary>Passes calls through, but fails the puts that a predicate picks, as a crash or an outage would.</summary>
public sealed class FailingStore(IVersionedObjectStore inner, Func<string, bool> failPut) : IVersionedObjectStore
{
    public string Description => inner.Description;

    public int PreferredConcurrency => inner.PreferredConcurrency;

    public Task PrepareAsync(CancellationToken cancellationToken) => inner.PrepareAsync(cancellationToken);

    public Task<string> PutAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken) =>
        failPut(key) ? throw new IOException($"injected failure putting '{key}'") : inner.PutAsync(key, content, durability, cancellationToken);

    public Task<Stream> GetAsync(string key, string? versionId, CancellationToken cancellationToken) => inner.GetAsync(key, versionId, cancellationToken);

    public Task<IReadOnlyList<ObjectVersion>> ListVersionsAsync(string key, CancellationToken cancellationToken) => inner.ListVersionsAsync(key, cancellationToken);

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in inner.ListKeysAsync(prefix, cancellationToken))
        {
            yield return key;
        }
    }

    public Task DeleteVersionAsync(string key, string versionId, CancellationToken cancellationToken) => inner.DeleteVersionAsync(key, versionId, cancellationToken);

    public Task<string> PutDeleteMarkerAsync(string key, CancellationToken cancellationToken) => inner.PutDeleteMarkerAsync(key, cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public Task AbortUnfinishedUploadsAsync(string key, CancellationToken cancellationToken) => inner.AbortUnfinishedUploadsAsync(key, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
