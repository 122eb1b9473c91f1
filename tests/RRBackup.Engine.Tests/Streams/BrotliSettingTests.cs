using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using RRBackup.Engine.Streams;

namespace RRBackup.Engine.Tests.Streams;

/// <summary>
/// The Brotli quality and window are the writer's choice, not part of the format: chunks written with the
/// earlier setting (quality 1, window 22) and with the largest window decode like today's.
/// </summary>
[TestFixture]
public sealed class BrotliSettingTests
{
    [TestCase(1, 22)]
    [TestCase(0, 18)]
    [TestCase(5, 24)]
    public void A_chunk_compressed_with_any_quality_and_window_decodes(int quality, int window)
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i % 613} of the earlier writer\n")));
        var compressed = new byte[text.Length];
        Assert.That(BrotliEncoder.TryCompress(text, compressed, out var length, quality, window), Is.True);

        using var stored = new MemoryStream(Frame(compressed.AsSpan(0, length)));
        using var decoded = new ChunkDecodingStream(stored, 1 << 20, null, "files/earlier.txt", null);
        using var plain = new MemoryStream();
        decoded.CopyTo(plain);

        Assert.That(plain.ToArray(), Is.EqualTo(text));
    }

    /// <summary>One last chunk, unencrypted, flagged compressed (docs/format.md, "Chunks").</summary>
    private static byte[] Frame(ReadOnlySpan<byte> compressed)
    {
        var frame = new byte[ChunkFormat.LengthSize + ChunkFormat.FlagSize + compressed.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(ChunkFormat.FlagSize + compressed.Length) | ChunkFormat.LastFrameBit);
        frame[ChunkFormat.LengthSize] = ChunkFormat.CompressedFlag | ChunkFormat.LastFlag;
        compressed.CopyTo(frame.AsSpan(ChunkFormat.LengthSize + ChunkFormat.FlagSize));
        return frame;
    }
}
