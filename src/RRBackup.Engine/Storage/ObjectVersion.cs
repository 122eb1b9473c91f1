namespace RRBackup.Engine.Storage;

/// <summary>One version of a key as listed by a store.</summary>
/// <param name="Key">The key.</param>
/// <param name="VersionId">The store's id for this version.</param>
/// <param name="LastModified">When the version was written, by the store's clock.</param>
/// <param name="Size">The stored size in bytes (0 for a delete marker).</param>
/// <param name="IsDeleteMarker">Whether this version is a delete marker rather than data.</param>
public sealed record ObjectVersion(string Key, string VersionId, DateTimeOffset LastModified, long Size, bool IsDeleteMarker);
