using Microsoft.Win32.SafeHandles;

namespace RRBackup.Engine.Streams;

/// <summary>Reads a local file from its start, synchronously even when asked asynchronously, with no buffer of its own.</summary>
/// <remarks>
/// A FileStream's asynchronous read on Linux is a synchronous read run on another thread-pool
/// thread; for the small files most backups are made of, that round trip costs more than the read,
/// and a FileStream's own buffer would be copied through for nothing, since callers read in large blocks.
/// </remarks>
internal sealed class LocalFileReadStream : Stream
{
    private readonly SafeFileHandle _handle;
    private long _position;

    private LocalFileReadStream(SafeFileHandle handle)
    {
        _handle = handle;
    }

    /// <summary>Opens a file for reading, letting others read, write or delete it meanwhile.</summary>
    /// <param name="path">The file.</param>
    /// <param name="sequential">Whether to ask the kernel for a larger read-ahead (a hint worth a system call only for large files).</param>
    public static LocalFileReadStream Open(string path, bool sequential) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            sequential ? FileOptions.SequentialScan : FileOptions.None));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => RandomAccess.GetLength(_handle);

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = RandomAccess.Read(_handle, buffer, _position);
        _position += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
