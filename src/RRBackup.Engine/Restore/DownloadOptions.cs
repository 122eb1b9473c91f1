using RRBackup.Engine.Patterns;

namespace RRBackup.Engine.Restore;

/// <summary>Which part of a version to download.</summary>
public sealed record DownloadOptions
{
    public static readonly DownloadOptions Everything = new();

    /// <summary>When not empty, only paths matching one of these are downloaded.</summary>
    public PathPatternList Include { get; init; } = PathPatternList.Empty;

    /// <summary>Paths matching any of these are not downloaded.</summary>
    public PathPatternList Exclude { get; init; } = PathPatternList.Empty;

    /// <summary>What happens to what is already in the target.</summary>
    public DownloadMode Mode { get; init; } = DownloadMode.Merge;
}
