using System.Buffers;
using System.Security.Cryptography;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Streams;

namespace RRBackup.Engine.Scanning;

/// <summary>Hashes file contents (SHA-256), streaming.</summary>
public static class ContentHasher
{
    public const int BufferSize = 1 << 20;

    /// <summary>From this size on, a larger read-ahead is worth the system call that asks for it.</summary>
    public const long SequentialReadThreshold = 1 << 20;

    /// <summary>The SHA-256 of empty contents.</summary>
    public static readonly Sha256Digest EmptyDigest = Sha256Digest.FromBytes(SHA256.HashData([]));

    /// <remarks>
    /// Reads through a pooled buffer sized to the file, the way uploads read: an asynchronous FileStream
    /// brought a 1 MiB buffer of its own per file and a thread hop per read, which for the small files
    /// of a first backup cost more than hashing them.
    /// </remarks>
    /// <param name="path">The file.</param>
    /// <param name="expectedSize">Its size when scanned: it sizes the buffer and decides the read-ahead hint; the file is read to its end whatever it is now.</param>
    /// <param name="cancellationToken">Cancels between reads.</param>
    public static Task<(Sha256Digest Digest, long Size)> HashFileAsync(string path, long expectedSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var file = LocalFileReadStream.Open(path, sequential: expectedSize >= SequentialReadThreshold);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expectedSize + 1, 4096, BufferSize));
        try
        {
            long size = 0;
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
                cancellationToken.ThrowIfCancellationRequested();
            }

            hash.GetHashAndReset(digest);
            return Task.FromResult((Sha256Digest.FromBytes(digest), size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
