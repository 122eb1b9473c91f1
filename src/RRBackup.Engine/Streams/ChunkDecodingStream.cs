using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using RRBackup.Engine.Crypto;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Streams;

/// <summary>Reads a chunked body back as the original contents, checking every chunk as it goes.</summary>
/// <remarks>
/// A chunk that fails authentication, a missing last chunk, a chunk out of place, or bytes after the
/// last chunk all end the read with a corrupt-object error naming the object.
/// </remarks>
internal sealed class ChunkDecodingStream : Stream
{
    private readonly Stream _stored;
    private readonly int _chunkSize;
    private readonly ChunkSealer? _sealer;
    private readonly string _key;
    private readonly string? _versionId;
    private readonly byte[] _payload;
    private readonly byte[] _plain;
    private readonly byte[] _output;
    private int _outputPosition;
    private int _outputLength;
    private long _index;
    private bool _sawLast;
    private bool _finished;
    private bool _returned;

    public ChunkDecodingStream(Stream stored, int chunkSize, ChunkSealer? sealer, string key, string? versionId)
    {
        _stored = stored;
        _chunkSize = chunkSize;
        _sealer = sealer;
        _key = key;
        _versionId = versionId;
        _payload = ArrayPool<byte>.Shared.Rent(ChunkFormat.FlagSize + chunkSize + ChunkFormat.MaxTagSize);
        _plain = ArrayPool<byte>.Shared.Rent(ChunkFormat.FlagSize + chunkSize + ChunkFormat.MaxTagSize);
        _output = ArrayPool<byte>.Shared.Rent(chunkSize);
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
        while (_outputPosition == _outputLength)
        {
            if (_finished)
            {
                return 0;
            }

            if (_sawLast)
            {
                await RequireEndAsync(cancellationToken).ConfigureAwait(false);
                _finished = true;
                return 0;
            }

            await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
        }

        var n = Math.Min(buffer.Length, _outputLength - _outputPosition);
        _output.AsMemory(_outputPosition, n).CopyTo(buffer);
        _outputPosition += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_returned)
        {
            _returned = true;
            _stored.Dispose();
            ArrayPool<byte>.Shared.Return(_payload);
            ArrayPool<byte>.Shared.Return(_plain);
            ArrayPool<byte>.Shared.Return(_output);
        }

        base.Dispose(disposing);
    }

    private async Task ReadFrameAsync(CancellationToken cancellationToken)
    {
        var lengthBytes = new byte[ChunkFormat.LengthSize];
        if (!await ReadFullyAsync(lengthBytes, cancellationToken).ConfigureAwait(false))
        {
            throw Corrupt($"it ends after chunk {_index - 1} without its last chunk (truncated)");
        }

        var word = BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        var isLast = (word & ChunkFormat.LastFrameBit) != 0;
        var length = (int)(word & ~ChunkFormat.LastFrameBit);
        var tag = _sealer?.TagSize ?? 0;
        if (length < ChunkFormat.FlagSize + tag || length > ChunkFormat.FlagSize + _chunkSize + tag)
        {
            throw Corrupt($"chunk {_index} has the impossible length {length}");
        }

        if (!await ReadFullyAsync(_payload.AsMemory(0, length), cancellationToken).ConfigureAwait(false))
        {
            throw Corrupt($"it ends inside chunk {_index} (truncated)");
        }

        var plain = Open(_payload.AsSpan(0, length), isLast);
        Expand(plain, isLast);
        _sawLast = isLast;
        _index++;
    }

    private ReadOnlySpan<byte> Open(ReadOnlySpan<byte> payload, bool isLast)
    {
        if (_sealer is null)
        {
            return payload;
        }

        if (!_sealer.TryOpen(_index, isLast, payload, _plain))
        {
            throw Corrupt($"chunk {_index} fails authentication: it was changed, moved, cut short, or belongs to another object");
        }

        return _plain.AsSpan(0, payload.Length - _sealer.TagSize);
    }

    private void Expand(ReadOnlySpan<byte> plain, bool isLast)
    {
        var flag = plain[0];
        if (((flag & ChunkFormat.LastFlag) != 0) != isLast)
        {
            throw Corrupt($"chunk {_index} disagrees with its frame on being the last");
        }

        var data = plain[1..];
        if ((flag & ChunkFormat.CompressedFlag) != 0)
        {
            if (!BrotliDecoder.TryDecompress(data, _output.AsSpan(0, _chunkSize), out _outputLength))
            {
                throw Corrupt($"chunk {_index} does not decompress");
            }
        }
        else
        {
            data.CopyTo(_output);
            _outputLength = data.Length;
        }

        if (!isLast && _outputLength != _chunkSize)
        {
            throw Corrupt($"chunk {_index} holds {_outputLength} bytes where a full chunk of {_chunkSize} is required");
        }

        _outputPosition = 0;
    }

    private async Task RequireEndAsync(CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        if (await _stored.ReadAsync(probe, cancellationToken).ConfigureAwait(false) != 0)
        {
            throw Corrupt("it has data after its last chunk");
        }
    }

    private async Task<bool> ReadFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await _stored.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }

    private RRBackupException Corrupt(string problem) => Error.Corrupt(_key, _versionId, problem);
}
