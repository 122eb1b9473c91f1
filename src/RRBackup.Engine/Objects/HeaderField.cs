namespace RRBackup.Engine.Objects;

/// <summary>The tags of the header's fields (docs/format.md, "Object header").</summary>
/// <remarks>A reader skips a field it does not know unless its tag has the high bit set (critical).</remarks>
internal static class HeaderField
{
    public const byte Compression = 0x01;
    public const byte Encryption = 0x02;
    public const byte ChunkSize = 0x03;
    public const byte Path = 0x04;
    public const byte ContentSha256 = 0x05;
    public const byte KeyId = 0x06;
    public const byte NoncePrefix = 0x07;
    public const byte ObjectKey = 0x08;

    public const byte CriticalBit = 0x80;
}
