namespace RRBackup.Engine.Objects;

/// <summary>How an object's chunks are sealed (header field 0x02).</summary>
public enum EncryptionAlgorithm : byte
{
    None = 0,

    /// <summary>XChaCha20-Poly1305 (24-byte nonce, 16-byte tag).</summary>
    XChaCha20Poly1305 = 1,

    /// <summary>AEGIS-256 (32-byte nonce, 32-byte tag); several times faster where the CPU has AES instructions.</summary>
    Aegis256 = 2,
}
