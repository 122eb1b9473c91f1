using System.Security.Cryptography;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Storage;
using RRBackup.Engine.Streams;

namespace RRBackup.Engine.Objects;

/// <summary>Writes and reads the small metadata objects (manifest diffs, the gc log) with their header.</summary>
/// <remarks>The meta pipeline plugs in here: every metadata object goes through these two methods.</remarks>
internal static class MetadataObjects
{
    public static async Task<string> PutAsync(IVersionedObjectStore store, string key, ObjectKind kind, ArraySegment<byte> body, PutDurability durability, CancellationToken cancellationToken)
    {
        var header = new ObjectHeader { Kind = kind, ContentSha256 = SHA256.HashData(body) }.Encode();
        using var stream = new PrefixedReadStream(header, new MemoryStream(body.Array!, body.Offset, body.Count, writable: false));
        return await store.PutAsync(key, stream, durability, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<byte[]> GetAsync(IVersionedObjectStore store, string key, string versionId, ObjectKind kind, CancellationToken cancellationToken)
    {
        var stream = await store.GetAsync(key, versionId, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var header = await ObjectHeader.ReadExpectingAsync(stream, kind, key, versionId, cancellationToken).ConfigureAwait(false);
            var bytes = await ReadBodyAsync(stream, cancellationToken).ConfigureAwait(false);
            if (header.ContentSha256 is null)
            {
                throw Error.Corrupt(key, versionId, "its header has no content hash, which metadata objects always carry");
            }

            if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(header.ContentSha256))
            {
                throw Error.Corrupt(key, versionId, "its content does not match the hash in its header (changed or truncated)");
            }

            return bytes;
        }
    }

    /// <summary>The rest of the object: read straight into an array of its size when the store says the size (a large diff is then held once, not grown and copied).</summary>
    private static async Task<byte[]> ReadBodyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var remaining = stream.CanSeek ? stream.Length - stream.Position : -1;
        using var body = new MemoryStream();
        if (remaining is >= 0 and < int.MaxValue)
        {
            var bytes = new byte[remaining];
            var read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var extra = new byte[1];
            if (read < bytes.Length || await stream.ReadAsync(extra, cancellationToken).ConfigureAwait(false) == 0)
            {
                return read == bytes.Length ? bytes : bytes[..read]; // a short body fails the hash check, as any damage does
            }

            body.Write(bytes);
            body.Write(extra);
        }

        await stream.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        return body.ToArray();
    }
}
