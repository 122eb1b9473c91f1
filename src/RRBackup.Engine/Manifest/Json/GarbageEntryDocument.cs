namespace RRBackup.Engine.Manifest.Json;

/// <summary>One object version in the garbage log.</summary>
internal sealed class GarbageEntryDocument
{
    public string Key { get; set; } = "";

    public string Version { get; set; } = "";
}
