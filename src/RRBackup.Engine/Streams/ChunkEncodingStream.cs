using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using RRBackup.Engine.Crypto;

namespace RRBackup.Engine.Streams;

/// <summary>Reads as an object: its header, then its source cut into chunks, each compressed and sealed as the pipeline says.</summary>
/// <remarks>Holds two chunks at a time whatever the source's size: one to emit and one read ahead to know which is last.</remarks>
internal sealed class ChunkEncodingStream : Stream
{
    private const int CompressionSample = 64 << 10;
    private readonly Stream _source;
    private readonly byte[] _header;
    private readonly int _chunkSize;
    private readonly bool _compress;
    private readonly ChunkSealer? _sealer;
    private readonly byte[] _frame;
    private readonly byte[] _plain;
    private readonly byte[] _compressed;
    private byte[] _current;
    private byte[] _next;
    private int _currentLength;
    private int _headerPosition;
    private int _framePosition;
    private int _frameLength;
    private long _index;
    private bool _started;
    private bool _done;
    private bool _returned;

    public ChunkEncodingStream(Stream source, byte[] header, int chunkSize, bool compress, ChunkSealer? sealer)
    {
        _source = source;
        _header = header;
        _chunkSize = chunkSize;
        _compress = compress;
        _sealer = sealer;
        // Pooled: a commit of many small files would otherwise churn megabytes of large-object heap per file.
        _current = ArrayPool<byte>.Shared.Rent(chunkSize);
        _next = ArrayPool<byte>.Shared.Rent(chunkSize);
        _plain = ArrayPool<byte>.Shared.Rent(ChunkFormat.FlagSize + chunkSize);
        _compressed = compress ? ArrayPool<byte>.Shared.Rent(chunkSize) : [];
        _frame = ArrayPool<byte>.Shared.Rent(ChunkFormat.LengthSize + ChunkFormat.FlagSize + chunkSize + ChunkFormat.MaxTagSize);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_returned)
        {
            _returned = true;
            ArrayPool<byte>.Shared.Return(_current);
            ArrayPool<byte>.Shared.Return(_next);
            ArrayPool<byte>.Shared.Return(_plain);
            ArrayPool<byte>.Shared.Return(_frame);
            if (_compress)
            {
                ArrayPool<byte>.Shared.Return(_compressed);
            }
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_headerPosition < _header.Length)
        {
            var count = Math.Min(buffer.Length, _header.Length - _headerPosition);
            _header.AsMemory(_headerPosition, count).CopyTo(buffer);
            _headerPosition += count;
            return count;
        }

        while (_framePosition == _frameLength)
        {
            if (_done)
            {
                return 0;
            }

            await ProduceFrameAsync(cancellationToken).ConfigureAwait(false);
        }

        var n = Math.Min(buffer.Length, _frameLength - _framePosition);
        _frame.AsMemory(_framePosition, n).CopyTo(buffer);
        _framePosition += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task ProduceFrameAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _currentLength = await FillAsync(_current, cancellationToken).ConfigureAwait(false);
            _started = true;
        }

        var nextLength = 0;
        if (_currentLength == _chunkSize)
        {
            nextLength = await FillAsync(_next, cancellationToken).ConfigureAwait(false);
        }

        var isLast = nextLength == 0;
        var payloadLength = BuildPayload(_current.AsSpan(0, _currentLength), isLast);
        var length = (uint)payloadLength | (isLast ? ChunkFormat.LastFrameBit : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(_frame, length);
        _frameLength = ChunkFormat.LengthSize + payloadLength;
        _framePosition = 0;
        _index++;

        if (isLast)
        {
            _done = true;
        }
        else
        {
            (_current, _next) = (_next, _current);
            _currentLength = nextLength;
        }
    }

    private int BuildPayload(ReadOnlySpan<byte> data, bool isLast)
    {
        var flag = isLast ? ChunkFormat.LastFlag : (byte)0;
        if (TryCompress(data, out var compressedLength))
        {
            flag |= ChunkFormat.CompressedFlag;
            data = _compressed.AsSpan(0, compressedLength);
        }

        var plainLength = ChunkFormat.FlagSize + data.Length;
        var output = _frame.AsSpan(ChunkFormat.LengthSize);
        if (_sealer is null)
        {
            output[0] = flag;
            data.CopyTo(output[1..]);
            return plainLength;
        }

        _plain[0] = flag;
        data.CopyTo(_plain.AsSpan(1));
        _sealer.Seal(_index, isLast, _plain.AsSpan(0, plainLength), output);
        return plainLength + _sealer.TagSize;
    }

    /// <summary>Compresses a chunk when that pays; a sample first, so incompressible data costs little.</summary>
    private bool TryCompress(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        if (!_compress || data.Length < 64)
        {
            return false;
        }

        if (data.Length > CompressionSample * 2)
        {
            var sample = data[..CompressionSample];
            if (!BrotliEncoder.TryCompress(sample, _compressed, out var sampleLength, ChunkFormat.BrotliQuality, ChunkFormat.BrotliWindow)
                || sampleLength > sample.Length * 9 / 10)
            {
                return false;
            }
        }

        return BrotliEncoder.TryCompress(data, _compressed.AsSpan(0, data.Length - data.Length / 32), out length, ChunkFormat.BrotliQuality, ChunkFormat.BrotliWindow);
    }

    private async Task<int> FillAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < _chunkSize)
        {
            var read = await _source.ReadAsync(buffer.AsMemory(filled, _chunkSize - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
