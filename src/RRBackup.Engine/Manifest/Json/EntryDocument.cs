namespace RRBackup.Engine.Manifest.Json;

/// <summary>A manifest entry or change as stored (docs/format.md, "Manifest diffs").</summary>
internal sealed class EntryDocument
{
    public string? Op { get; set; }

    public string Path { get; set; } = "";

    public string? From { get; set; }

    public long? Size { get; set; }

    public long? MtimeNs { get; set; }

    public string? Sha256 { get; set; }

    public string? Key { get; set; }

    public string? Version { get; set; }

    /// <summary>A symbolic link's target; present only for links.</summary>
    public string? Link { get; set; }
}
