namespace RRBackup.Engine.Objects;

/// <summary>How an object's body is compressed (header field 0x01).</summary>
public enum CompressionAlgorithm : byte
{
    None = 0,
}
