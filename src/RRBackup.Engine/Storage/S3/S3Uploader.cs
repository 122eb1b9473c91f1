using System.Buffers;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace RRBackup.Engine.Storage.S3;

/// <summary>
/// Puts a stream of unknown length: one PutObject when it fits in one part, else a multipart upload
/// whose parts are sent as they are read, several at once, each from a pooled buffer. A failed or
/// cancelled multipart upload is aborted.
/// </summary>
/// <remarks>
/// Bodies are sent whole (no aws-chunked encoding) with their SHA-256 signed in x-amz-content-sha256, which
/// the server checks before it stores anything: that is the transfer's integrity check, so no Content-MD5
/// is computed as well (it cost more CPU than the rest of the upload on a 2-core machine).
/// </remarks>
internal sealed class S3Uploader(IAmazonS3 client, string bucket, string storageClass, int partSize, int spareParts, S3Errors errors)
{
    /// <summary>S3 allows at most this many parts in one upload.</summary>
    public const int MaxParts = 10_000;

    /// <summary>Parts double in size every this many parts, so that objects of hundreds of GiB fit.</summary>
    private const int PartsPerSizeStep = 2_000;

    private const int MaxPartSize = 1 << 30;

    /// <summary>
    /// Parts of one object sent at once: one large file then keeps several requests busy, as rclone's
    /// four per file do, instead of waiting out a round trip per part. A 1 GiB file to the project's
    /// Ceph RGW took 7.1 s with three (146 MB peak), 10.5 s with one; four went past 150 MB.
    /// </summary>
    private const int PartsInFlightPerObject = 3;

    /// <summary>Objects up to this size are read into a buffer of this size, not one of a whole part: a commit of many small files holds kilobytes per upload, not megabytes.</summary>
    private const int SmallObjectSize = 256 << 10;

    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Part buffers come from a pool of their own: the shared pool keeps one array per size in every
    /// thread that returned one, and parts finish on many threads, so a 1 GiB upload left tens of
    /// megabytes of idle 8 MiB arrays behind.
    /// </summary>
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(maxArrayLength: 64 << 20, maxArraysPerBucket: 64);

    /// <summary>Buffers for parts beyond each object's first, shared by all uploads: memory stays bounded by the store's concurrency, however many large files are sent at once.</summary>
    private readonly SemaphoreSlim _spareParts = new(Math.Max(1, spareParts));

    private readonly S3StorageClass? _storageClass =
        string.IsNullOrWhiteSpace(storageClass) || string.Equals(storageClass, "STANDARD", StringComparison.OrdinalIgnoreCase)
            ? null // leave the header out: the default, and some S3-compatible servers reject it
            : S3StorageClass.FindValue(storageClass.Trim().ToUpperInvariant());

