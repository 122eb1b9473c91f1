namespace RRBackup.Engine.Storage.Decorators;

/// <summary>The operations of <see cref="IVersionedObjectStore"/>.</summary>
public enum StoreOperationKind
{
    Prepare,
    Put,
    Get,
    ListVersions,
    ListKeys,
    DeleteVersion,
    PutDeleteMarker,
    Flush,
}
