namespace RRBackup.Engine.Manifest.Json;

/// <summary>The garbage log as stored: object versions a write-only client would have deleted.</summary>
internal sealed class GarbageLogDocument
{
    public int Format { get; set; }

    public string? Writer { get; set; }

    public DateTimeOffset Time { get; set; }

    public List<GarbageEntryDocument> Entries { get; set; } = [];
}
