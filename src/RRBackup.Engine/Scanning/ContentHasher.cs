using System.Buffers;
using System.Security.Cryptography;

namespace RRBackup.Engine.Scanning;

/// <summary>Hashes file contents (SHA-256), streaming.</summary>
public static class ContentHasher
{
    public const int BufferSize = 1 << 20;

    /// <summary>The SHA-256 of empty contents, lowercase hex.</summary>
    public static readonly string EmptySha256 = Convert.ToHexStringLower(SHA256.HashData([]));

    /// <remarks>
    /// Reads synchronously through a pooled buffer: an asynchronous FileStream on Linux hops to another
    /// thread for every read and brings a 1 MiB buffer of its own for each file, which for the small files
    /// of a first backup cost more than hashing them.
    /// </remarks>
    public static Task<(string Sha256, long Size)> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(length + 1, 4096, BufferSize));
        try
        {
            long size = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, size)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
                cancellationToken.ThrowIfCancellationRequested();
            }

            return Task.FromResult((Convert.ToHexStringLower(hash.GetHashAndReset()), size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
