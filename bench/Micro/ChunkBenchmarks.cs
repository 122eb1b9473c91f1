using System.IO.Compression;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using NSec.Cryptography;

namespace RRBackup.Bench.Micro;

/// <summary>
/// The per-chunk work of a commit, on one 1 MiB chunk (RRBackup's chunk size): SHA-256, Brotli quality 1
/// (window 22, as the engine), AEGIS-256 and XChaCha20-Poly1305 (NSec, as the engine), and the pipeline of
/// hash + compress + encrypt. The engine's own chunk code is internal; these are the same primitive calls.
/// </summary>
[ShortRunJob]
public class ChunkBenchmarks
{
    private const int ChunkSize = 1 << 20;
    private byte[] _input = [];
    private readonly byte[] _compressed = new byte[BrotliEncoder.GetMaxCompressedLength(ChunkSize)];
    private readonly byte[] _sealed = new byte[ChunkSize + 64];
    private readonly byte[] _digest = new byte[32];
    private readonly MemoryStream _sink = new(new byte[2 * ChunkSize]);
    private readonly byte[] _associated = new byte[64];
    private Key _aegis = null!;
    private Key _xchacha = null!;
    private byte[] _aegisNonce = [];
    private byte[] _xchachaNonce = [];

    /// <summary>text: compressible; random: incompressible (Brotli's output is larger, as the engine would store it raw).</summary>
    [Params("text", "random")]
    public string Content { get; set; } = "text";

    [GlobalSetup]
    public void Setup()
    {
        _input = Content == "text" ? Data.Text(ChunkSize, 1) : Data.Random(ChunkSize, 1);
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        var raw = Data.Random(32, 2);
        _aegis = Key.Import(AeadAlgorithm.Aegis256, raw, KeyBlobFormat.RawSymmetricKey, parameters);
        _xchacha = Key.Import(AeadAlgorithm.XChaCha20Poly1305, raw, KeyBlobFormat.RawSymmetricKey, parameters);
        _aegisNonce = Data.Random(AeadAlgorithm.Aegis256.NonceSize, 3);
        _xchachaNonce = Data.Random(AeadAlgorithm.XChaCha20Poly1305.NonceSize, 4);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aegis.Dispose();
        _xchacha.Dispose();
    }

    [Benchmark(Baseline = true), BytesPerOperation(ChunkSize)]
    public int Sha256() => SHA256.HashData(_input, _digest);

    [Benchmark, BytesPerOperation(ChunkSize)]
    public int BrotliQ1()
    {
        BrotliEncoder.TryCompress(_input, _compressed, out var written, 1, 22);
        return written;
    }

    /// <summary>For comparison: Brotli's fastest level.</summary>
    [Benchmark, BytesPerOperation(ChunkSize)]
    public int BrotliQ0()
    {
        BrotliEncoder.TryCompress(_input, _compressed, out var written, 0, 22);
        return written;
    }

    /// <summary>For comparison: zlib's fastest level (Deflate).</summary>
    [Benchmark, BytesPerOperation(ChunkSize)]
    public long DeflateFastest()
    {
        _sink.Position = 0;
        using (var deflate = new DeflateStream(_sink, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(_input);
        }

        return _sink.Position;
    }

    [Benchmark, BytesPerOperation(ChunkSize)]
    public int Aegis256()
    {
        AeadAlgorithm.Aegis256.Encrypt(_aegis, _aegisNonce, _associated, _input, _sealed.AsSpan(0, ChunkSize + AeadAlgorithm.Aegis256.TagSize));
        return _sealed[0];
    }

    [Benchmark, BytesPerOperation(ChunkSize)]
    public int XChaCha20Poly1305()
    {
        AeadAlgorithm.XChaCha20Poly1305.Encrypt(_xchacha, _xchachaNonce, _associated, _input, _sealed.AsSpan(0, ChunkSize + AeadAlgorithm.XChaCha20Poly1305.TagSize));
        return _sealed[0];
    }

    /// <summary>What a chunk of a compress+encrypt file costs: hash it, compress it, seal the smaller of the two.</summary>
    [Benchmark, BytesPerOperation(ChunkSize)]
    public int HashCompressAegis256()
    {
        SHA256.HashData(_input, _digest);
        ReadOnlySpan<byte> payload = BrotliEncoder.TryCompress(_input, _compressed, out var written, 1, 22) && written < ChunkSize - ChunkSize / 32
            ? _compressed.AsSpan(0, written)
            : _input;
        AeadAlgorithm.Aegis256.Encrypt(_aegis, _aegisNonce, _associated, payload, _sealed.AsSpan(0, payload.Length + AeadAlgorithm.Aegis256.TagSize));
        return payload.Length;
    }
}
