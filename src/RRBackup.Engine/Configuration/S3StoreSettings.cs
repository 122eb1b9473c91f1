namespace RRBackup.Engine.Configuration;

/// <summary>The [s3] section: a bucket on AWS S3 or an S3-compatible server.</summary>
public sealed record S3StoreSettings : StoreSettings
{
    /// <summary>The bucket; it must exist.</summary>
    public required string Bucket { get; init; }

    /// <summary>The access key, or null to use the standard AWS credential chain.</summary>
    public string? AccessKey { get; init; }

    /// <summary>The secret key, or null to use the standard AWS credential chain. Never printed.</summary>
    public string? SecretKey { get; init; }

    /// <summary>A custom endpoint URL (Ceph RGW, MinIO, ...), or null for AWS.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The region; null lets the SDK decide (us-east-1 for custom endpoints).</summary>
    public string? Region { get; init; }

    /// <summary>Path-style addressing (bucket in the path rather than the host name).</summary>
    public bool PathStyle { get; init; }

    /// <summary>Send checksums only when required (for servers that reject the SDK's default checksums).</summary>
    public bool ChecksumsWhenRequired { get; init; }

    /// <summary>How many requests may be in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>The storage class of new objects.</summary>
    public string StorageClass { get; init; } = "STANDARD";

    /// <summary>Unfinished multipart uploads older than this are aborted when the store is prepared.</summary>
    public TimeSpan AbandonedUploadAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long one attempt of one request may take; a server that stops answering fails after a few of these.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Which config file the settings came from, for messages.</summary>
    public string? SourceFile { get; init; }

    /// <summary>Names the bucket and endpoint only: the settings hold a secret.</summary>
    public override string ToString() => $"s3://{Bucket}" + (Endpoint is null ? "" : $" at {Endpoint}");
}
