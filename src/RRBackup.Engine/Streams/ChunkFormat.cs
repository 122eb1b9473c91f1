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

    /// <summary>
    /// Brotli's fastest setting. Measured on English-like text in 1 MiB chunks on this project's 2-core
    /// machine: quality 0, window 18 compresses at about 245 MiB/s to 1/2.38 of the size; quality 1,
    /// window 22 (what earlier writers used) at about 150 MiB/s to 1/2.67. Readers need neither value.
    /// </summary>
    public const int BrotliQuality = 0;

    public const int BrotliWindow = 18;
}
