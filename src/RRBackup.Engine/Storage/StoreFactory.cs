using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Storage.Local;
using RRBackup.Engine.Storage.S3;

namespace RRBackup.Engine.Storage;

/// <summary>Opens the store a configuration names.</summary>
public static class StoreFactory
{
    public static IVersionedObjectStore Create(StoreSettings settings) => settings switch
    {
        LocalStoreSettings local => new LocalObjectStore(local.Path),
        S3StoreSettings s3 => new S3ObjectStore(s3),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.GetType().Name, "unknown store settings"),
    };

    /// <summary>A string that names the store for the local cache, so a cache is never used with another store.</summary>
    public static string Identity(StoreSettings settings, RemoteNames names) => settings switch
    {
        LocalStoreSettings local => $"local:{local.Path}#{names.ManifestDiffs}",
        S3StoreSettings s3 => $"s3:{WithoutUserInfo(s3.Endpoint) ?? "aws"}/{s3.Bucket}#{names.ManifestDiffs}",
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.GetType().Name, "unknown store settings"),
    };

    private static string? WithoutUserInfo(string? endpoint) =>
        endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? endpoint.Replace(uri.UserInfo + "@", "", StringComparison.Ordinal)
            : endpoint;
}
