namespace RRBackup.Engine.Streams;

/// <summary>The framing of a chunked body (docs/format.md, "Chunks").</summary>
/// <remarks>
/// Each frame is a u32 little-endian length whose top bit marks the last chunk, then the payload:
/// a flag byte (bit 0: Brotli-compressed, bit 7: last chunk) and the chunk's data, the whole payload
/// sealed when the object is encrypted.
/// </remarks>
internal static class ChunkFormat
{
    public const uint LastFrameBit = 0x8000_0000;
    public const byte CompressedFlag = 0x01;
    public const byte LastFlag = 0x80;
    public const int LengthSize = 4;
    public const int FlagSize = 1;
    public const int MaxTagSize = 32;
    public const int BrotliQuality = 1;
    public const int BrotliWindow = 22;
}
