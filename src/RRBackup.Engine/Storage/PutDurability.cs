namespace RRBackup.Engine.Storage;

/// <summary>When a put must be durable: the commit flushes file objects once, and writes its commit point durably.</summary>
public enum PutDurability
{
    /// <summary>Durable after the next <see cref="IVersionedObjectStore.FlushAsync"/>.</summary>
    AtNextFlush,

    /// <summary>Durable when the put returns.</summary>
    Immediate,
}
