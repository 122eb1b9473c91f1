namespace RRBackup.Engine.Crypto.Json;

/// <summary>The salt object's body: how the password becomes the key-encryption key.</summary>
internal sealed class SaltDocument
{
    public int Format { get; set; }

    public string Kdf { get; set; } = "";

    public string Salt { get; set; } = "";

    public long MemoryKib { get; set; }

    public long Passes { get; set; }

    public int Parallelism { get; set; }
}
