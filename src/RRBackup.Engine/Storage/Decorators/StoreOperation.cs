namespace RRBackup.Engine.Storage.Decorators;

/// <summary>One call made on a store, as recorded by <see cref="CountingObjectStore"/>.</summary>
/// <param name="Kind">Which operation.</param>
/// <param name="Key">The key it concerned, or null for a flush or prepare.</param>
public sealed record StoreOperation(StoreOperationKind Kind, string? Key);
