namespace RRBackup.Engine.Storage.Decorators;

/// <summary>How <see cref="FaultInjectingStore"/> makes its chosen operation fail.</summary>
public enum StoreFault
{
    /// <summary>
    /// The operation fails at once, as a refused connection would, and never reaches the store: nothing
    /// is read from a put's content, nothing is written, read, listed or deleted.
    /// </summary>
    Throw,

    /// <summary>
    /// The transfer breaks half way. A put reads the first half of its content and then fails, storing
    /// nothing (a real store never keeps a partial put). A get opens the object and returns a stream
    /// that yields the first half of its bytes and then fails. A key listing yields the first half of
    /// the keys and then fails. Every other operation fails as <see cref="Throw"/> does.
    /// </summary>
    ShortWrite,

    /// <summary>
    /// The operation waits for the configured delay (honouring cancellation) and then fails with a
    /// store error whose inner exception is a <see cref="TimeoutException"/>. The store never saw it.
    /// </summary>
    Timeout,

    /// <summary>
    /// The operation reaches the store and takes effect there (a put is stored, a delete deletes), and
    /// then fails as if the answer had been lost on the way back (a timeout after the server acted).
    /// A get's stream is closed before the failure. This is the fault that leaves the store ahead of
    /// what the caller believes.
    /// </summary>
    LostReply,
}
