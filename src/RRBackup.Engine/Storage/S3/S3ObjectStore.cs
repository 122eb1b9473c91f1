using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Storage.S3;

/// <summary>A versioned object store in an S3 bucket with versioning: AWS S3, Ceph RGW, MinIO, ...</summary>
/// <remarks>
/// A key is an S3 key and a version is an S3 object version; a delete marker is an S3 delete marker.
/// Puts are durable when S3 acknowledges them, so <see cref="PutDurability"/> changes nothing and
/// <see cref="FlushAsync"/> has nothing to do. Objects larger than one part are streamed through a
/// multipart upload, one pooled part buffer at a time, and never held whole in memory.
/// </remarks>
public sealed class S3ObjectStore : IVersionedObjectStore
{
    /// <summary>The longest key S3 accepts, in bytes of UTF-8.</summary>
    public const int MaxKeyBytes = 1024;

    private const int ListPageSize = 1000;

    private readonly S3StoreSettings _settings;
    private readonly S3ObjectStoreOptions _options;
    private readonly AmazonS3Client _client;
    private readonly S3Errors _errors;
    private readonly S3Uploader _uploader;

    public S3ObjectStore(S3StoreSettings settings, S3ObjectStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _options = options ?? new S3ObjectStoreOptions();
        if (_options.PartSize < S3ObjectStoreOptions.MinimumPartSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.PartSize,
                $"The part size must be at least {S3ObjectStoreOptions.MinimumPartSize} bytes.");
        }

        if (string.IsNullOrWhiteSpace(settings.Bucket))
        {
            throw Error.Config(ErrorCodes.ConfigInvalidValue, settings.SourceFile ?? "configuration", "[s3] bucket", "the bucket name is empty");
        }

