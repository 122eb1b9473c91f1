namespace RRBackup.Engine.Manifest.Json;

/// <summary>The gc log as stored: what a commit in flight is about to write.</summary>
internal sealed class GcLogDocument
{
    public int Format { get; set; }

    public string? Parent { get; set; }

    /// <summary>The writer that made it (the id kept beside its local manifest cache).</summary>
    public string? Writer { get; set; }

    public DateTimeOffset Time { get; set; }

    public List<string> Keys { get; set; } = [];
}
