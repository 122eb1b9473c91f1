using System.Buffers;

namespace RRBackup.Engine.Storage.Local;

/// <summary>A read-only stream over the first bytes of an array rented from the shared pool, returned to it when the stream is disposed.</summary>
/// <remarks>
/// A small object read whole into memory: its reads (and async reads) complete at once, with no
/// file handle or thread-pool hop left behind, and the array serves the next object instead of
/// becoming garbage.
/// </remarks>
internal sealed class PooledReadStream : MemoryStream
{
    private byte[]? _rented;

    public PooledReadStream(byte[] rented, int length)
        : base(rented, 0, length, writable: false)
    {
        _rented = rented;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        var rented = Interlocked.Exchange(ref _rented, null);
        if (disposing && rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
