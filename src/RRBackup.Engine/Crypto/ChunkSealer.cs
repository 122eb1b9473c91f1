using System.Buffers.Binary;
using NSec.Cryptography;
using RRBackup.Engine.Objects;

namespace RRBackup.Engine.Crypto;

/// <summary>Seals and opens the chunks of one object (docs/format.md, "Chunks").</summary>
/// <remarks>
/// Each chunk's nonce is the object's random prefix, the chunk's index (7 bytes, little-endian) and
/// a last-chunk flag, and its associated data is the object's header as stored. So a chunk moved
/// within or between objects, a dropped final chunk, and any change to the header all fail to open.
/// </remarks>
internal sealed class ChunkSealer
{
    private const int CounterBytes = 7;
    private readonly AeadAlgorithm _algorithm;
    private readonly Key _key;
    private readonly byte[] _noncePrefix;
    private readonly byte[] _associatedData;

    public ChunkSealer(DataKey dataKey, EncryptionAlgorithm algorithm, byte[] noncePrefix, byte[] associatedData)
    {
        _algorithm = Algorithm(algorithm);
        _key = dataKey.KeyFor(algorithm);
        _noncePrefix = noncePrefix;
        _associatedData = associatedData;
        if (noncePrefix.Length != NoncePrefixSize(algorithm))
        {
            throw new ArgumentException($"a {algorithm} nonce prefix has {NoncePrefixSize(algorithm)} bytes", nameof(noncePrefix));
        }
    }

    public int TagSize => _algorithm.TagSize;

    public static int NoncePrefixSize(EncryptionAlgorithm algorithm) => Algorithm(algorithm).NonceSize - CounterBytes - 1;

    public static int TagSizeOf(EncryptionAlgorithm algorithm) => Algorithm(algorithm).TagSize;

    /// <summary>Seals <paramref name="plaintext"/> into <paramref name="sealed"/>, which must hold plaintext plus tag.</summary>
    public void Seal(long index, bool isLast, ReadOnlySpan<byte> plaintext, Span<byte> @sealed)
    {
        Span<byte> nonce = stackalloc byte[_algorithm.NonceSize];
        BuildNonce(index, isLast, nonce);
        _algorithm.Encrypt(_key, nonce, _associatedData, plaintext, @sealed[..(plaintext.Length + TagSize)]);
    }

    /// <summary>Opens a sealed chunk; false when it was changed, moved, or sealed under another key or header.</summary>
    public bool TryOpen(long index, bool isLast, ReadOnlySpan<byte> @sealed, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[_algorithm.NonceSize];
        BuildNonce(index, isLast, nonce);
        return _algorithm.Decrypt(_key, nonce, _associatedData, @sealed, plaintext[..(@sealed.Length - TagSize)]);
    }

    private void BuildNonce(long index, bool isLast, Span<byte> nonce)
    {
        _noncePrefix.CopyTo(nonce);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(counter, index);
        counter[..CounterBytes].CopyTo(nonce[_noncePrefix.Length..]);
        nonce[^1] = isLast ? (byte)1 : (byte)0;
    }

    private static AeadAlgorithm Algorithm(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.XChaCha20Poly1305 => AeadAlgorithm.XChaCha20Poly1305,
        EncryptionAlgorithm.Aegis256 => AeadAlgorithm.Aegis256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an encryption algorithm"),
    };
}
