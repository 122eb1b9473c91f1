using System.Buffers.Binary;
using System.Text;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Objects;

/// <summary>The self-describing header at the start of every stored object (docs/format.md).</summary>
/// <remarks>
/// Layout: magic "RRBK", format version (1 byte), object kind (1 byte), length of the field area
/// (u16 little-endian), then fields, each a tag (1 byte), a length (u16 little-endian) and a value.
/// </remarks>
public sealed record ObjectHeader
{
    public const byte CurrentFormatVersion = 1;
    public const int FixedPartLength = 8;

    /// <summary>The largest chunk a reader accepts, so a corrupt header cannot make it allocate without bound.</summary>
    public const int MaxChunkSize = 16 << 20;
    private static readonly byte[] Magic = "RRBK"u8.ToArray();

    public required ObjectKind Kind { get; init; }

    public CompressionAlgorithm Compression { get; init; } = CompressionAlgorithm.None;

    public EncryptionAlgorithm Encryption { get; init; } = EncryptionAlgorithm.None;

    /// <summary>The size of the body's chunks, or null when the body is not chunked.</summary>
    public int? ChunkSize { get; init; }

    /// <summary>The backed-up path a file object holds, so data survives the loss of the manifest.</summary>
    public string? Path { get; init; }

    /// <summary>The SHA-256 of the original content (before any transform); never set on encrypted objects.</summary>
    public byte[]? ContentSha256 { get; init; }

    /// <summary>Which data key sealed the object (8 bytes), on encrypted objects.</summary>
    public byte[]? KeyId { get; init; }

    /// <summary>The random per-object start of every chunk's nonce, on encrypted objects.</summary>
    public byte[]? NoncePrefix { get; init; }

    /// <summary>The key the object was written under, on encrypted objects: sealed into every chunk, so a swapped object is detected.</summary>
    public string? ObjectKey { get; init; }

    /// <summary>Whether the body is a sequence of chunks rather than the raw contents.</summary>
    public bool IsChunked => ChunkSize is not null;

    /// <summary>The header exactly as read from the store; the associated data of every sealed chunk.</summary>
    public byte[]? RawBytes { get; init; }

