using System.Runtime.CompilerServices;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Storage.Decorators;

/// <summary>
/// Passes every call through to another store, numbering the calls, and makes exactly one of them, the
/// <see cref="FailAt"/>-th, fail in the way <see cref="Fault"/> says: for tests that sweep a fault over
/// every step of a commit.
/// </summary>
/// <remarks>
/// Guarantees:
/// <list type="bullet">
/// <item>Every call of the eight store operations (prepare, put, get, list versions, list keys, delete
/// version, put delete marker, flush) gets the next number, 1, 2, 3, …, in the order the calls start,
/// also when they start on several threads at once. A key listing is numbered when its enumeration
/// starts. <see cref="Description"/>, <see cref="PreferredConcurrency"/>,
/// <see cref="AbortUnfinishedUploadsAsync"/> and disposal are passed through and not numbered.</item>
/// <item>Exactly one call fails: the one numbered <see cref="FailAt"/> (none when it is 0, or when
/// fewer calls are made). Every other call, before and after it, is passed through unchanged, so a
/// run with <see cref="FailAt"/> = 0 counts the operations of a clean run.</item>
/// <item>The failure is an <see cref="RRBackupException"/> with code <see cref="ErrorCodes.StoreFailure"/>
/// and kind <see cref="ErrorKind.Store"/>, naming the store, the operation, the key and the call's
/// number, exactly as a real store failure would reach the engine. With <see cref="StoreFault.Timeout"/>
/// and <see cref="StoreFault.LostReply"/> its inner exception is a <see cref="TimeoutException"/>.</item>
/// <item>With <see cref="StoreFault.Throw"/>, <see cref="StoreFault.ShortWrite"/> and
/// <see cref="StoreFault.Timeout"/> the failing call changes nothing in the store: no put is stored
/// (not even part of one), nothing is deleted. With <see cref="StoreFault.LostReply"/> it has taken
/// full effect before it fails.</item>
/// <item>A <see cref="StoreFault.ShortWrite"/> put reads half of its content: half of the stream's
/// length when the stream can tell it; a stream that cannot (an encrypted object's) is read to its end,
/// as an upload that broke just before it finished would be. Either way nothing is stored.</item>
/// <item>A <see cref="StoreFault.ShortWrite"/> get reads the whole object into memory and hands out its
/// first half, then fails: meant for test-sized objects.</item>
/// <item>A <see cref="StoreFault.Timeout"/> waits <see cref="TimeoutDelay"/> first; cancelling the
/// call's token ends the wait with an <see cref="OperationCanceledException"/> instead.</item>
/// </list>
/// </remarks>
public sealed class FaultInjectingStore(IVersionedObjectStore inner) : IVersionedObjectStore
{
    private readonly Lock _gate = new();
    private readonly List<StoreOperation> _operations = [];
    private StoreOperation? _injected;

    /// <summary>The number of the call that fails (1 for the first); 0 for none.</summary>
    public int FailAt { get; init; }

    /// <summary>How the call numbered <see cref="FailAt"/> fails.</summary>
    public StoreFault Fault { get; init; } = StoreFault.Throw;

