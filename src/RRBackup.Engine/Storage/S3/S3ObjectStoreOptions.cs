namespace RRBackup.Engine.Storage.S3;

/// <summary>Knobs of <see cref="S3ObjectStore"/> that are not user configuration: hooks for tests and tuning.</summary>
public sealed class S3ObjectStoreOptions
{
    /// <summary>The smallest part size S3 accepts for every part but the last.</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>The default part size: objects up to this size are stored with one PutObject.</summary>
    public const int DefaultPartSize = 8 * 1024 * 1024;

    /// <summary>
    /// The handler every request goes through, or null for the SDK's own. Tests wrap a
    /// <see cref="SocketsHttpHandler"/> to inject faults. The store does not dispose it.
    /// </summary>
    public HttpMessageHandler? HttpMessageHandler { get; init; }

    /// <summary>The clock that decides which unfinished multipart uploads are old enough to abort.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The size of the first parts of a multipart upload, and so the largest object stored with a
    /// single PutObject. At least <see cref="MinimumPartSize"/>. Later parts of very large objects grow,
    /// so that S3's limit of 10,000 parts is not reached below about 500 GiB.
    /// </summary>
    public int PartSize { get; init; } = DefaultPartSize;

    /// <summary>How many times the SDK retries a request that failed transiently (503 SlowDown, 500, resets, timeouts).</summary>
    public int MaxErrorRetry { get; init; } = 4;

    /// <summary>How long one attempt of one request may take before it counts as a transient failure; null: the settings' timeout_seconds.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>How many times a read of an object body is resumed (with a range request) after the connection broke.</summary>
    public int MaxReadResumes { get; init; } = 5;
}
