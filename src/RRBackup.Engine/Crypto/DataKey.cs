using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using RRBackup.Engine.Objects;

namespace RRBackup.Engine.Crypto;

/// <summary>The random key that seals every object of a store, and the keys derived from it.</summary>
/// <remarks>The only type, with <see cref="KeyRing"/> and <see cref="ChunkSealer"/>, that touches NSec.</remarks>
public sealed class DataKey : IDisposable
{
    public const int Size = 32;
    private readonly byte[] _raw;
    private readonly Key _xchacha;
    private readonly Key _aegis;
    private readonly byte[] _nameKey;

    private DataKey(byte[] raw)
    {
        _raw = raw;
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        _xchacha = Key.Import(AeadAlgorithm.XChaCha20Poly1305, raw, KeyBlobFormat.RawSymmetricKey, parameters);
        _aegis = Key.Import(AeadAlgorithm.Aegis256, raw, KeyBlobFormat.RawSymmetricKey, parameters);
        KeyId = HMACSHA256.HashData(raw, "rrbackup key id"u8)[..8];
        _nameKey = HMACSHA256.HashData(raw, "rrbackup name hashing"u8);
    }

    /// <summary>Eight bytes naming this key in object headers; reveals nothing about the key.</summary>
    public byte[] KeyId { get; }

    public static DataKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    public static DataKey FromBytes(ReadOnlySpan<byte> raw) => new(raw.ToArray());

    /// <summary>The key's bytes, for wrapping it under the password.</summary>
    internal ReadOnlySpan<byte> Raw => _raw;

    /// <summary>The keyed hash under which hash_names stores a path: names never leak, and the same path always maps to one key.</summary>
    public string HashName(string path) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_nameKey, Encoding.UTF8.GetBytes(path)));

    internal Key KeyFor(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.XChaCha20Poly1305 => _xchacha,
        EncryptionAlgorithm.Aegis256 => _aegis,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an encryption algorithm"),
    };

    public void Dispose()
    {
        _xchacha.Dispose();
        _aegis.Dispose();
        CryptographicOperations.ZeroMemory(_raw);
        CryptographicOperations.ZeroMemory(_nameKey);
    }
}
