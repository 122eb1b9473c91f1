namespace RRBackup.Engine.Streams;

/// <summary>A read-only stream of a prefix (an object header) followed by another stream (the body).</summary>
internal sealed class PrefixedReadStream(ReadOnlyMemory<byte> prefix, Stream body) : Stream
{
    private int _prefixPosition;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => prefix.Length + body.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = ReadPrefix(buffer);
        if (read == 0)
        {
            read = body.Read(buffer);
        }

        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = ReadPrefix(buffer.Span);
        if (read == 0)
        {
            read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int ReadPrefix(Span<byte> buffer)
    {
        var remaining = prefix.Length - _prefixPosition;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var count = Math.Min(remaining, buffer.Length);
        prefix.Span.Slice(_prefixPosition, count).CopyTo(buffer);
        _prefixPosition += count;
        return count;
    }
}
