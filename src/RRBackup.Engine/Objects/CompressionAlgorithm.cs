namespace RRBackup.Engine.Objects;

/// <summary>How an object's chunks may be compressed (header field 0x01).</summary>
public enum CompressionAlgorithm : byte
{
    None = 0,

    /// <summary>Brotli per chunk (written at quality 0, window 18); a chunk that does not shrink is stored raw (docs/format.md, "Chunks").</summary>
    Brotli = 1,
}
