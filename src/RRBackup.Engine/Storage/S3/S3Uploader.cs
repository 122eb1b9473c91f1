using System.Buffers;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace RRBackup.Engine.Storage.S3;

/// <summary>
/// Puts a stream of unknown length: one PutObject when it fits in one part, else a multipart upload
/// whose parts are sent as they are read, from one pooled buffer. A failed or cancelled multipart
/// upload is aborted.
/// </summary>
/// <remarks>
/// Bodies are sent whole (no aws-chunked encoding) with their SHA-256 signed in x-amz-content-sha256, which
/// the server checks before it stores anything: that is the transfer's integrity check, so no Content-MD5
/// is computed as well (it cost more CPU than the rest of the upload on a 2-core machine).
/// </remarks>
internal sealed class S3Uploader(IAmazonS3 client, string bucket, string storageClass, int partSize, S3Errors errors)
{
    /// <summary>S3 allows at most this many parts in one upload.</summary>
    public const int MaxParts = 10_000;

    /// <summary>Parts double in size every this many parts, so that objects of hundreds of GiB fit.</summary>
    private const int PartsPerSizeStep = 2_000;

    private const int MaxPartSize = 1 << 30;

    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(30);

    private readonly S3StorageClass? _storageClass =
        string.IsNullOrWhiteSpace(storageClass) || string.Equals(storageClass, "STANDARD", StringComparison.OrdinalIgnoreCase)
            ? null // leave the header out: the default, and some S3-compatible servers reject it
            : S3StorageClass.FindValue(storageClass.Trim().ToUpperInvariant());

    public async Task<string> PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var firstPartSize = FirstPartSize(content);
        var buffer = ArrayPool<byte>.Shared.Rent(firstPartSize);
        try
        {
            var filled = await FillAsync(content, buffer, 0, firstPartSize, cancellationToken).ConfigureAwait(false);
            var next = filled == firstPartSize ? await ReadByteAsync(content, cancellationToken).ConfigureAwait(false) : -1;
            if (next < 0)
            {
                return await PutSingleAsync(key, buffer, filled, cancellationToken).ConfigureAwait(false);
            }

            return await PutMultipartAsync(key, content, buffer, filled, next, firstPartSize, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<string> PutSingleAsync(string key, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(buffer, 0, length, writable: false),
            AutoCloseStream = true,
            AutoResetStreamPosition = true,
            StorageClass = _storageClass,
            UseChunkEncoding = false,
        };
        PutObjectResponse response;
        try
        {
            response = await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw errors.Translate(e, "put", key, null);
        }

        return RequireVersionId(response.VersionId, key);
    }

    private async Task<string> PutMultipartAsync(string key, Stream content, byte[] buffer, int filled, int next, int firstPartSize,
        CancellationToken cancellationToken)
    {
        string uploadId;
        try
        {
            var initiated = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                StorageClass = _storageClass,
            }, cancellationToken).ConfigureAwait(false);
            uploadId = initiated.UploadId ?? throw errors.Failure("start a multipart upload of", key, null, "the server returned no upload id");
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw errors.Translate(e, "start a multipart upload of", key, null);
        }

        var parts = new List<PartETag>();
        var pooled = buffer;
        var completed = false;
        try
        {
            var partNumber = 1;
            while (true)
            {
                var etag = await UploadPartAsync(key, uploadId, partNumber, pooled, filled, isLast: next < 0, cancellationToken)
                    .ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, etag));
                if (next < 0)
                {
                    break;
                }

                partNumber++;
                if (partNumber > MaxParts)
                {
                    throw errors.Failure("put", key, null, $"the object needs more than {MaxParts} parts, more than S3 allows in one upload");
                }

                var size = PartSize(firstPartSize, partNumber);
                if (pooled.Length < size)
                {
                    if (!ReferenceEquals(pooled, buffer))
                    {
                        ArrayPool<byte>.Shared.Return(pooled);
                    }

                    pooled = ArrayPool<byte>.Shared.Rent(size);
                }

