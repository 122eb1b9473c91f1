namespace RRBackup.Engine.Manifest.Json;

/// <summary>The local manifest cache: the head manifest and the history's summaries.</summary>
internal sealed class CacheDocument
{
    public int Format { get; set; }

    public string Store { get; set; } = "";

    public string Head { get; set; } = "";

    public DateTimeOffset ScanTime { get; set; }

    public List<VersionDocument> Versions { get; set; } = [];

    public List<EntryDocument> Entries { get; set; } = [];
}
