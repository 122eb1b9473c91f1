namespace RRBackup.Engine.Manifest.Json;

/// <summary>A manifest diff as stored (docs/format.md, "Manifest diffs").</summary>
internal sealed class DiffDocument
{
    public int Format { get; set; }

    public long Sequence { get; set; }

    public string? Parent { get; set; }

    public DateTimeOffset Time { get; set; }

    public DateTimeOffset ScanTime { get; set; }

    public string? Message { get; set; }

    /// <summary>The writer that made the diff; optional.</summary>
    public string? Writer { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public List<EntryDocument> Changes { get; set; } = [];
}
