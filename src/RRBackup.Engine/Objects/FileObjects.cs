using System.Security.Cryptography;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Storage;
using RRBackup.Engine.Streams;

namespace RRBackup.Engine.Objects;

/// <summary>Writes a file's contents as a file object (header, then body) and reads them back, checking the hash.</summary>
/// <remarks>The file pipelines plug in here: every file object goes through these two methods.</remarks>
internal static class FileObjects
{
    /// <summary>Streams a file into a new version of <paramref name="key"/>.</summary>
    /// <returns>The version id, and the hash and size of what was actually read and stored.</returns>
    public static async Task<(string VersionId, string Sha256, long Size)> PutAsync(
        IVersionedObjectStore store, string key, string backupPath, string fullPath, string expectedSha256, CancellationToken cancellationToken)
    {
        var header = new ObjectHeader
        {
            Kind = ObjectKind.FileData,
            Path = backupPath,
            ContentSha256 = Convert.FromHexString(expectedSha256),
        }.Encode();

        var file = Scanning.ContentHasher.OpenForReading(fullPath);
        await using (file.ConfigureAwait(false))
        {
            using var hashing = new HashingReadStream(file, leaveOpen: true);
            using var content = new PrefixedReadStream(header, hashing);
            var versionId = await store.PutAsync(key, content, PutDurability.AtNextFlush, cancellationToken).ConfigureAwait(false);
            return (versionId, Convert.ToHexStringLower(hashing.GetHash()), hashing.BytesRead);
        }
    }

    /// <summary>Copies a file object's contents to <paramref name="destination"/> and checks them against the manifest's hash.</summary>
    public static async Task<long> CopyContentsAsync(
        IVersionedObjectStore store, string key, string versionId, string expectedSha256, Stream destination, CancellationToken cancellationToken)
    {
        var stream = await store.GetAsync(key, versionId, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await ObjectHeader.ReadExpectingAsync(stream, ObjectKind.FileData, key, versionId, cancellationToken).ConfigureAwait(false);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Scanning.ContentHasher.BufferSize);
            try
            {
                long size = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, Scanning.ContentHasher.BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    size += read;
                }

                var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (actual != expectedSha256)
                {
                    throw Error.Corrupt(key, versionId, $"its contents hash to {actual}, but the manifest records {expectedSha256}");
                }

                return size;
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
