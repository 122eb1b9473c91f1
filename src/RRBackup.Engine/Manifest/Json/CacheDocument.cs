namespace RRBackup.Engine.Manifest.Json;

/// <summary>The local manifest cache: the head manifest and the history's summaries.</summary>
internal sealed class CacheDocument
{
    public int Format { get; set; }

    public string Store { get; set; } = "";

    public string Head { get; set; } = "";

    public DateTimeOffset ScanTime { get; set; }

    /// <summary>Paths last set by another writer's diff, whose size and time this machine never saw; null when none is known to be verified.</summary>
    public List<string>? Unverified { get; set; }

    public List<VersionDocument> Versions { get; set; } = [];

    public List<EntryDocument> Entries { get; set; } = [];
}