        Description = S3ClientBuilder.Describe(settings);
        _errors = new S3Errors(Description, settings.Bucket, settings.SecretKey);
        _client = S3ClientBuilder.Create(settings, _options);
        _uploader = new S3Uploader(_client, settings.Bucket, settings.StorageClass, _options.PartSize, Math.Max(1, settings.Concurrency), _errors);
    }

    public string Description { get; }

    public int PreferredConcurrency => Math.Max(1, _settings.Concurrency);

    private string Bucket => _settings.Bucket;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        VersionStatus? status;
        try
        {
            var response = await _client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = Bucket }, cancellationToken)
                .ConfigureAwait(false);
            status = response.VersioningConfig?.Status;
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw _errors.Translate(e, $"check bucket '{Bucket}'");
        }

        if (status != VersionStatus.Enabled)
        {
            var was = status is null || string.IsNullOrEmpty(status.Value) ? "never enabled" : status.Value.ToLowerInvariant();
            try
            {
                await _client.PutBucketVersioningAsync(new PutBucketVersioningRequest
                {
                    BucketName = Bucket,
                    VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (S3Errors.IsAccessDenied(e))
            {
                throw _errors.Failure($"enable versioning on bucket '{Bucket}'", null, null,
                    $"versioning is {was} on the bucket and these credentials may not enable it ({(int)e.StatusCode} {e.ErrorCode}); "
                    + "RRBackup needs a bucket that keeps versions");
            }
            catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
            {
                throw _errors.Translate(e, $"enable versioning on bucket '{Bucket}' (it was {was})");
            }
        }

        await AbortUploadsAsync(null, _options.TimeProvider.GetUtcNow() - _settings.AbandonedUploadAge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Aborts every unfinished multipart upload of exactly <paramref name="key"/>, whatever its age.</summary>
    public Task AbortUnfinishedUploadsAsync(string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        return AbortUploadsAsync(key, DateTimeOffset.MaxValue, cancellationToken);
    }

    /// <remarks>S3 acknowledges a put once it is durable, so both kinds of <paramref name="durability"/> are the same here.</remarks>
    public async Task<string> PutAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(content);
        return await _uploader.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> GetAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        var request = new GetObjectRequest { BucketName = Bucket, Key = key, VersionId = versionId };
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (S3Errors.IsObjectMissing(e, versionId))
        {
            throw Error.ObjectNotFound(key, versionId);
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw _errors.Translate(e, "get", key, versionId);
        }

        return new S3ReadStream(_client, Bucket, key, versionId, response, _errors, _options.MaxReadResumes);
    }

    public async Task<IReadOnlyList<ObjectVersion>> ListVersionsAsync(string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        var versions = new List<ObjectVersion>();
        string? keyMarker = null;
        string? versionIdMarker = null;
        while (true)
        {
            var page = await ListPageAsync(key, keyMarker, versionIdMarker, "list versions of", key, cancellationToken).ConfigureAwait(false);
            var passedKey = false;
            foreach (var version in page.Versions ?? [])
            {
                // The listing is by prefix and sorted by key; the key itself sorts before every longer
                // key it is a prefix of, so the first other key means its versions are all seen.
                if (!string.Equals(version.Key, key, StringComparison.Ordinal))
                {
                    passedKey = true;
                    break;
                }

                versions.Add(ToObjectVersion(version));
            }

            if (passedKey || !NextPage(page, ref keyMarker, ref versionIdMarker))
            {
                break;
            }
        }

        // S3 lists a key's versions newest first.
        versions.Reverse();
        return versions;
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? keyMarker = null;
        string? versionIdMarker = null;
        string? last = null;
        while (true)
        {
            var page = await ListPageAsync(prefix, keyMarker, versionIdMarker, "list keys under", prefix, cancellationToken).ConfigureAwait(false);
            foreach (var version in page.Versions ?? [])
            {
                if (version.Key is { } key && !string.Equals(key, last, StringComparison.Ordinal) && key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    last = key;
                    yield return key;
                }
            }

            if (page.IsTruncated != true)
            {
                break;
            }

            if (last is not null && !string.Equals(last, keyMarker, StringComparison.Ordinal))
            {
                // Skip the rest of the last key's versions: a key marker without a version id marker
                // continues after every version of that key.
                keyMarker = last;
                versionIdMarker = null;
            }
            else if (!NextPage(page, ref keyMarker, ref versionIdMarker))
            {
                break;
            }
        }
    }

    public async Task DeleteVersionAsync(string key, string versionId, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key, VersionId = versionId }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (S3Errors.IsObjectMissing(e, versionId) && !S3Errors.IsNoSuchBucket(e) && e.StatusCode != HttpStatusCode.MethodNotAllowed)
        {
            // Deleting a version that does not exist is not an error.
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw _errors.Translate(e, "delete", key, versionId);
        }
    }

    public async Task<string> PutDeleteMarkerAsync(string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        DeleteObjectResponse response;
        try
        {
            response = await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw _errors.Translate(e, "put a delete marker on", key, null);
        }

        if (string.IsNullOrEmpty(response.VersionId) || response.VersionId == "null")
        {
            throw _errors.Failure("put a delete marker on", key, null,
                $"the server returned no version id; is versioning enabled on bucket '{Bucket}'?");
        }

        return response.VersionId;
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static DateTimeOffset ToUtc(DateTime? time) => time switch
    {
        null => DateTimeOffset.MinValue,
        { Kind: DateTimeKind.Local } t => new DateTimeOffset(t.ToUniversalTime()),
        { } t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
    };

    private static ObjectVersion ToObjectVersion(S3ObjectVersion version)
    {
        var isDeleteMarker = version.IsDeleteMarker == true;
        return new ObjectVersion(version.Key, version.VersionId ?? "null", ToUtc(version.LastModified),
            isDeleteMarker ? 0 : version.Size ?? 0, isDeleteMarker);
    }

    private async Task<ListVersionsResponse> ListPageAsync(string prefix, string? keyMarker, string? versionIdMarker,
        string operation, string subject, CancellationToken cancellationToken)
    {
        var request = new ListVersionsRequest
        {
            BucketName = Bucket,
            Prefix = prefix,
            KeyMarker = keyMarker,
            VersionIdMarker = versionIdMarker,
            MaxKeys = ListPageSize,
        };
        try
        {
            return await _client.ListVersionsAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw _errors.Translate(e, operation, subject, null);
        }
    }

    /// <summary>Moves the markers to the next page; false when there is none (or the server would repeat itself).</summary>
    private static bool NextPage(ListVersionsResponse page, ref string? keyMarker, ref string? versionIdMarker)
    {
        if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextKeyMarker))
        {
            return false;
        }

        if (page.NextKeyMarker == keyMarker && page.NextVersionIdMarker == versionIdMarker)
        {
            throw new RRBackupException(ErrorCodes.StoreFailure, ErrorKind.Store,
                $"the server's version listing does not advance past key '{keyMarker}' version '{versionIdMarker}'");
        }

        keyMarker = page.NextKeyMarker;
        versionIdMarker = string.IsNullOrEmpty(page.NextVersionIdMarker) ? null : page.NextVersionIdMarker;
        return true;
    }

    /// <summary>Aborts unfinished uploads started before <paramref name="cutoff"/>: all of them, or only those of one key.</summary>
    private async Task AbortUploadsAsync(string? key, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        string? keyMarker = null;
        string? uploadIdMarker = null;
        while (true)
        {
            ListMultipartUploadsResponse page;
            try
            {
                page = await _client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
                {
                    BucketName = Bucket,
                    Prefix = key,
                    KeyMarker = keyMarker,
                    UploadIdMarker = uploadIdMarker,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (S3Errors.IsAccessDenied(e) || e.StatusCode == HttpStatusCode.NotImplemented)
            {
                // Cleaning up is a courtesy: read-only credentials or a server without the call still work.
                return;
            }
            catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
            {
                throw _errors.Translate(e, $"list unfinished uploads in bucket '{Bucket}'");
            }

            foreach (var upload in page.MultipartUploads ?? [])
            {
                if (upload.Initiated is null || ToUtc(upload.Initiated) >= cutoff || upload.Key is null || upload.UploadId is null
                    || (key is not null && upload.Key != key))
                {
                    continue;
                }

                try
                {
                    await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
                    {
                        BucketName = Bucket,
                        Key = upload.Key,
                        UploadId = upload.UploadId,
                    }, cancellationToken).ConfigureAwait(false);
                }
                catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound || S3Errors.IsAccessDenied(e))
                {
                    // Finished or aborted meanwhile, or not ours to abort.
                }
                catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
                {
                    throw _errors.Translate(e, $"abort the abandoned upload '{upload.UploadId}' of", upload.Key, null);
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextKeyMarker)
                || (page.NextKeyMarker == keyMarker && page.NextUploadIdMarker == uploadIdMarker))
            {
                return;
            }

            keyMarker = page.NextKeyMarker;
            uploadIdMarker = page.NextUploadIdMarker;
        }
    }

    private void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new RRBackupException(ErrorCodes.StoreFailure, ErrorKind.Store, $"{Description}: an empty key is not a valid S3 key");
        }

        var bytes = Encoding.UTF8.GetByteCount(key);
        if (bytes > MaxKeyBytes)
        {
            throw new RRBackupException(ErrorCodes.StoreFailure, ErrorKind.Store,
                $"{Description}: key '{key}' is {bytes} bytes of UTF-8; S3 keys may have at most {MaxKeyBytes}");
        }
    }
}