                pooled[0] = (byte)next;
                filled = 1 + await FillAsync(content, pooled, 1, size - 1, cancellationToken).ConfigureAwait(false);
                next = filled == size ? await ReadByteAsync(content, cancellationToken).ConfigureAwait(false) : -1;
            }

            var versionId = await CompleteAsync(key, uploadId, parts, cancellationToken).ConfigureAwait(false);
            completed = true;
            return versionId;
        }
        finally
        {
            if (!ReferenceEquals(pooled, buffer))
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }

            if (!completed)
            {
                await AbortAsync(key, uploadId).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> UploadPartAsync(string key, string uploadId, int partNumber, byte[] buffer, int length, bool isLast,
        CancellationToken cancellationToken)
    {
        var request = new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            PartSize = length,
            InputStream = new MemoryStream(buffer, 0, length, writable: false),
            IsLastPart = isLast,
            UseChunkEncoding = false,
        };
        try
        {
            var response = await client.UploadPartAsync(request, cancellationToken).ConfigureAwait(false);
            return response.ETag ?? throw errors.Failure($"upload part {partNumber} of", key, null, "the server returned no ETag");
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw errors.Translate(e, $"upload part {partNumber} of", key, null);
        }
    }

    private async Task<string> CompleteAsync(string key, string uploadId, List<PartETag> parts, CancellationToken cancellationToken)
    {
        CompleteMultipartUploadResponse response;
        try
        {
            response = await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw errors.Translate(e, "complete the multipart upload of", key, null);
        }

        if (!string.IsNullOrEmpty(response.VersionId))
        {
            return RequireVersionId(response.VersionId, key);
        }

        // Some servers leave the version id out of this answer. The newest version is ours if its ETag is
        // the multipart ETag of our parts: MD5 of the parts' MD5s (their ETags), a dash, the part count.
        var expectedETag = MultipartETag(parts);
        GetObjectMetadataResponse head;
        try
        {
            head = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw errors.Translate(e, "find the version id of the completed upload of", key, null);
        }

        if (!string.Equals(head.ETag?.Trim('"'), expectedETag.Trim('"'), StringComparison.OrdinalIgnoreCase))
        {
            throw errors.Failure("put", key, null,
                $"the server returned no version id for the completed multipart upload, and the newest version's ETag {head.ETag} "
                + $"is not the upload's {expectedETag} (another writer?)");
        }

        return RequireVersionId(head.VersionId, key);
    }

    /// <summary>The ETag S3 gives a completed multipart upload, from the ETags the server gave its parts.</summary>
    internal static string MultipartETag(IReadOnlyList<PartETag> parts)
    {
        var digests = new byte[parts.Count * MD5.HashSizeInBytes];
        for (var i = 0; i < parts.Count; i++)
        {
            var etag = parts[i].ETag.Trim('"');
            if (etag.Length != MD5.HashSizeInBytes * 2 || Convert.FromHexString(etag, digests.AsSpan(i * MD5.HashSizeInBytes), out _, out _) != OperationStatus.Done)
            {
                return $"(part {parts[i].PartNumber} has the ETag {parts[i].ETag}, not an MD5)";
            }
        }

        return $"\"{Convert.ToHexStringLower(MD5.HashData(digests))}-{parts.Count}\"";
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        // Not with the caller's token: a cancelled put must still clean up. A failed abort leaves an
        // unfinished upload that PrepareAsync aborts once it is old.
        using var timeout = new CancellationTokenSource(AbortTimeout);
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort; see above.
        }
    }

    private string RequireVersionId(string? versionId, string key)
    {
        if (string.IsNullOrEmpty(versionId) || versionId == "null")
        {
            throw errors.Failure("put", key, null,
                $"the server returned no version id; is versioning enabled on bucket '{bucket}'? (preparing the store enables it)");
        }

        return versionId;
    }

    private int FirstPartSize(Stream content)
    {
        // When the length is known up front, pick parts large enough for the whole object to fit.
        long remaining;
        try
        {
            remaining = content.CanSeek ? content.Length - content.Position : -1;
        }
        catch (NotSupportedException)
        {
            remaining = -1;
        }

        if (remaining <= (long)partSize * (MaxParts - 1000))
        {
            return partSize;
        }

        const int MiB = 1 << 20;
        var needed = (remaining + (MaxParts - 1000) - 1) / (MaxParts - 1000);
        return (int)Math.Min(MaxPartSize, (needed + MiB - 1) / MiB * MiB);
    }

    private static int PartSize(int firstPartSize, int partNumber)
    {
        var doublings = Math.Min(4, (partNumber - 1) / PartsPerSizeStep);
        return (int)Math.Min(MaxPartSize, (long)firstPartSize << doublings);
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            var read = await content.ReadAsync(buffer.AsMemory(offset + total, count - total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static async Task<int> ReadByteAsync(Stream content, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        var read = await content.ReadAsync(one, cancellationToken).ConfigureAwait(false);
        return read == 0 ? -1 : one[0];
    }
}
