namespace RRBackup.Engine.Crypto.Json;

/// <summary>The key object's body: the data key sealed under the key-encryption key.</summary>
internal sealed class KeyDocument
{
    public int Format { get; set; }

    public string KeyId { get; set; } = "";

    public string Wrap { get; set; } = "";

    public string Nonce { get; set; } = "";

    public string Wrapped { get; set; } = "";
}
