using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Tests;

/// <summary>Runs something (another writer's commit, say) just before the first put of one key reaches the store.</summary>
public sealed class BeforeFirstPutStore(IVersionedObjectStore inner, string watchedKey, Func<Task> before) : IVersionedObjectStore
{
    private int _done;

    public string Description => inner.Description;

    public int PreferredConcurrency => inner.PreferredConcurrency;

    public Task PrepareAsync(CancellationToken cancellationToken) => inner.PrepareAsync(cancellationToken);

    public async Task<string> PutAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        if (key == watchedKey && Interlocked.Exchange(ref _done, 1) == 0)
        {
            await before();
        }

        return await inner.PutAsync(key, content, durability, cancellationToken);
    }

    public Task<Stream> GetAsync(string key, string? versionId, CancellationToken cancellationToken) => inner.GetAsync(key, versionId, cancellationToken);

    public Task<IReadOnlyList<ObjectVersion>> ListVersionsAsync(string key, CancellationToken cancellationToken) => inner.ListVersionsAsync(key, cancellationToken);

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken) => inner.ListKeysAsync(prefix, cancellationToken);

    public Task DeleteVersionAsync(string key, string versionId, CancellationToken cancellationToken) => inner.DeleteVersionAsync(key, versionId, cancellationToken);

    public Task<string> PutDeleteMarkerAsync(string key, CancellationToken cancellationToken) => inner.PutDeleteMarkerAsync(key, cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public Task AbortUnfinishedUploadsAsync(string key, CancellationToken cancellationToken) => inner.AbortUnfinishedUploadsAsync(key, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