    public byte[] Encode()
    {
        using var fields = new MemoryStream();
        WriteField(fields, HeaderField.Compression, [(byte)Compression]);
        WriteField(fields, HeaderField.Encryption, [(byte)Encryption]);
        if (ChunkSize is { } chunkSize)
        {
            var value = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(value, chunkSize);
            WriteField(fields, HeaderField.ChunkSize, value);
        }

        if (Path is not null)
        {
            WriteField(fields, HeaderField.Path, Encoding.UTF8.GetBytes(Path));
        }

        if (ContentSha256 is not null)
        {
            WriteField(fields, HeaderField.ContentSha256, ContentSha256);
        }

        if (KeyId is not null)
        {
            WriteField(fields, HeaderField.KeyId, KeyId);
        }

        if (NoncePrefix is not null)
        {
            WriteField(fields, HeaderField.NoncePrefix, NoncePrefix);
        }

        if (ObjectKey is not null)
        {
            WriteField(fields, HeaderField.ObjectKey, Encoding.UTF8.GetBytes(ObjectKey));
        }

        if (fields.Length > ushort.MaxValue)
        {
            throw new InvalidOperationException("object header fields exceed 65535 bytes");
        }

        var header = new byte[FixedPartLength + fields.Length];
        Magic.CopyTo(header, 0);
        header[4] = CurrentFormatVersion;
        header[5] = (byte)Kind;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)fields.Length);
        fields.ToArray().CopyTo(header, FixedPartLength);
        return header;
    }

    /// <summary>Reads a header from the start of <paramref name="stream"/>, leaving it at the body.</summary>
    /// <param name="stream">The object, positioned at its start.</param>
    /// <param name="key">The object's key, for messages.</param>
    /// <param name="versionId">The object's version, for messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<ObjectHeader> ReadAsync(Stream stream, string key, string? versionId, CancellationToken cancellationToken)
    {
        var fixedPart = new byte[FixedPartLength];
        await ReadExactlyAsync(stream, fixedPart, key, versionId, cancellationToken).ConfigureAwait(false);
        if (!fixedPart.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw Error.Corrupt(key, versionId, "it does not start with the rrbackup magic bytes 'RRBK'");
        }

        if (fixedPart[4] > CurrentFormatVersion || fixedPart[4] == 0)
        {
            throw new RRBackupException(ErrorCodes.UnsupportedFormat, ErrorKind.Data,
                $"object '{key}' has header format version {fixedPart[4]}, which this rrbackup cannot read (it reads up to {CurrentFormatVersion}); upgrade rrbackup");
        }

        var fields = new byte[BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(6))];
        await ReadExactlyAsync(stream, fields, key, versionId, cancellationToken).ConfigureAwait(false);
        var header = Decode((ObjectKind)fixedPart[5], fields, key, versionId);
        return header with { RawBytes = [.. fixedPart, .. fields] };
    }

    /// <summary>Reads a header and checks that the object is of the expected kind.</summary>
    public static async Task<ObjectHeader> ReadExpectingAsync(Stream stream, ObjectKind expected, string key, string? versionId, CancellationToken cancellationToken)
    {
        var header = await ReadAsync(stream, key, versionId, cancellationToken).ConfigureAwait(false);
        if (header.Kind != expected)
        {
            throw Error.Corrupt(key, versionId, $"it holds a {header.Kind} object where a {expected} object was expected");
        }

        return header;
    }

    private static ObjectHeader Decode(ObjectKind kind, ReadOnlySpan<byte> fields, string key, string? versionId)
    {
        var header = new ObjectHeader { Kind = kind };
        while (fields.Length > 0)
        {
            if (fields.Length < 3)
            {
                throw Error.Corrupt(key, versionId, "its header ends inside a field");
            }

            var tag = fields[0];
            var length = BinaryPrimitives.ReadUInt16LittleEndian(fields[1..]);
            if (fields.Length < 3 + length)
            {
                throw Error.Corrupt(key, versionId, $"its header field 0x{tag:x2} runs past the header's end");
            }

            header = WithField(header, tag, fields.Slice(3, length), key, versionId);
            fields = fields[(3 + length)..];
        }

        return header;
    }

    private static ObjectHeader WithField(ObjectHeader header, byte tag, ReadOnlySpan<byte> value, string key, string? versionId)
    {
        switch (tag)
        {
            case HeaderField.Compression when value.Length == 1:
                return header with { Compression = KnownOrThrow<CompressionAlgorithm>(value[0], "compression", key) };
            case HeaderField.Encryption when value.Length == 1:
                return header with { Encryption = KnownOrThrow<EncryptionAlgorithm>(value[0], "encryption", key) };
            case HeaderField.ChunkSize when value.Length == 4 && BinaryPrimitives.ReadInt32LittleEndian(value) is >= 1 and <= MaxChunkSize:
                return header with { ChunkSize = BinaryPrimitives.ReadInt32LittleEndian(value) };
            case HeaderField.Path:
                return header with { Path = Encoding.UTF8.GetString(value) };
            case HeaderField.ContentSha256 when value.Length == 32:
                return header with { ContentSha256 = value.ToArray() };
            case HeaderField.KeyId when value.Length == 8:
                return header with { KeyId = value.ToArray() };
            case HeaderField.NoncePrefix when value.Length is > 0 and <= 24:
                return header with { NoncePrefix = value.ToArray() };
            case HeaderField.ObjectKey:
                return header with { ObjectKey = Encoding.UTF8.GetString(value) };
            case HeaderField.ChunkSize when value.Length == 4 && BinaryPrimitives.ReadInt32LittleEndian(value) is < 1 or > MaxChunkSize:
                throw Error.Corrupt(key, versionId, $"its chunk size {BinaryPrimitives.ReadInt32LittleEndian(value)} is outside 1..{MaxChunkSize}");
            case HeaderField.Compression or HeaderField.Encryption or HeaderField.ChunkSize or HeaderField.ContentSha256 or HeaderField.KeyId or HeaderField.NoncePrefix:
                throw Error.Corrupt(key, versionId, $"its header field 0x{tag:x2} has the wrong length {value.Length}");
            case >= HeaderField.CriticalBit:
                throw new RRBackupException(ErrorCodes.UnsupportedFormat, ErrorKind.Data,
                    $"object '{key}' needs header feature 0x{tag:x2}, which this rrbackup does not know; upgrade rrbackup");
            default:
                return header; // an optional field from a later version
        }
    }

    private static T KnownOrThrow<T>(byte value, string what, string key)
        where T : struct, Enum
    {
        var algorithm = (T)Enum.ToObject(typeof(T), value);
        if (!Enum.IsDefined(algorithm))
        {
            throw new RRBackupException(ErrorCodes.UnsupportedFormat, ErrorKind.Data,
                $"object '{key}' uses {what} algorithm {value}, which this rrbackup does not know; upgrade rrbackup");
        }

        return algorithm;
    }

    private static void WriteField(Stream stream, byte tag, ReadOnlySpan<byte> value)
    {
        Span<byte> prefix = stackalloc byte[3];
        prefix[0] = tag;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[1..], checked((ushort)value.Length));
        stream.Write(prefix);
        stream.Write(value);
    }

    private static async Task ReadExactlyAsync(Stream stream, byte[] buffer, string key, string? versionId, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw Error.Corrupt(key, versionId, "it ends inside its header (truncated)", e);
        }
    }
}
