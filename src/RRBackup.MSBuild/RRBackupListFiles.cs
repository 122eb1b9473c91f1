using Microsoft.Build.Framework;
using RRBackup.Engine;
using RRBackup.Engine.Configuration;

namespace RRBackup.MSBuild;

/// <summary>The files of a version as items: what `rrbackup list_files VERSION` shows.</summary>
/// <example>
/// <code><![CDATA[
/// <RRBackupListFiles ConfigFile="configuration.ini" Version="latest">
///   <Output TaskParameter="Files" ItemName="BackedUpFile" />
/// </RRBackupListFiles>
/// ]]></code>
/// </example>
public sealed class RRBackupListFiles : RRBackupTask
{
    /// <summary>The version: 'latest', a version id, a unique prefix of one, or 'label:KEY=VALUE'.</summary>
    [Required]
    public string Version { get; set; } = "";

    /// <summary>
    /// One item per file, in path order; the item spec is the path in the backup ("/bin/app.dll"). Metadata:
    /// Path (the same), Size, Modified (ISO 8601, UTC), Sha256, VersionId.
    /// </summary>
    [Output]
    public ITaskItem[] Files { get; private set; } = [];

    /// <summary>The id of the version listed.</summary>
    [Output]
    public string VersionId { get; private set; } = "";

    protected override async Task ExecuteAsync(BackupEngine engine, CancellationToken cancellationToken)
    {
        var files = await engine.ListFilesAsync(Version, cancellationToken).ConfigureAwait(false);
        VersionId = files.Version.VersionId;
        Files = [.. files.Files.Select(f => TaskItems.Create(f.Path)
            .With("Path", f.Path)
            .With("Size", f.Size)
            .With("Modified", new DateTimeOffset(f.ModifiedUtc, TimeSpan.Zero))
            .With("Sha256", f.Sha256)
            .With("VersionId", files.Version.VersionId))];
        Log.LogMessage(MessageImportance.Normal, $"RRBackupListFiles: {Files.Length} files in version {VersionId}");
    }
}
