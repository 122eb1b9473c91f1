namespace RRBackup.Engine.Objects;

/// <summary>What decoding a stored object found.</summary>
/// <param name="Header">Its header.</param>
/// <param name="Path">The backed-up path a file object holds, or null for other objects.</param>
/// <param name="Size">How many bytes of contents it held.</param>
/// <param name="Sha256">The SHA-256 of those contents, lowercase hex.</param>
public sealed record DecodedObject(ObjectHeader Header, string? Path, long Size, string Sha256);
