using Microsoft.Build.Framework;
using RRBackup.Engine;
using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;

namespace RRBackup.MSBuild;

/// <summary>Commits base_path (or <see cref="BasePath"/>) as a new version: what `rrbackup [--message M] [--label K=V]...` does.</summary>
/// <example>
/// <code><![CDATA[
/// <RRBackupCommit ConfigFile="configuration.ini" BasePath="$(OutDir)" Labels="build=$(BuildNumber);git=$(GitCommit)" Message="CI build">
///   <Output TaskParameter="VersionId" PropertyName="BackupVersion" />
/// </RRBackupCommit>
/// ]]></code>
/// </example>
public sealed class RRBackupCommit : RRBackupTask
{
    /// <summary>A message shown by list_versions.</summary>
    public string? Message { get; set; }

    /// <summary>Labels as KEY=VALUE, in the MSBuild list idiom: "build=77;git=abc123". With labels, a version is made even when nothing changed.</summary>
    public string[] Labels { get; set; } = [];

    /// <summary>The folder to commit instead of the configuration's base_path (such as $(OutDir)); relative to the project folder.</summary>
    public string? BasePath { get; set; }

    /// <summary>The new version's id; empty when nothing changed and no labels were given, so no version was made.</summary>
    [Output]
    public string VersionId { get; private set; } = "";

    /// <summary>The new version's position in the history, from 1; 0 when no version was made.</summary>
    [Output]
    public long Sequence { get; private set; }

    [Output]
    public int Added { get; private set; }

    [Output]
    public int Changed { get; private set; }

    [Output]
    public int Deleted { get; private set; }

    [Output]
    public int Moved { get; private set; }

    [Output]
    public int Touched { get; private set; }

    /// <summary>How many files the version holds.</summary>
    [Output]
    public long FileCount { get; private set; }

    /// <summary>How many file objects the commit wrote.</summary>
    [Output]
    public int ObjectsUploaded { get; private set; }

    /// <summary>How many bytes of file contents the commit wrote.</summary>
    [Output]
    public long BytesUploaded { get; private set; }

    protected override string CancelledOutcome => "nothing was committed; the next commit removes what the interrupted one uploaded";

    protected override BackupConfiguration Configure(BackupConfiguration config) =>
        string.IsNullOrWhiteSpace(BasePath) ? config : config with { BasePath = ResolvePath(BasePath) };

    protected override async Task ExecuteAsync(BackupEngine engine, CancellationToken cancellationToken)
    {
        var options = new CommitOptions { Message = string.IsNullOrEmpty(Message) ? null : Message, Labels = ParseLabels(Labels) };
        var result = await engine.CommitAsync(options, cancellationToken).ConfigureAwait(false);
        FileCount = result.FileCount;
        if (result.NoChange)
        {
            Log.LogMessage(MessageImportance.High,
                $"RRBackupCommit: no changes in '{engine.Configuration.BasePath}' since the last version; no new version was made ({result.FileCount} files).");
            return;
        }

        VersionId = result.VersionId!;
        Sequence = result.Sequence;
        Added = result.Added;
        Changed = result.Changed;
        Deleted = result.Deleted;
        Moved = result.Moved;
        Touched = result.Touched;
        ObjectsUploaded = result.ObjectsUploaded;
        BytesUploaded = result.BytesUploaded;
        Log.LogMessage(MessageImportance.High,
            $"RRBackupCommit: committed '{engine.Configuration.BasePath}' as version {result.VersionId} (#{result.Sequence}): {result.Added} added, " +
            $"{result.Changed} changed, {result.Deleted} deleted, {result.Moved} moved, {result.Touched} touched; " +
            $"{result.ObjectsUploaded} objects ({result.BytesUploaded} bytes) uploaded; {result.FileCount} files in the version.");
    }

    /// <summary>"KEY=VALUE" pairs, as the CLI's --label takes them: the key is the text before the first '=', a later pair wins.</summary>
    internal static Dictionary<string, string> ParseLabels(IEnumerable<string>? pairs)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var text = pair.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Usage($"Labels: '{text}' is not of the form KEY=VALUE (labels are given as \"build=77;git=abc123\")");
            }

            labels[text[..equals]] = text[(equals + 1)..];
        }

        return labels;
    }
}
