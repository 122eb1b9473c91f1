namespace RRBackup.Engine.Manifest.Json;

/// <summary>A checkpoint as stored: the history's summaries and the full manifest at one version.</summary>
internal sealed class CheckpointDocument
{
    public int Format { get; set; }

    /// <summary>The manifest diff version the checkpoint stands for.</summary>
    public string At { get; set; } = "";

    public long Sequence { get; set; }

    public DateTimeOffset ScanTime { get; set; }

    public List<VersionDocument> Versions { get; set; } = [];

    public List<EntryDocument> Entries { get; set; } = [];
}
