using System.Security.Cryptography;

namespace RRBackup.Engine.Scanning;

/// <summary>Hashes file contents (SHA-256), streaming.</summary>
public static class ContentHasher
{
    public const int BufferSize = 1 << 20;

    /// <summary>The SHA-256 of empty contents, lowercase hex.</summary>
    public static readonly string EmptySha256 = Convert.ToHexStringLower(SHA256.HashData([]));

    public static async Task<(string Sha256, long Size)> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        var stream = OpenForReading(path);
        await using (stream.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                long size = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    size += read;
                }

                return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public static FileStream OpenForReading(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
}
