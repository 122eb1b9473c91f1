using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Storage.Local;

namespace RRBackup.Engine.Storage;

/// <summary>Opens the store a configuration names.</summary>
public static class StoreFactory
{
    public static IVersionedObjectStore Create(StoreSettings settings) => settings switch
    {
        LocalStoreSettings local => new LocalObjectStore(local.Path),
        S3StoreSettings => throw new RRBackupException(ErrorCodes.ConfigUnsupported, ErrorKind.Configuration,
            "the [s3] store is not available in this version of rrbackup; use a [local] store"),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.GetType().Name, "unknown store settings"),
    };

    /// <summary>A string that names the store for the local cache, so a cache is never used with another store.</summary>
    public static string Identity(StoreSettings settings, RemoteNames names) => settings switch
    {
        LocalStoreSettings local => $"local:{local.Path}#{names.ManifestDiffs}",
        S3StoreSettings s3 => $"s3:{s3.Endpoint ?? "aws"}/{s3.Bucket}#{names.ManifestDiffs}",
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.GetType().Name, "unknown store settings"),
    };
}