    public async Task<string> PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var small = Buffers.Rent(SmallObjectSize);
        byte[]? buffer = null;
        try
        {
            var filled = await FillAsync(content, small, 0, SmallObjectSize, cancellationToken).ConfigureAwait(false);
            if (filled < SmallObjectSize)
            {
                return await PutSingleAsync(key, small, filled, cancellationToken).ConfigureAwait(false);
            }

            var firstPartSize = FirstPartSize(content, alreadyRead: filled);
            buffer = Buffers.Rent(firstPartSize);
            small.AsSpan(0, filled).CopyTo(buffer);
            filled += await FillAsync(content, buffer, filled, firstPartSize - filled, cancellationToken).ConfigureAwait(false);
            var next = filled == firstPartSize ? await ReadByteAsync(content, cancellationToken).ConfigureAwait(false) : -1;
            if (next < 0)
            {
                return await PutSingleAsync(key, buffer, filled, cancellationToken).ConfigureAwait(false);
            }

            return await PutMultipartAsync(key, content, buffer, filled, next, firstPartSize, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Buffers.Return(small);
            if (buffer is not null)
            {
                Buffers.Return(buffer);
            }
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
        var uploadId = await InitiateAsync(key, cancellationToken).ConfigureAwait(false);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sending = new List<Task<PartETag>>();
        var parts = new List<PartETag>();
        var completed = false;
        try
        {
            sending.Add(SendPartAsync(key, uploadId, 1, buffer, filled, isLast: next < 0, spare: false, stopping.Token));
            for (var partNumber = 2; next >= 0; partNumber++)
            {
                if (partNumber > MaxParts)
                {
                    throw errors.Failure("put", key, null, $"the object needs more than {MaxParts} parts, more than S3 allows in one upload");
                }

                await CollectFinishedAsync(sending, parts, waitForOne: sending.Count >= PartsInFlightPerObject).ConfigureAwait(false);
                var size = PartSize(firstPartSize, partNumber);
                await _spareParts.WaitAsync(stopping.Token).ConfigureAwait(false);
                var part = Buffers.Rent(size);
                try
                {
                    part[0] = (byte)next;
                    filled = 1 + await FillAsync(content, part, 1, size - 1, stopping.Token).ConfigureAwait(false);
                    next = filled == size ? await ReadByteAsync(content, stopping.Token).ConfigureAwait(false) : -1;
                }
                catch
                {
                    ReturnSpare(part);
                    throw;
                }

                sending.Add(SendPartAsync(key, uploadId, partNumber, part, filled, isLast: next < 0, spare: true, stopping.Token));
            }

            while (sending.Count > 0)
            {
                await CollectFinishedAsync(sending, parts, waitForOne: true).ConfigureAwait(false);
            }

            parts.Sort((a, b) => a.PartNumber!.Value.CompareTo(b.PartNumber!.Value));
            var versionId = await CompleteAsync(key, uploadId, parts, cancellationToken).ConfigureAwait(false);
            completed = true;
            return versionId;
        }
        finally
        {
            if (!completed)
            {
                // Every part's buffer must be back before the caller returns the first one to the pool.
                await stopping.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll((IEnumerable<Task>)sending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // their errors follow the one that stopped them
                await AbortAsync(key, uploadId).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> InitiateAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var initiated = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                StorageClass = _storageClass,
            }, cancellationToken).ConfigureAwait(false);
            return initiated.UploadId ?? throw errors.Failure("start a multipart upload of", key, null, "the server returned no upload id");
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw errors.Translate(e, "start a multipart upload of", key, null);
        }
    }

    /// <summary>Takes the parts already sent out of <paramref name="sending"/> (with <paramref name="waitForOne"/>, waits until one is); a failed part throws its error.</summary>
    private static async Task CollectFinishedAsync(List<Task<PartETag>> sending, List<PartETag> parts, bool waitForOne)
    {
        if (waitForOne && sending.Count > 0)
        {
            await Task.WhenAny(sending).ConfigureAwait(false);
        }

        for (var i = sending.Count - 1; i >= 0; i--)
        {
            if (sending[i].IsCompleted)
            {
                var done = sending[i];
                sending.RemoveAt(i);
                parts.Add(await done.ConfigureAwait(false));
            }
        }
    }

    private async Task<PartETag> SendPartAsync(string key, string uploadId, int partNumber, byte[] buffer, int length, bool isLast, bool spare,
        CancellationToken cancellationToken)
    {
        try
        {
            return new PartETag(partNumber, await UploadPartAsync(key, uploadId, partNumber, buffer, length, isLast, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            if (spare)
            {
                ReturnSpare(buffer);
            }
        }
    }

    private void ReturnSpare(byte[] buffer)
    {
        Buffers.Return(buffer);
        _spareParts.Release();
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

    private int FirstPartSize(Stream content, int alreadyRead)
    {
        // When the length is known up front, pick parts large enough for the whole object to fit.
        long remaining;
        try
        {
            remaining = content.CanSeek ? alreadyRead + content.Length - content.Position : -1;
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
