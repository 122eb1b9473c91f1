namespace RRBackup.Engine.Crypto;

/// <summary>Argon2id's cost: chosen when a store is created and kept in its salt object.</summary>
/// <param name="MemoryKib">Memory in KiB.</param>
/// <param name="Passes">Passes over the memory.</param>
/// <param name="Parallelism">Lanes (libsodium computes one).</param>
public sealed record KdfParameters(long MemoryKib, long Passes, int Parallelism)
{
    /// <summary>64 MiB and 3 passes: about 0.2 s here, once per command.</summary>
    public static readonly KdfParameters Default = new(64 * 1024, 3, 1);
}
