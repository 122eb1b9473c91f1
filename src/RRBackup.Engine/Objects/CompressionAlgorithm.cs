namespace RRBackup.Engine.Objects;

/// <summary>How an object's chunks may be compressed (header field 0x01).</summary>
public enum CompressionAlgorithm : byte
{
    None = 0,

    /// <summary>Brotli, quality 1, per chunk; a chunk that does not shrink is stored raw (docs/format.md, "Chunks").</summary>
    Brotli = 1,
}
