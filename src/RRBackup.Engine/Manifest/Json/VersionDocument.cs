namespace RRBackup.Engine.Manifest.Json;

/// <summary>A version summary in the local manifest cache.</summary>
internal sealed class VersionDocument
{
    public string Id { get; set; } = "";

    public long Sequence { get; set; }

    public string? Parent { get; set; }

    public DateTimeOffset Time { get; set; }

    public string? Message { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public long Files { get; set; }

    public long Bytes { get; set; }

    public long Changes { get; set; }
}
