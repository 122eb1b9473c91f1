using Microsoft.Build.Framework;
using RRBackup.Engine;
using RRBackup.Engine.Configuration;

namespace RRBackup.MSBuild;

/// <summary>Every version, oldest first, as items: what `rrbackup list_versions` shows.</summary>
/// <example>
/// <code><![CDATA[
/// <RRBackupListVersions ConfigFile="configuration.ini">
///   <Output TaskParameter="Versions" ItemName="BackupVersion" />
/// </RRBackupListVersions>
/// <Message Importance="high" Text="%(BackupVersion.Time) %(BackupVersion.FileCount) files [%(BackupVersion.Labels)] %(BackupVersion.Identity)" />
/// ]]></code>
/// </example>
public sealed class RRBackupListVersions : RRBackupTask
{
    /// <summary>
    /// One item per version, oldest first; the item spec is the version id. Metadata: VersionId, Sequence,
    /// ParentVersionId, Time (ISO 8601, UTC), Message, Labels ("build=77;git=abc123"), FileCount, TotalBytes, ChangeCount.
    /// </summary>
    [Output]
    public ITaskItem[] Versions { get; private set; } = [];

    /// <summary>The newest version's id; empty when nothing has been committed yet.</summary>
    [Output]
    public string LatestVersionId { get; private set; } = "";

    protected override async Task ExecuteAsync(BackupEngine engine, CancellationToken cancellationToken)
    {
        var versions = await engine.ListVersionsAsync(cancellationToken).ConfigureAwait(false);
        Versions = [.. versions.Select(v => TaskItems.Create(v.VersionId)
            .With("VersionId", v.VersionId)
            .With("Sequence", v.Sequence)
            .With("ParentVersionId", v.ParentVersionId)
            .With("Time", v.Time)
            .With("Message", v.Message)
            .With("Labels", TaskItems.Labels(v.Labels))
            .With("FileCount", v.FileCount)
            .With("TotalBytes", v.TotalBytes)
            .With("ChangeCount", v.ChangeCount))];
        LatestVersionId = versions.Count == 0 ? "" : versions[^1].VersionId;
        Log.LogMessage(MessageImportance.Normal, $"RRBackupListVersions: {versions.Count} versions");
    }
}
