using RRBackup.Engine.Restore;

namespace RRBackup.Cake;

/// <summary>Settings for <see cref="RRBackupAliases.RRBackupDownload(global::Cake.Core.ICakeContext, string, global::Cake.Core.IO.DirectoryPath, RRBackupDownloadSettings)"/>.</summary>
/// <remarks>Patterns use the configuration's pattern syntax (docs/configuration.md, "Patterns"): <c>/logs/**/*.gz</c>, <c>*.tmp</c>.</remarks>
public sealed class RRBackupDownloadSettings : RRBackupSettings
{
    /// <summary>When not empty, only files matching one of these patterns are downloaded.</summary>
    public ICollection<string> Include { get; } = new List<string>();

    /// <summary>Files matching any of these patterns are not downloaded.</summary>
    public ICollection<string> Exclude { get; } = new List<string>();

    /// <summary>
    /// What happens to what is already in the target: <see cref="DownloadMode.Merge"/> (the default) leaves other files alone,
    /// <see cref="DownloadMode.Mirror"/> makes the target exactly the version, <see cref="DownloadMode.Atomic"/> swaps the
    /// whole version in at once; both stamp the target and transfer only what differs from the stamped version next time.
    /// </summary>
    public DownloadMode Mode { get; set; } = DownloadMode.Merge;
}
