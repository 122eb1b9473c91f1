namespace RRBackup.Engine.Pipeline;

/// <summary>What a pipeline does to an object; always applied hash_names, compress, encrypt on the way out, in reverse on the way in.</summary>
[Flags]
public enum Transforms
{
    None = 0,

    /// <summary>Store a file under a keyed hash of its path, so names do not leak.</summary>
    HashNames = 1,

    /// <summary>Compress each chunk that shrinks.</summary>
    Compress = 2,

    /// <summary>Seal each chunk with the data key.</summary>
    Encrypt = 4,
}