    /// <summary>How long a <see cref="StoreFault.Timeout"/> waits before it fails.</summary>
    public TimeSpan TimeoutDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How many calls were made so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _operations.Count;
            }
        }
    }

    /// <summary>Every call so far, in the order they started; the n-th call is at index n − 1.</summary>
    public IReadOnlyList<StoreOperation> Operations
    {
        get
        {
            lock (_gate)
            {
                return [.. _operations];
            }
        }
    }

    /// <summary>The call that was made to fail, once it has been made; null before (or when none will be).</summary>
    public StoreOperation? Injected
    {
        get
        {
            lock (_gate)
            {
                return _injected;
            }
        }
    }

    public string Description => inner.Description;

    public int PreferredConcurrency => inner.PreferredConcurrency;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (Next(StoreOperationKind.Prepare, null) is { } number)
        {
            await FailAsync(number, "prepare", null, () => inner.PrepareAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        await inner.PrepareAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> PutAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        if (Next(StoreOperationKind.Put, key) is not { } number)
        {
            return await inner.PutAsync(key, content, durability, cancellationToken).ConfigureAwait(false);
        }

        if (Fault == StoreFault.ShortWrite)
        {
            var read = await ReadHalfAsync(content, cancellationToken).ConfigureAwait(false);
            throw Failure(number, "put", key, new IOException($"the connection broke after {read} byte(s) of the upload were sent"));
        }

        await FailAsync(number, "put", key, () => inner.PutAsync(key, content, durability, cancellationToken), cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable");
    }

    public async Task<Stream> GetAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        if (Next(StoreOperationKind.Get, key) is not { } number)
        {
            return await inner.GetAsync(key, versionId, cancellationToken).ConfigureAwait(false);
        }

        if (Fault == StoreFault.ShortWrite)
        {
            var stream = await inner.GetAsync(key, versionId, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                var bytes = copy.ToArray();
                return new BreakingReadStream(bytes.AsMemory(0, bytes.Length / 2), () => Failure(number, "get", key,
                    new IOException($"the connection broke after {bytes.Length / 2} of {bytes.Length} byte(s) of the object were received")));
            }
        }

        await FailAsync(number, "get", key, async () =>
        {
            var stream = await inner.GetAsync(key, versionId, cancellationToken).ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable");
    }

    public async Task<IReadOnlyList<ObjectVersion>> ListVersionsAsync(string key, CancellationToken cancellationToken)
    {
        if (Next(StoreOperationKind.ListVersions, key) is { } number)
        {
            await FailAsync(number, "list versions of", key, () => inner.ListVersionsAsync(key, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return await inner.ListVersionsAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Next(StoreOperationKind.ListKeys, prefix) is not { } number)
        {
            await foreach (var key in inner.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                yield return key;
            }

            yield break;
        }

        if (Fault == StoreFault.ShortWrite)
        {
            var keys = new List<string>();
            await foreach (var key in inner.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            foreach (var key in keys.Take(keys.Count / 2))
            {
                yield return key;
            }

            throw Failure(number, "list keys under", prefix, new IOException($"the connection broke after {keys.Count / 2} of {keys.Count} key(s) were listed"));
        }

        await FailAsync(number, "list keys under", prefix, async () =>
        {
            await foreach (var _ in inner.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteVersionAsync(string key, string versionId, CancellationToken cancellationToken)
    {
        if (Next(StoreOperationKind.DeleteVersion, key) is { } number)
        {
            await FailAsync(number, $"delete version '{versionId}' of", key, () => inner.DeleteVersionAsync(key, versionId, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        await inner.DeleteVersionAsync(key, versionId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> PutDeleteMarkerAsync(string key, CancellationToken cancellationToken)
    {
        if (Next(StoreOperationKind.PutDeleteMarker, key) is { } number)
        {
            await FailAsync(number, "put a delete marker on", key, () => inner.PutDeleteMarkerAsync(key, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return await inner.PutDeleteMarkerAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (Next(StoreOperationKind.Flush, null) is { } number)
        {
            await FailAsync(number, "flush", null, () => inner.FlushAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Passed through, neither numbered nor failed: it is housekeeping outside the eight operations the sweep covers.</summary>
    public Task AbortUnfinishedUploadsAsync(string key, CancellationToken cancellationToken) => inner.AbortUnfinishedUploadsAsync(key, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Numbers a call; returns its number when it is the one to fail, else null.</summary>
    private int? Next(StoreOperationKind kind, string? key)
    {
        lock (_gate)
        {
            var operation = new StoreOperation(kind, key);
            _operations.Add(operation);
            if (_operations.Count != FailAt)
            {
                return null;
            }

            _injected = operation;
            return FailAt;
        }
    }

    /// <summary>Fails the call numbered <paramref name="number"/> as <see cref="Fault"/> says (ShortWrite of puts, gets and listings is handled by the caller); never returns.</summary>
    private async Task FailAsync(int number, string operation, string? key, Func<Task> performOnStore, CancellationToken cancellationToken)
    {
        switch (Fault)
        {
            case StoreFault.Timeout:
                await Task.Delay(TimeoutDelay, cancellationToken).ConfigureAwait(false);
                throw Failure(number, operation, key, new TimeoutException($"the store did not answer within {TimeoutDelay.TotalMilliseconds:0} ms"));
            case StoreFault.LostReply:
                await performOnStore().ConfigureAwait(false);
                throw Failure(number, operation, key, new TimeoutException("the store acted on the request, but its answer was lost"));
            default:
                throw Failure(number, operation, key, new IOException("the connection was refused"));
        }
    }

    private RRBackupException Failure(int number, string operation, string? key, Exception cause) =>
        new(ErrorCodes.StoreFailure, ErrorKind.Store,
            $"{inner.Description}: {operation}{(key is null ? "" : $" '{key}'")} failed (injected fault #{number}, {Fault}): {cause.Message}", cause);

    /// <summary>Reads half of a put's content: half its length when the stream tells it, else all of it.</summary>
    private static async Task<long> ReadHalfAsync(Stream content, CancellationToken cancellationToken)
    {
        long? half;
        try
        {
            half = (content.Length - (content.CanSeek ? content.Position : 0)) / 2;
        }
        catch (NotSupportedException)
        {
            half = null;
        }

        var buffer = new byte[81920];
        long read = 0;
        while (half is null || read < half)
        {
            var want = half is null ? buffer.Length : (int)Math.Min(buffer.Length, half.Value - read);
            var n = await content.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }

    /// <summary>A read-only stream over some bytes that fails once they are used up: a body cut short.</summary>
    private sealed class BreakingReadStream(ReadOnlyMemory<byte> data, Func<Exception> failure) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.Length == 0)
            {
                return 0;
            }

            if (_position == data.Length)
            {
                throw failure();
            }

            var n = Math.Min(buffer.Length, data.Length - _position);
            data.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
