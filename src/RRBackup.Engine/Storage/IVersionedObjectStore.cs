namespace RRBackup.Engine.Storage;

/// <summary>
/// The only thing the engine needs from a remote: a store of keys, each with an ordered history of
/// immutable versions.
/// </summary>
/// <remarks>
/// Every implementation guarantees:
/// <list type="bullet">
/// <item>Atomic puts: a reader sees all of an object version or none of it, never a partial body.</item>
/// <item>Read-after-write: once <see cref="PutAsync"/> returns, the version is listed and readable.</item>
/// <item>Write order: <see cref="ListVersionsAsync"/> returns a key's versions oldest first, in the
/// order the puts completed.</item>
/// <item>Immutability: a version's bytes never change; it can only be deleted.</item>
/// <item>Durability: a put with <see cref="PutDurability.Immediate"/> is durable when it returns; a put
/// with <see cref="PutDurability.AtNextFlush"/> is durable once a later <see cref="FlushAsync"/>
/// returns. Until then a crash may lose it, or leave it torn.</item>
/// <item>Failures are <see cref="Errors.RRBackupException"/>s whose message names the key and,
/// where there is one, the version.</item>
/// </list>
/// </remarks>
public interface IVersionedObjectStore : IAsyncDisposable
{
    /// <summary>A short, secret-free description of where the store is, for messages.</summary>
    string Description { get; }

    /// <summary>How many transfers the engine should run at once against this store.</summary>
    int PreferredConcurrency { get; }

    /// <summary>Checks that the store exists and keeps versions, preparing it where that is allowed.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="content"/> (read to its end) as a new version of <paramref name="key"/>.</summary>
    /// <returns>The new version's id.</returns>
    Task<string> PutAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken);

    /// <summary>Opens a version of a key for reading: the latest when <paramref name="versionId"/> is null.</summary>
    /// <exception cref="Errors.RRBackupException">With <see cref="Errors.ErrorCodes.ObjectNotFound"/>
    /// when the key or version does not exist, or when the latest version is a delete marker.</exception>
    Task<Stream> GetAsync(string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>Every version of a key, delete markers included, oldest first. Empty when the key has none.</summary>
    Task<IReadOnlyList<ObjectVersion>> ListVersionsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every key that has at least one version (delete markers count) and starts with <paramref name="prefix"/>.</summary>
    IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes one version for good. Deleting a version that does not exist is not an error.</summary>
    Task DeleteVersionAsync(string key, string versionId, CancellationToken cancellationToken);

    /// <summary>Adds a delete marker as the newest version of a key; older versions stay readable by id.</summary>
    /// <returns>The delete marker's version id.</returns>
    Task<string> PutDeleteMarkerAsync(string key, CancellationToken cancellationToken);

    /// <summary>The durability barrier: every put that has returned is durable when this returns.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Discards the parts of puts of <paramref name="key"/> that were started and never finished (by a crashed writer).</summary>
    /// <remarks>Stores whose puts leave nothing behind when interrupted need do nothing.</remarks>
    Task AbortUnfinishedUploadsAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
}
