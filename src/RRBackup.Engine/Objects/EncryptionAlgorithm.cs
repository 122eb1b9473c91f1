namespace RRBackup.Engine.Objects;

/// <summary>How an object's body is encrypted (header field 0x02).</summary>
public enum EncryptionAlgorithm : byte
{
    None = 0,
}
