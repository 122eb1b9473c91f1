using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Crypto;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Pipeline;
using RRBackup.Engine.Storage;
using RRBackup.Engine.Streams;

namespace RRBackup.Engine.Objects;

/// <summary>Writes objects through their pipeline (header, then raw or chunked body) and reads them back, checking them.</summary>
/// <remarks>
/// Every object the engine stores, but the salt and key objects that must be readable before any key
/// exists, goes through here. An encrypted file object's path travels sealed at the start of its
/// body rather than in the header, so names never leak.
/// </remarks>
internal sealed class ObjectCodec : IDisposable
{
    private readonly IVersionedObjectStore _store;
    private readonly PipelineSettings _pipelines;
    private readonly KeyRing _keys;
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private readonly RemoteNames _names;
    private DataKey? _dataKey;

    public ObjectCodec(IVersionedObjectStore store, BackupConfiguration config)
    {
        _store = store;
        _pipelines = config.Pipelines;
        _keys = new KeyRing(store, config.Names, config.CryptPassword, config.Kdf);
        _names = config.Names;
    }

    public PipelineSettings Pipelines => _pipelines;

    /// <summary>Opens the data key, creating the store's salt and key objects if it has none, when anything is to be sealed or name-hashed.</summary>
    public async Task PrepareForWritingAsync(CancellationToken cancellationToken)
    {
        if (_pipelines.NeedsKey)
        {
            await DataKeyAsync(create: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A wrong password, or none for an encrypted store, is reported before anything else, so that a
    /// command never half-works from the local cache with a password that cannot open the store.
    /// </summary>
    public async Task CheckPasswordAsync(CancellationToken cancellationToken)
    {
        var encrypted = (await _store.ListVersionsAsync(_names.Key, cancellationToken).ConfigureAwait(false)).Any(v => !v.IsDeleteMarker);
        if (encrypted)
        {
            await DataKeyAsync(create: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The key a path's object is stored under: its path, or with hash_names a keyed hash of it.</summary>
    /// <remarks>Needs <see cref="PrepareForWritingAsync"/> first when hash_names applies.</remarks>
    public string FileKey(string path, Transforms transforms)
    {
        if (transforms.HasFlag(Transforms.HashNames))
        {
            return RemoteNames.FilePrefix + (_dataKey ?? throw new InvalidOperationException("the data key is not open")).HashName(path);
        }

        var key = RemoteNames.FilePrefix + path[1..];
        return Encoding.UTF8.GetByteCount(key) <= MaxPlainKeyBytes
            ? key
            : RemoteNames.FilePrefix + LongPathFolder + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)));
    }

    /// <summary>S3 keys stop at 1,024 bytes; a longer path is stored under a hash of it (its header still names it).</summary>
    private const int MaxPlainKeyBytes = 1024;

    private const string LongPathFolder = "~long/";

    public async Task<string> PutMetadataAsync(string key, ObjectKind kind, ArraySegment<byte> body, PutDurability durability, CancellationToken cancellationToken)
    {
        if (_pipelines.Meta == Transforms.None)
        {
            return await MetadataObjects.PutAsync(_store, key, kind, body, durability, cancellationToken).ConfigureAwait(false);
        }

        var (header, sealer) = await BuildChunkedHeaderAsync(key, kind, null, SHA256.HashData(body), _pipelines.Meta, cancellationToken).ConfigureAwait(false);
        using var source = new MemoryStream(body.Array!, body.Offset, body.Count, writable: false);
        using var content = new ChunkEncodingStream(source, header, _pipelines.ChunkSize, _pipelines.Meta.HasFlag(Transforms.Compress), sealer);
        return await _store.PutAsync(key, content, durability, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> GetMetadataAsync(string key, string versionId, ObjectKind kind, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(key, versionId, cancellationToken).ConfigureAwait(false);
        await using (stored.ConfigureAwait(false))
        {
            var header = await ObjectHeader.ReadExpectingAsync(stored, kind, key, versionId, cancellationToken).ConfigureAwait(false);
            await using var body = await OpenBodyAsync(header, stored, key, versionId, cancellationToken).ConfigureAwait(false);
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            var bytes = copy.ToArray();
            if (header.Encryption == EncryptionAlgorithm.None)
            {
                RequireHash(header, SHA256.HashData(bytes), key, versionId);
            }

            return bytes;
        }
    }

    /// <summary>Streams a file into a new version of <paramref name="key"/> through its pipeline.</summary>
    /// <returns>The version id, and the hash and size of what was actually read and stored.</returns>
    public async Task<(string VersionId, Sha256Digest Digest, long Size)> PutFileAsync(
        string key, string backupPath, string fullPath, Sha256Digest expectedDigest, long expectedSize, Transforms transforms, CancellationToken cancellationToken)
    {
        var file = LocalFileReadStream.Open(fullPath, sequential: expectedSize >= Scanning.ContentHasher.SequentialReadThreshold);
        await using (file.ConfigureAwait(false))
        {
            using var hashing = new HashingReadStream(file, leaveOpen: true);
            var content = await EncodeFileAsync(key, backupPath, expectedDigest, transforms, hashing, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                var versionId = await _store.PutAsync(key, content, PutDurability.AtNextFlush, cancellationToken).ConfigureAwait(false);
                return (versionId, Sha256Digest.FromBytes(hashing.GetHash()), hashing.BytesRead);
            }
        }
    }

    /// <summary>Copies a file object's contents to <paramref name="destination"/> and checks them against the manifest's hash.</summary>
    public async Task<long> CopyFileContentsAsync(string key, string versionId, string expectedSha256, Stream destination, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(key, versionId, cancellationToken).ConfigureAwait(false);
        await using (stored.ConfigureAwait(false))
        {
            var decoded = await DecodeBodyAsync(stored, key, versionId, destination, ObjectKind.FileData, cancellationToken).ConfigureAwait(false);
            if (decoded.Sha256 != expectedSha256)
            {
                throw new RRBackupException(ErrorCodes.ContentMismatch, ErrorKind.Data,
                    $"object '{key}' version '{versionId}' is corrupt: its contents hash to {decoded.Sha256}, but the manifest records {expectedSha256}");
            }

            return decoded.Size;
        }
    }

    /// <summary>Decodes any object read from <paramref name="source"/>, such as a file copied by hand out of a store.</summary>
    /// <param name="source">The object's bytes from its start.</param>
    /// <param name="key">The key it was stored under, when known; otherwise the key its header names is trusted.</param>
    /// <param name="destination">Receives the contents.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public Task<DecodedObject> DecodeAsync(Stream source, string? key, Stream destination, CancellationToken cancellationToken) =>
        DecodeBodyAsync(source, key, null, destination, null, cancellationToken);

    /// <summary>Seals the data key under a new password; the old password stops working.</summary>
    public Task ChangePasswordAsync(string newPassword, CancellationToken cancellationToken) =>
        _keys.ChangePasswordAsync(newPassword, cancellationToken);

    public void Dispose()
    {
        _dataKey?.Dispose();
        _keyLock.Dispose();
    }

    private async Task<DecodedObject> DecodeBodyAsync(Stream stored, string? key, string? versionId, Stream destination, ObjectKind? expected, CancellationToken cancellationToken)
    {
        var name = key ?? "(object file)";
        var header = await ObjectHeader.ReadAsync(stored, name, versionId, cancellationToken).ConfigureAwait(false);
        if (expected is { } kind && header.Kind != kind)
        {
            throw Error.Corrupt(name, versionId, $"it holds a {header.Kind} object where a {kind} object was expected");
        }

        await using var body = await OpenBodyAsync(header, stored, key ?? header.ObjectKey ?? name, versionId, cancellationToken).ConfigureAwait(false);
        var path = header.Path;
        if (header.Encryption != EncryptionAlgorithm.None && header.Kind == ObjectKind.FileData)
        {
            path = await ReadPreambleAsync(body, name, versionId, cancellationToken).ConfigureAwait(false);
        }

        var (sha256, size) = await CopyHashingAsync(body, destination, cancellationToken).ConfigureAwait(false);
        if (header.ContentSha256 is not null)
        {
            RequireHash(header, Convert.FromHexString(sha256), name, versionId);
        }

        return new DecodedObject(header, path, size, sha256);
    }

    private async Task<Stream> EncodeFileAsync(string key, string backupPath, Sha256Digest expectedDigest, Transforms transforms, Stream contents, CancellationToken cancellationToken)
    {
        var expected = new byte[SHA256.HashSizeInBytes];
        expectedDigest.WriteTo(expected);
        if ((transforms & (Transforms.Compress | Transforms.Encrypt)) == 0)
        {
            var plainHeader = new ObjectHeader { Kind = ObjectKind.FileData, Path = backupPath, ContentSha256 = expected }.Encode();
            return new PrefixedReadStream(plainHeader, contents);
        }

        var (header, sealer) = await BuildChunkedHeaderAsync(key, ObjectKind.FileData, backupPath, expected, transforms, cancellationToken).ConfigureAwait(false);
        var source = sealer is null ? contents : new PrefixedReadStream(Preamble(backupPath), contents);
        return new ChunkEncodingStream(source, header, _pipelines.ChunkSize, transforms.HasFlag(Transforms.Compress), sealer);
    }

    private async Task<(byte[] Header, ChunkSealer? Sealer)> BuildChunkedHeaderAsync(string key, ObjectKind kind, string? path, byte[] contentSha256, Transforms transforms, CancellationToken cancellationToken)
    {
        var compression = transforms.HasFlag(Transforms.Compress) ? CompressionAlgorithm.Brotli : CompressionAlgorithm.None;
        if (!transforms.HasFlag(Transforms.Encrypt))
        {
            var plain = new ObjectHeader { Kind = kind, Compression = compression, ChunkSize = _pipelines.ChunkSize, Path = path, ContentSha256 = contentSha256 };
            return (plain.Encode(), null);
        }

        var dataKey = await DataKeyAsync(create: false, cancellationToken).ConfigureAwait(false);
        var cipher = _pipelines.Cipher;
        var noncePrefix = RandomNumberGenerator.GetBytes(ChunkSealer.NoncePrefixSize(cipher));
        var header = new ObjectHeader
        {
            Kind = kind,
            Compression = compression,
            Encryption = cipher,
            ChunkSize = _pipelines.ChunkSize,
            KeyId = dataKey.KeyId,
            NoncePrefix = noncePrefix,
            ObjectKey = key,
        }.Encode();
        return (header, new ChunkSealer(dataKey, cipher, noncePrefix, header));
    }

    private async Task<Stream> OpenBodyAsync(ObjectHeader header, Stream stored, string key, string? versionId, CancellationToken cancellationToken)
    {
        if (!header.IsChunked)
        {
            if (header.Encryption != EncryptionAlgorithm.None || header.Compression != CompressionAlgorithm.None)
            {
                throw Error.Corrupt(key, versionId, "its header names a transform but no chunk size");
            }

            return stored;
        }

        ChunkSealer? sealer = null;
        if (header.Encryption != EncryptionAlgorithm.None)
        {
            sealer = await SealerForAsync(header, key, versionId, cancellationToken).ConfigureAwait(false);
        }

        return new ChunkDecodingStream(stored, header.ChunkSize!.Value, sealer, key, versionId);
    }

    private async Task<ChunkSealer> SealerForAsync(ObjectHeader header, string key, string? versionId, CancellationToken cancellationToken)
    {
        if (header.ObjectKey is null || header.KeyId is null || header.NoncePrefix is null || header.RawBytes is null
            || header.NoncePrefix.Length != ChunkSealer.NoncePrefixSize(header.Encryption))
        {
            throw Error.Corrupt(key, versionId, "its header lacks the key id, nonce prefix or object key that encryption needs");
        }

        if (header.ObjectKey != key)
        {
            throw Error.Corrupt(key, versionId, $"it was written as '{header.ObjectKey}': another object was put in its place");
        }

        var dataKey = await DataKeyAsync(create: false, cancellationToken).ConfigureAwait(false);
        if (!header.KeyId.AsSpan().SequenceEqual(dataKey.KeyId))
        {
            throw new RRBackupException(ErrorCodes.ForeignKey, ErrorKind.Data,
                $"object '{key}'{(versionId is null ? "" : $" version '{versionId}'")} was sealed with data key {Convert.ToHexStringLower(header.KeyId)}, " +
                $"not this store's key {Convert.ToHexStringLower(dataKey.KeyId)}");
        }

        return new ChunkSealer(dataKey, header.Encryption, header.NoncePrefix, header.RawBytes);
    }

    private async Task<DataKey> DataKeyAsync(bool create, CancellationToken cancellationToken)
    {
        if (_dataKey is not null)
        {
            return _dataKey;
        }

        await _keyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _dataKey ??= await _keys.OpenAsync(create, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _keyLock.Release();
        }
    }

    private static byte[] Preamble(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        var preamble = new byte[2 + bytes.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(preamble, checked((ushort)bytes.Length));
        bytes.CopyTo(preamble, 2);
        return preamble;
    }

    private static async Task<string> ReadPreambleAsync(Stream body, string key, string? versionId, CancellationToken cancellationToken)
    {
        try
        {
            var length = new byte[2];
            await body.ReadExactlyAsync(length, cancellationToken).ConfigureAwait(false);
            var path = new byte[BinaryPrimitives.ReadUInt16LittleEndian(length)];
            await body.ReadExactlyAsync(path, cancellationToken).ConfigureAwait(false);
            return Encoding.UTF8.GetString(path);
        }
        catch (EndOfStreamException e)
        {
            throw Error.Corrupt(key, versionId, "its sealed path is cut short", e);
        }
    }

    private static async Task<(string Sha256, long Size)> CopyHashingAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Scanning.ContentHasher.BufferSize);
        try
        {
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, Scanning.ContentHasher.BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                size += read;
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void RequireHash(ObjectHeader header, byte[] actual, string key, string? versionId)
    {
        if (header.ContentSha256 is null)
        {
            throw Error.Corrupt(key, versionId, "its header has no content hash, which unencrypted objects always carry");
        }

        if (!actual.AsSpan().SequenceEqual(header.ContentSha256))
        {
            throw Error.Corrupt(key, versionId, "its contents do not match the hash in its header (changed or truncated)");
        }
    }
}
