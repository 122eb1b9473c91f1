using Microsoft.Win32.SafeHandles;
using RRBackup.Engine.Platform;

namespace RRBackup.Engine.Restore;

/// <summary>A write-only stream that appends to a file handle with plain synchronous writes, even when called asynchronously.</summary>
/// <remarks>
/// Asynchronous file writes on Linux are synchronous writes moved to the thread pool: for the small
/// files a restore is mostly made of, the hop costs more than the write into the page cache. The
/// stream has no buffer of its own (the decoder hands it whole blocks) and does not own the handle;
/// the path only names the file in errors.
/// </remarks>
internal sealed class HandleWriteStream(SafeFileHandle handle, string path) : Stream
{
    private long _position;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (PosixFiles.IsAvailable)
        {
            PosixFiles.Write(handle, buffer, path);
        }
        else
        {
            RandomAccess.Write(handle, buffer, _position);
        }

        _position += buffer.Length;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
